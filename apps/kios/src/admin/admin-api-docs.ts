/** How the OpenAPI document groups and explains the admin and auditor routes. */
export const ADMIN_TAG = 'Admin and auditors';
export const ADMIN_AUTH =
  'no session (sign in at /admin/sign-in; a page asked for by a browser is sent there, 303) and no valid Authorization: Bearer <KIOS_ADMIN_TOKEN>';
export const ADMIN_ONLY =
  'an auditor asked for an admin action, or a session request came without its CSRF token (_csrf or x-csrf-token)';
/** The OpenAPI security scheme of scripts on the admin routes: a bearer token, KIOS_ADMIN_TOKEN. */
export const ADMIN_SECURITY = 'admin-token';
/** The OpenAPI security scheme of people on the admin routes: the session cookie /admin/sign-in sets. */
export const ADMIN_SESSION_SECURITY = 'admin-session';
