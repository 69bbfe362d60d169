import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ADMIN_ROLES, type AdminRole } from '@kios/projections';

/** What a signed-in person's cookie holds; the user is looked up again on every request. */
export interface AdminSession {
  user: string;
  role: AdminRole;
  /** Epoch ms after which the session is refused. */
  expiresAt: number;
  /** The CSRF token every non-GET request of this session must carry (`_csrf` or `x-csrf-token`). */
  csrf: string;
}

export const SESSION_COOKIE = 'kios_admin_session';
/** The cookie is sent only to the admin pages and API, never to DANA's endpoints. */
export const SESSION_COOKIE_PATH = '/admin';

const sign = (payload: string, secret: string): Buffer =>
  createHmac('sha256', secret).update(payload, 'utf8').digest();

export function newSession(user: string, role: AdminRole, now: Date, ttlMs: number): AdminSession {
  return { user, role, expiresAt: now.getTime() + ttlMs, csrf: randomBytes(32).toString('base64url') };
}

/**
 * `<payload>.<signature>`, both base64url: the payload is the session as JSON, the signature its
 * HMAC-SHA256 under KIOS_SESSION_SECRET, so any replica with the same secret accepts it and nobody
 * without it can make or change one.
 */
export function sealSession(session: AdminSession, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify({ u: session.user, r: session.role, e: session.expiresAt, n: session.csrf }),
    'utf8',
  ).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

/** The session a cookie value carries, when its signature holds and it has not expired. */
export function openSession(value: string, secret: string, now: Date): AdminSession | undefined {
  const [payload, signature, ...rest] = value.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let fields: { u?: unknown; r?: unknown; e?: unknown; n?: unknown };
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const { u, r, e, n } = fields;
  if (typeof u !== 'string' || typeof e !== 'number' || typeof n !== 'string') return undefined;
  if (!ADMIN_ROLES.includes(r as AdminRole) || e <= now.getTime()) return undefined;
  return { user: u, role: r as AdminRole, expiresAt: e, csrf: n };
}

/** Whether `given` is the session's CSRF token, compared in constant time. */
export function csrfMatches(given: unknown, session: AdminSession): boolean {
  if (typeof given !== 'string') return false;
  const a = createHmac('sha256', 'csrf').update(given).digest();
  const b = createHmac('sha256', 'csrf').update(session.csrf).digest();
  return timingSafeEqual(a, b);
}

/** One cookie's value from a Cookie header; undefined when absent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header of a session (or, with `value` empty and no max age, of its removal). */
export function sessionCookieHeader(value: string, maxAgeMs: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    `Path=${SESSION_COOKIE_PATH}`,
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
