/** Where a signed-in person goes when the sign-in page was not sent a page to return to. */
export const AFTER_SIGN_IN = '/admin/orders';

/**
 * The page to return to after signing in: only a path of kios's own admin pages, never another site
 * (`//evil.example`, `https://…`, `/\evil.example`), so the sign-in page is no open redirect.
 */
export function signInTarget(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/admin/') || /[\\\s]/.test(next)) return AFTER_SIGN_IN;
  const base = 'http://kios.invalid';
  const url = new URL(next, base);
  if (url.origin !== base || !url.pathname.startsWith('/admin/') || url.pathname.startsWith('/admin/sign-')) {
    return AFTER_SIGN_IN;
  }
  return `${url.pathname}${url.search}`;
}
