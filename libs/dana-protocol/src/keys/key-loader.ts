import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Reads the RSA keys of docs/dana-protocol.md §2.3 from configuration text: PEM (PKCS#8 `PRIVATE KEY`, PKCS#1
 * `RSA PRIVATE KEY`, SPKI `PUBLIC KEY`, PKCS#1 `RSA PUBLIC KEY`), bare base64 DER bodies, and env
 * values whose newlines arrive as literal `\n`. Errors name where the key came from and what was
 * expected, never the key text itself (it would end up in logs).
 */
export class KeyFormatError extends Error {
  override readonly name = 'KeyFormatError';
}

const MIN_RSA_BITS = 2048;

const PRIVATE_FORMATS = 'an RSA private key (PKCS#8 or PKCS#1 PEM, or bare base64 DER)';
const PUBLIC_FORMATS = 'an RSA public key (SPKI or PKCS#1 PEM, or bare base64 DER)';

interface KeyKind<DerType extends string> {
  expected: string;
  pemLabels: readonly string[];
  derTypes: readonly DerType[];
  fromPem: (pem: string) => KeyObject;
  fromDer: (der: Buffer, type: DerType) => KeyObject;
}

const PRIVATE_KEY: KeyKind<'pkcs8' | 'pkcs1'> = {
  expected: PRIVATE_FORMATS,
  pemLabels: ['PRIVATE KEY', 'RSA PRIVATE KEY'],
  derTypes: ['pkcs8', 'pkcs1'],
  fromPem: (pem) => createPrivateKey(pem),
  fromDer: (der, type) => createPrivateKey({ key: der, format: 'der', type }),
};

const PUBLIC_KEY: KeyKind<'spki' | 'pkcs1'> = {
  expected: PUBLIC_FORMATS,
  pemLabels: ['PUBLIC KEY', 'RSA PUBLIC KEY'],
  derTypes: ['spki', 'pkcs1'],
  fromPem: (pem) => createPublicKey(pem),
  // OpenSSL would quietly derive a public key from private DER; refuse it like a private PEM.
  fromDer: (der, type) => {
    if (PRIVATE_KEY.derTypes.some((privateType) => attempt(() => PRIVATE_KEY.fromDer(der, privateType)))) {
      throw new Error('private key given where a public key belongs');
    }
    return createPublicKey({ key: der, format: 'der', type });
  },
};

export function loadPrivateKey(text: string, source: string): KeyObject {
  return loadKey(text, source, PRIVATE_KEY);
}

export function loadPublicKey(text: string, source: string): KeyObject {
  return loadKey(text, source, PUBLIC_KEY);
}

/** At most this many of DANA's public keys at once: the current one and the next (docs/dana-protocol.md §2.3). */
export const MAX_DANA_PUBLIC_KEYS = 2;

/**
 * One public key, or two while DANA rotates its key (current first, then next): PEM blocks one
 * after the other, or bare base64 bodies separated by a comma. Each is read as `loadPublicKey` reads
 * one, and named by its place (`source (key 2 of 2)`) when it cannot be.
 */
export function loadPublicKeys(text: string, source: string): KeyObject[] {
  const normalised = normalise(text);
  const pemBlocks = normalised.match(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g);
  const parts = pemBlocks ?? normalised.split(',').map((part) => part.trim());
  if (parts.length > MAX_DANA_PUBLIC_KEYS) {
    throw new KeyFormatError(
      `${source} holds ${parts.length} keys; expected one, or two while DANA rotates its key (current, then next)`,
    );
  }
  if (parts.length === 1) return [loadPublicKey(parts[0], source)];
  return parts.map((part, index) => loadPublicKey(part, `${source} (key ${index + 1} of ${parts.length})`));
}

/** A fresh 2048-bit pair as PKCS#8 + SPKI PEM, the formats DANA's portal takes (docs/dana-protocol.md §2.3). */
export function generateRsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: MIN_RSA_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function loadKey<DerType extends string>(text: string, source: string, kind: KeyKind<DerType>): KeyObject {
  const normalised = normalise(text);
  if (normalised.length === 0) throw new KeyFormatError(`${source} is empty; expected ${kind.expected}`);
  const key = normalised.startsWith('-----BEGIN ')
    ? fromPem(normalised, kind)
    : fromBareBase64(normalised, kind);
  if (!key) throw new KeyFormatError(`${source} could not be read; expected ${kind.expected}`);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KeyFormatError(
      `${source} holds a key of type ${key.asymmetricKeyType ?? 'unknown'}; expected ${kind.expected}`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new KeyFormatError(`${source} holds a ${bits}-bit RSA key; expected at least ${MIN_RSA_BITS} bits`);
  }
  return key;
}

/** Env files and secret stores hand keys over quoted, with `\n` escapes or Windows newlines. */
function normalise(text: string): string {
  let value = text.trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    value = value.slice(1, -1).trim();
  }
  return value.replace(/\\r/g, '').replace(/\\n/g, '\n').replace(/\r/g, '');
}

function fromPem<DerType extends string>(pem: string, kind: KeyKind<DerType>): KeyObject | undefined {
  const label = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  // A private key handed in where a public one belongs is a configuration mistake, not a key to derive from.
  if (!label || !kind.pemLabels.includes(label)) return undefined;
  return attempt(() => kind.fromPem(pem));
}

function fromBareBase64<DerType extends string>(text: string, kind: KeyKind<DerType>): KeyObject | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const der = Buffer.from(compact, 'base64');
  for (const type of kind.derTypes) {
    const key = attempt(() => kind.fromDer(der, type));
    if (key) return key;
  }
  return undefined;
}

function attempt(create: () => KeyObject): KeyObject | undefined {
  try {
    return create();
  } catch {
    // OpenSSL's reason is dropped on purpose: the caller reports the source and the expected format.
    return undefined;
  }
}
