import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevKeys } from '../src/keys/dev-keys';
import { generateRsaKeyPair, KeyFormatError, loadPrivateKey, loadPublicKey } from '../src/keys/key-loader';
import { signText, verifyText } from '../src/signature/dana-signature';
import { writeTestKeyFiles } from '@kios/testing';
import { readFixturePublicKey } from './fixtures';

/** The key pairs really belong together: what one signs, the other verifies. */
function expectPair(privateKey: KeyObject, publicKey: KeyObject): void {
  expect(verifyText('pair check', signText('pair check', privateKey), publicKey)).toBe(true);
}

const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
const escapedNewlines = (pem: string) => pem.trim().replace(/\n/g, '\\n');

describe('loading key files in the formats DANA hands out', () => {
  // Made at test time (PKCS#8 and PKCS#1 private PEM, SPKI public PEM): no private key is committed.
  const dana = writeTestKeyFiles('dana');
  const merchant = writeTestKeyFiles('merchant');
  afterAll(() => {
    dana.remove();
    merchant.remove();
  });
  const read = (path: string) => readFileSync(path, 'utf8');
  const publicPem = read(dana.publicKey);
  const publicKey = loadPublicKey(publicPem, 'dana-public.pem');

  it('has really written both private formats', () => {
    expect(read(dana.pkcs8)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(read(dana.pkcs1)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it.each([
    ['PKCS#8', 'pkcs8'],
    ['PKCS#1', 'pkcs1'],
  ] as const)('reads a %s private key file', (_format, file) => {
    expectPair(loadPrivateKey(read(dana[file]), dana[file]), publicKey);
  });

  it('reads the merchant pair in both private formats', () => {
    const merchantPublic = loadPublicKey(read(merchant.publicKey), 'merchant-public.pem');
    expectPair(loadPrivateKey(read(merchant.pkcs1), 'pkcs1'), merchantPublic);
    expectPair(loadPrivateKey(read(merchant.pkcs8), 'pkcs8'), merchantPublic);
  });

  it('reads bare base64 bodies of PKCS#8, PKCS#1 and SPKI keys', () => {
    const pkcs8 = loadPrivateKey(pemBody(read(dana.pkcs8)), 'env');
    const pkcs1 = loadPrivateKey(pemBody(read(dana.pkcs1)), 'env');
    const spki = loadPublicKey(pemBody(publicPem), 'env');
    expectPair(pkcs8, spki);
    expectPair(pkcs1, spki);
  });

  it('reads env values whose newlines arrive as literal \\n, quoted or not', () => {
    const escaped = escapedNewlines(read(dana.pkcs1));
    expect(escaped).not.toContain('\n');
    expectPair(loadPrivateKey(escaped, 'KIOS_MERCHANT_PRIVATE_KEY'), publicKey);
    expectPair(loadPrivateKey(`"${escaped}"`, 'KIOS_MERCHANT_PRIVATE_KEY'), publicKey);
    const crlf = read(dana.pkcs8).replace(/\n/g, '\r\n');
    expectPair(
      loadPrivateKey(crlf, 'windows file'),
      loadPublicKey(escapedNewlines(publicPem), 'KIOS_DANA_PUBLIC_KEY'),
    );
  });

  it.each(['dana', 'merchant'] as const)(
    'reads the committed public key of the %s pair that signed the DANA SDK fixtures',
    (owner) => {
      const key = loadPublicKey(readFixturePublicKey(owner), `${owner}-public.pem`);
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    },
  );
});

describe('loading generated keys', () => {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();

  it('generates a 2048-bit PKCS#8 / SPKI PEM pair', () => {
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const key = loadPrivateKey(privateKeyPem, 'generated');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expectPair(key, loadPublicKey(publicKeyPem, 'generated'));
  });

  it('reads PKCS#1 PEM and PKCS#1 DER forms of both halves', () => {
    const pkcs1Private = createPrivateKey(privateKeyPem).export({ type: 'pkcs1', format: 'pem' }) as string;
    const pkcs1Public = createPublicKey(publicKeyPem).export({ type: 'pkcs1', format: 'pem' }) as string;
    expect(pkcs1Private).toContain('BEGIN RSA PRIVATE KEY');
    expect(pkcs1Public).toContain('BEGIN RSA PUBLIC KEY');
    expectPair(loadPrivateKey(pkcs1Private, 'pkcs1'), loadPublicKey(pkcs1Public, 'pkcs1'));
    expectPair(
      loadPrivateKey(pemBody(pkcs1Private), 'pkcs1 der'),
      loadPublicKey(pemBody(pkcs1Public), 'pkcs1 der'),
    );
  });
});

describe('refusing what is not a usable key', () => {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();

  function refusal(load: () => unknown): KeyFormatError {
    try {
      load();
    } catch (error) {
      expect(error).toBeInstanceOf(KeyFormatError);
      return error as KeyFormatError;
    }
    throw new Error('expected a KeyFormatError');
  }

  /** No run of base64 longer than a word, and none of the key's own text. */
  function expectNoKeyText(message: string, keyText: string): void {
    expect(message).not.toMatch(/[A-Za-z0-9+/]{24,}/);
    expect(message).not.toContain('BEGIN');
    for (const line of keyText.split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'))) {
      expect(message).not.toContain(line.slice(0, 16));
    }
  }

  it('names the source and the expected format for garbage, and never echoes it', () => {
    // The opening of a key made for this run, cut short: looks like a key, is none (no key text is committed).
    const garbage = `${privateKeyPem.split('\n')[1]}-NOT-A-KEY`;
    const error = refusal(() => loadPrivateKey(garbage, 'KIOS_MERCHANT_PRIVATE_KEY'));
    expect(error.message).toContain('KIOS_MERCHANT_PRIVATE_KEY');
    expect(error.message).toContain('RSA private key');
    expectNoKeyText(error.message, garbage);
  });

  it('refuses a damaged PEM without quoting it', () => {
    const damaged = privateKeyPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    const error = refusal(() => loadPrivateKey(damaged, '/etc/kios/merchant.pem'));
    expect(error.message).toContain('/etc/kios/merchant.pem');
    expectNoKeyText(error.message, damaged);
  });

  it('refuses a private key where a public key belongs, and the other way round', () => {
    const asPublic = refusal(() => loadPublicKey(privateKeyPem, 'KIOS_DANA_PUBLIC_KEY_FILE'));
    expect(asPublic.message).toContain('KIOS_DANA_PUBLIC_KEY_FILE');
    expect(asPublic.message).toContain('RSA public key');
    expectNoKeyText(asPublic.message, privateKeyPem);
    const asPrivate = refusal(() => loadPrivateKey(publicKeyPem, 'KIOS_MERCHANT_PRIVATE_KEY_FILE'));
    expectNoKeyText(asPrivate.message, publicKeyPem);
  });

  it.each(['pkcs8', 'pkcs1'] as const)(
    'refuses a bare base64 %s private key where a public key belongs',
    (type) => {
      const der = createPrivateKey(privateKeyPem).export({ type, format: 'der' }).toString('base64');
      const error = refusal(() => loadPublicKey(der, 'KIOS_DANA_PUBLIC_KEY'));
      expect(error.message).toContain('KIOS_DANA_PUBLIC_KEY');
      expectNoKeyText(error.message, der);
    },
  );

  it('refuses an empty value', () => {
    expect(refusal(() => loadPublicKey('  \n', 'KIOS_DANA_PUBLIC_KEY')).message).toMatch(
      /KIOS_DANA_PUBLIC_KEY is empty/,
    );
  });

  it('refuses keys that are not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const error = refusal(() => loadPrivateKey(pem, 'ec.pem'));
    expect(error.message).toMatch(/ec\.pem holds a key of type ec/);
    expectNoKeyText(error.message, pem);
  });

  it('refuses RSA keys shorter than 2048 bits', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = weak.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(refusal(() => loadPublicKey(pem, 'weak.pem')).message).toMatch(
      /weak\.pem holds a 1024-bit RSA key/,
    );
  });
});

describe('development keys', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'kios-dev-keys-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates matching kios and DANA pairs once, and reuses them afterwards', () => {
    const first = ensureDevKeys(dataDir);
    expect(first.generated).toBe(true);
    const { paths } = first;
    const read = (path: string) => readFileSync(path, 'utf8');
    expectPair(
      loadPrivateKey(read(paths.kiosPrivateKey), 'k'),
      loadPublicKey(read(paths.kiosPublicKey), 'k'),
    );
    expectPair(
      loadPrivateKey(read(paths.danaPrivateKey), 'd'),
      loadPublicKey(read(paths.danaPublicKey), 'd'),
    );
    expect(statSync(paths.kiosPrivateKey).mode & 0o077).toBe(0);
    const kiosPrivate = read(paths.kiosPrivateKey);

    const second = ensureDevKeys(dataDir);
    expect(second.generated).toBe(false);
    expect(read(paths.kiosPrivateKey)).toBe(kiosPrivate);
  });

  it('remakes a pair whole when one half is missing', () => {
    const { paths } = ensureDevKeys(dataDir);
    const danaPrivate = readFileSync(paths.danaPrivateKey, 'utf8');
    rmSync(paths.kiosPublicKey);
    expect(ensureDevKeys(dataDir).generated).toBe(true);
    const read = (path: string) => readFileSync(path, 'utf8');
    expectPair(
      loadPrivateKey(read(paths.kiosPrivateKey), 'k'),
      loadPublicKey(read(paths.kiosPublicKey), 'k'),
    );
    expect(read(paths.danaPrivateKey)).toBe(danaPrivate);
  });
});
