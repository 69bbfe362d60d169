import { sign, verify, type KeyObject } from 'node:crypto';
import { rawMember } from './raw-member';

/**
 * DANA Open API signature (SPEC §2.1): SHA256withRSA, PKCS#1 v1.5 padding, standard base64 with
 * padding, over the UTF-8 bytes of a text. RSA KeyObjects default to PKCS#1 v1.5 padding.
 */
export function signText(text: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');
}

export function verifyText(text: string, signatureBase64: string, publicKey: KeyObject): boolean {
  const signature = decodeBase64(signatureBase64);
  if (!signature) return false;
  try {
    return verify('sha256', Buffer.from(text, 'utf8'), publicKey, signature);
  } catch {
    // A key of the wrong kind or a malformed signature is simply "not verified".
    return false;
  }
}

export type EnvelopeMember = 'request' | 'response';

export type SignatureCheck = { ok: true; via: 'raw' | 'compact' } | { ok: false; reason: string };

/**
 * Verifies a received envelope (SPEC §2.4): first over the exact text of `member` as it appears in
 * the body, then over its compact re-serialisation with the original key order (what JULO does in
 * production), accepting either.
 */
export function verifySignedBody(
  bodyText: string,
  member: EnvelopeMember,
  publicKey: KeyObject,
): SignatureCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (!isJsonObject(parsed)) return { ok: false, reason: 'body is not a JSON object' };
  const content = parsed[member];
  if (!isJsonObject(content)) return { ok: false, reason: `missing ${member} object` };
  const signature = parsed.signature;
  if (typeof signature !== 'string' || signature.length === 0)
    return { ok: false, reason: 'missing signature' };
  if (!decodeBase64(signature)) return { ok: false, reason: 'signature is not base64' };

  const raw = rawMember(bodyText, member);
  if (raw !== undefined && verifyText(raw, signature, publicKey)) return { ok: true, via: 'raw' };
  const compact = JSON.stringify(content);
  if (compact !== raw && verifyText(compact, signature, publicKey)) return { ok: true, via: 'compact' };
  return { ok: false, reason: 'signature does not match' };
}

/** Strict standard base64 with padding; anything else (URL-safe, unpadded, stray characters) is refused. */
function decodeBase64(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
