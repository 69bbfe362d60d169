import {
  generateRsaKeyPair,
  KeyFormatError,
  loadPrivateKey,
  loadPublicKey,
  loadPublicKeys,
} from '../src/keys/key-loader';
import { signedEnvelope } from '../src/signature/signed-envelope';
import { verifySignedBody, verifySignedBodyAsync } from '../src/signature/dana-signature';

/**
 * DANA rotating its key (docs/dana-protocol.md §2.3): kios holds the current key and the next one
 * (KIOS_DANA_PUBLIC_KEY or _FILE with two keys), and a request signed with either is DANA's. Every
 * key is made at test time.
 */
const current = generateRsaKeyPair();
const next = generateRsaKeyPair();
const stranger = generateRsaKeyPair();
const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

describe('loadPublicKeys', () => {
  it('reads one key, or two PEM blocks one after the other, current first', () => {
    expect(loadPublicKeys(current.publicKeyPem, 'KIOS_DANA_PUBLIC_KEY')).toHaveLength(1);
    const keys = loadPublicKeys(`${current.publicKeyPem}\n${next.publicKeyPem}`, 'KIOS_DANA_PUBLIC_KEY');
    expect(keys.map((key) => key.export({ type: 'spki', format: 'pem' }))).toEqual([
      loadPublicKey(current.publicKeyPem, 'current').export({ type: 'spki', format: 'pem' }),
      loadPublicKey(next.publicKeyPem, 'next').export({ type: 'spki', format: 'pem' }),
    ]);
  });

  it('reads two bare base64 bodies separated by a comma, and PEM with \\n escapes', () => {
    expect(
      loadPublicKeys(`${pemBody(current.publicKeyPem)},${pemBody(next.publicKeyPem)}`, 'env'),
    ).toHaveLength(2);
    const escaped = `${current.publicKeyPem}${next.publicKeyPem}`.replace(/\n/g, '\\n');
    expect(loadPublicKeys(escaped, 'env')).toHaveLength(2);
  });

  it('refuses a third key, and names the key it cannot read by its place, never its text', () => {
    const three = [current, next, stranger].map((pair) => pair.publicKeyPem).join('\n');
    expect(() => loadPublicKeys(three, 'KIOS_DANA_PUBLIC_KEY')).toThrow(
      new KeyFormatError(
        'KIOS_DANA_PUBLIC_KEY holds 3 keys; expected one, or two while DANA rotates its key (current, then next)',
      ),
    );
    const broken = `${pemBody(current.publicKeyPem)},${pemBody(next.publicKeyPem).slice(0, 40)}`;
    let thrown: unknown;
    try {
      loadPublicKeys(broken, 'KIOS_DANA_PUBLIC_KEY');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KeyFormatError);
    expect((thrown as Error).message).toMatch(/^KIOS_DANA_PUBLIC_KEY \(key 2 of 2\) could not be read/);
    expect((thrown as Error).message).not.toContain(pemBody(current.publicKeyPem).slice(0, 40));
  });
});

describe('verifying a request while DANA rotates its key', () => {
  const keys = loadPublicKeys(`${current.publicKeyPem}${next.publicKeyPem}`, 'both');
  const requestSignedBy = (pair: { privateKeyPem: string }) =>
    signedEnvelope(
      'request',
      { head: { function: 'dana.digital.goods.order.create' }, body: { requestId: 'R-1' } },
      loadPrivateKey(pair.privateKeyPem, 'signer'),
    );

  it.each([
    ['the current key', current],
    ['the next key', next],
  ])('accepts a request signed with %s', async (_which, pair) => {
    expect(verifySignedBody(requestSignedBy(pair), 'request', keys)).toEqual({ ok: true, via: 'raw' });
    await expect(verifySignedBodyAsync(requestSignedBy(pair), 'request', keys)).resolves.toEqual({
      ok: true,
      via: 'raw',
    });
  });

  it('refuses one signed with any other key, and the next key alone refuses the current key’s', async () => {
    const refused = { ok: false, reason: 'signature does not match' };
    expect(verifySignedBody(requestSignedBy(stranger), 'request', keys)).toEqual(refused);
    await expect(verifySignedBodyAsync(requestSignedBy(stranger), 'request', keys)).resolves.toEqual(refused);
    expect(verifySignedBody(requestSignedBy(current), 'request', [keys[1]])).toEqual(refused);
  });
});
