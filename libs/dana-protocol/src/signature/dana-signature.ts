import { KeyObject, sign, verify } from 'node:crypto';
import { rawMember } from './raw-member';

/*
 * DANA Open API signature (docs/dana-protocol.md §2.1): SHA256withRSA, PKCS#1 v1.5 padding, standard base64 with
 * padding, over the UTF-8 bytes of a text. RSA KeyObjects default to PKCS#1 v1.5 padding.
 *
 * Each operation comes twice. The `…Async` forms run the RSA work in libuv's thread pool (Node's
 * `crypto.sign`/`crypto.verify` with a callback), so a server signing and verifying on every
 * request uses every core instead of blocking its one JavaScript thread; both forms sign and
 * verify exactly the same bytes. The synchronous forms serve callers that sign outside a server's
 * hot path (DanaClient presigning, the callback sender, tests).
 */

export function signText(text: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');
}

export function signTextAsync(text: string, privateKey: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(text, 'utf8'), privateKey, (error, signature) =>
      error ? reject(error) : resolve(signature.toString('base64')),
    );
  });
}

export function verifyText(text: string, signatureBase64: string, publicKey: KeyObject): boolean {
  const signature = decodeBase64(signatureBase64);
  return signature !== undefined && verifyBytes(text, signature, publicKey);
}

export type EnvelopeMember = 'request' | 'response';

export type SignatureCheck = { ok: true; via: 'raw' | 'compact' } | { ok: false; reason: string };

/**
 * DANA's public key, or its keys while it rotates one (current first, then next, loadPublicKeys): a
 * signature made with either is DANA's.
 */
export type DanaPublicKeys = KeyObject | readonly KeyObject[];

const keysOf = (keys: DanaPublicKeys): readonly KeyObject[] => (keys instanceof KeyObject ? [keys] : keys);

/**
 * Verifies a received envelope (docs/dana-protocol.md §2.4): first over the exact text of `member` as it appears in
 * the body, then over its compact re-serialisation with the original key order (what JULO does in
 * production), accepting either, under any of DANA's keys.
 */
export function verifySignedBody(
  bodyText: string,
  member: EnvelopeMember,
  publicKeys: DanaPublicKeys,
): SignatureCheck {
  const signed = signedTexts(bodyText, member);
  if (!signed.ok) return signed;
  for (const { via, text } of signed.candidates) {
    for (const publicKey of keysOf(publicKeys)) {
      if (verifyBytes(text, signed.signature, publicKey)) return { ok: true, via };
    }
  }
  return NO_MATCH;
}

/** `verifySignedBody` with the RSA work off the JavaScript thread; the same texts in the same order. */
export async function verifySignedBodyAsync(
  bodyText: string,
  member: EnvelopeMember,
  publicKeys: DanaPublicKeys,
): Promise<SignatureCheck> {
  const signed = signedTexts(bodyText, member);
  if (!signed.ok) return signed;
  for (const { via, text } of signed.candidates) {
    for (const publicKey of keysOf(publicKeys)) {
      if (await verifyBytesAsync(text, signed.signature, publicKey)) return { ok: true, via };
    }
  }
  return NO_MATCH;
}

const NO_MATCH: SignatureCheck = { ok: false, reason: 'signature does not match' };

type SignedTexts =
  | { ok: true; signature: Buffer; candidates: { via: 'raw' | 'compact'; text: string }[] }
  | { ok: false; reason: string };

/** The signature of a received envelope and the texts it may have been made over, to try in order. */
function signedTexts(bodyText: string, member: EnvelopeMember): SignedTexts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (!isJsonObject(parsed)) return { ok: false, reason: 'body is not a JSON object' };
  const content = parsed[member];
  if (!isJsonObject(content)) return { ok: false, reason: `missing ${member} object` };
  const signatureBase64 = parsed.signature;
  if (typeof signatureBase64 !== 'string' || signatureBase64.length === 0)
    return { ok: false, reason: 'missing signature' };
  const signature = decodeBase64(signatureBase64);
  if (!signature) return { ok: false, reason: 'signature is not base64' };

  const candidates: { via: 'raw' | 'compact'; text: string }[] = [];
  const raw = rawMember(bodyText, member);
  if (raw !== undefined) candidates.push({ via: 'raw', text: raw });
  const compact = JSON.stringify(content);
  if (compact !== raw) candidates.push({ via: 'compact', text: compact });
  return { ok: true, signature, candidates };
}

function verifyBytes(text: string, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(text, 'utf8'), publicKey, signature);
  } catch {
    // A key of the wrong kind or a malformed signature is simply "not verified".
    return false;
  }
}

function verifyBytesAsync(text: string, signature: Buffer, publicKey: KeyObject): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      verify('sha256', Buffer.from(text, 'utf8'), publicKey, signature, (error, verified) =>
        // As in verifyBytes: a key of the wrong kind or a malformed signature is "not verified".
        resolve(!error && verified),
      );
    } catch {
      resolve(false);
    }
  });
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
