import {
  cookieValue,
  csrfMatches,
  newSession,
  openSession,
  sealSession,
  sessionCookieHeader,
} from '../../src/admin/access/session-cookie';
import { signInTarget } from '../../src/admin/access/sign-in-target';

const SECRET = 'a-test-session-secret-of-32-chars!!';
const NOW = new Date('2026-12-05T02:00:00.000Z');
const HOUR = 3_600_000;

describe('admin session cookie', () => {
  it('opens what was sealed with the same secret, on any replica, until it expires', () => {
    const session = newSession('siti', 'auditor', NOW, 8 * HOUR);
    const sealed = sealSession(session, SECRET);
    expect(openSession(sealed, SECRET, new Date(NOW.getTime() + 8 * HOUR - 1))).toEqual(session);
    expect(openSession(sealed, SECRET, new Date(NOW.getTime() + 8 * HOUR))).toBeUndefined();
  });

  it('refuses a cookie sealed with another secret, or with its payload changed', () => {
    const sealed = sealSession(newSession('siti', 'auditor', NOW, HOUR), SECRET);
    expect(openSession(sealed, `${SECRET}-other`, NOW)).toBeUndefined();
    const [payload, signature] = sealed.split('.');
    const promoted = Buffer.from(
      Buffer.from(payload, 'base64url').toString('utf8').replace('"auditor"', '"admin"'),
    ).toString('base64url');
    expect(openSession(`${promoted}.${signature}`, SECRET, NOW)).toBeUndefined();
    expect(openSession(`${payload}.`, SECRET, NOW)).toBeUndefined();
    expect(openSession('garbage', SECRET, NOW)).toBeUndefined();
  });

  it('gives each session its own CSRF token, matched only by that token', () => {
    const first = newSession('siti', 'admin', NOW, HOUR);
    const second = newSession('siti', 'admin', NOW, HOUR);
    expect(first.csrf).not.toBe(second.csrf);
    expect(csrfMatches(first.csrf, first)).toBe(true);
    expect(csrfMatches(second.csrf, first)).toBe(false);
    expect(csrfMatches(undefined, first)).toBe(false);
    expect(csrfMatches(['x'], first)).toBe(false);
  });

  it('is HttpOnly, SameSite=Strict, for /admin only, Secure when the browser came over TLS', () => {
    expect(sessionCookieHeader('v', 8 * HOUR, false)).toBe(
      'kios_admin_session=v; Path=/admin; Max-Age=28800; HttpOnly; SameSite=Strict',
    );
    expect(sessionCookieHeader('v', 8 * HOUR, true)).toMatch(/; Secure$/);
    expect(cookieValue('a=1; kios_admin_session=abc.def; b=2', 'kios_admin_session')).toBe('abc.def');
    expect(cookieValue('a=1', 'kios_admin_session')).toBeUndefined();
  });
});

describe('the page to return to after signing in', () => {
  it.each([
    ['/admin/orders/REQ-1/timeline', '/admin/orders/REQ-1/timeline'],
    ['/admin/orders?destination=0812', '/admin/orders?destination=0812'],
    [undefined, '/admin/orders'],
    ['https://evil.example/admin/', '/admin/orders'],
    ['//evil.example/admin/', '/admin/orders'],
    ['/\\evil.example', '/admin/orders'],
    ['/admin/\\evil.example', '/admin/orders'],
    ['/admin/../health', '/admin/orders'],
    ['/admin/sign-in?next=/admin/x', '/admin/orders'],
    ['/docs', '/admin/orders'],
  ])('%s goes to %s', (next, target) => {
    expect(signInTarget(next)).toBe(target);
  });
});
