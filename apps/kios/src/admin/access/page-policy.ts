/**
 * The Content-Security-Policy of the admin pages: inline CSS only, no script, no external asset;
 * forms post to kios only, and no other site may frame a page (clickjacking a rebuild button).
 */
export const ADMIN_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
