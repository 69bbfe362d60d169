/** How the OpenAPI document groups and explains the admin and auditor routes. */
export const ADMIN_TAG = 'Admin and auditors';
export const ADMIN_AUTH =
  'Authorization: Bearer <KIOS_ADMIN_TOKEN> missing or wrong (the API is absent, 404, when no token is configured)';
/** The OpenAPI security scheme of the admin routes: a bearer token, KIOS_ADMIN_TOKEN. */
export const ADMIN_SECURITY = 'admin-token';
