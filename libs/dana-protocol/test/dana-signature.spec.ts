import { generateKeyPairSync, verify } from 'node:crypto';
import { generateRsaKeyPair, loadPrivateKey, loadPublicKey } from '../src/keys/key-loader';
import {
  signText,
  signTextAsync,
  verifySignedBody,
  verifySignedBodyAsync,
  verifyText,
} from '../src/signature/dana-signature';
import { signedEnvelope, signedEnvelopeAsync } from '../src/signature/signed-envelope';
import { readFixturePublicKey, readVectors } from './fixtures';
import { sdkSignature } from './fixtures/dana-sdk';

const pair = generateRsaKeyPair();
const privateKey = loadPrivateKey(pair.privateKeyPem, 'test private key');
const publicKey = loadPublicKey(pair.publicKeyPem, 'test public key');
const otherPublicKey = loadPublicKey(generateRsaKeyPair().publicKeyPem, 'other public key');

const request = {
  head: {
    version: '2.0',
    function: 'dana.digital.goods.order.create',
    reqTime: '2026-11-26T10:00:00+07:00',
    reqMsgId: 'b1f0c2d4-0000-4000-8000-000000000001',
  },
  body: {
    requestId: '20261126100000123456789',
    productId: 'TSEL-10K',
    destinationInfo: { primaryParam: '081234567890' },
    danaSellingPrice: { value: '1025000', currency: 'IDR' },
    extendInfo: '{"inquiryId":"INQ-1"}',
  },
};

/**
 * What DANA's Node SDK posts: JSON.stringify({request, signature}) with the signature made by the SDK's
 * own routine (dana-node's DanaSignatureUtil) over JSON.stringify(request).
 */
function nodeSdkBody(content: object = request): string {
  return JSON.stringify({ request: content, signature: sdkSignature(content, pair.privateKeyPem) });
}

describe("DANA interoperability fixtures made with DANA's Node SDK", () => {
  const danaPublicKey = loadPublicKey(readFixturePublicKey('dana'), 'dana-public.pem');
  const merchantPublicKey = loadPublicKey(readFixturePublicKey('merchant'), 'merchant-public.pem');
  const vectors = readVectors();

  it('covers the four DANA requests as the SDK sends them, other serialisations, and invalid envelopes', () => {
    for (const fn of ['product-query', 'destination-inquiry', 'order-create', 'order-query']) {
      const names = vectors.filter((v) => v.name.startsWith(`${fn}/`)).map((v) => v.name);
      expect(names).toEqual(expect.arrayContaining([`${fn}/dana-node`, `${fn}/tampered`, `${fn}/wrong-key`]));
      expect(names.length).toBeGreaterThan(4);
    }
    expect(vectors.some((v) => v.madeBy === 'generator' && v.valid)).toBe(true);
    expect(vectors.some((v) => v.member === 'response' && v.valid)).toBe(true);
    expect(vectors.some((v) => v.member === 'response' && !v.valid)).toBe(true);
  });

  it('holds the SDK envelope as JSON.stringify({request, signature}) with the signature over JSON.stringify(request)', () => {
    for (const vector of vectors.filter((v) => v.madeBy === 'dana-node')) {
      const { request, signature } = JSON.parse(vector.body);
      expect(vector.body).toBe(JSON.stringify({ request, signature }));
      const signer = vector.signedWith === 'dana' ? danaPublicKey : merchantPublicKey;
      expect(
        verify('sha256', Buffer.from(JSON.stringify(request)), signer, Buffer.from(signature, 'base64')),
      ).toBe(true);
    }
  });

  it.each(vectors.map((v) => [v.name, v] as const))(
    '%s verifies exactly when it is valid',
    (_name, vector) => {
      const check = verifySignedBody(vector.body, vector.member ?? 'request', danaPublicKey);
      expect(check.ok).toBe(vector.valid);
    },
  );

  it('verifies the valid vectors over their raw text, not only through the fallback', () => {
    for (const vector of vectors.filter((v) => v.valid)) {
      expect(verifySignedBody(vector.body, vector.member ?? 'request', danaPublicKey)).toEqual({
        ok: true,
        via: 'raw',
      });
    }
  });

  it('verifies the wrong-key vectors with the key that really signed them', () => {
    const wrongKey = vectors.filter((v) => v.signedWith === 'merchant');
    expect(wrongKey.length).toBeGreaterThan(0);
    for (const vector of wrongKey) {
      expect(verifySignedBody(vector.body, 'request', merchantPublicKey)).toEqual({ ok: true, via: 'raw' });
    }
  });
});

describe('signText / verifyText', () => {
  it('produces standard padded base64 of a 2048-bit RSA signature that OpenSSL verifies', () => {
    const signature = signText('héllo', privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(signature, 'base64')).toHaveLength(256);
    expect(verify('sha256', Buffer.from('héllo', 'utf8'), publicKey, Buffer.from(signature, 'base64'))).toBe(
      true,
    );
    expect(verifyText('héllo', signature, publicKey)).toBe(true);
  });

  it('rejects another text, another key, and garbage signatures without throwing', () => {
    const signature = signText('text', privateKey);
    expect(verifyText('text ', signature, publicKey)).toBe(false);
    expect(verifyText('text', signature, otherPublicKey)).toBe(false);
    for (const garbage of [
      '',
      'not base64!',
      'AAAA',
      signature.replace(/=+$/, ''),
      `${signature}AAAA`,
      '====',
    ]) {
      expect(verifyText('text', garbage, publicKey)).toBe(false);
    }
  });

  it('returns false for a key that cannot verify RSA signatures', () => {
    expect(verifyText('text', signText('text', privateKey), privateKey)).toBe(true);
    const { publicKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifyText('text', signText('text', privateKey), ecKey)).toBe(false);
  });
});

describe('verifySignedBody', () => {
  it('accepts a request signed over JSON.stringify(request), as the Node SDK sends it', () => {
    expect(verifySignedBody(nodeSdkBody(), 'request', publicKey)).toEqual({ ok: true, via: 'raw' });
  });

  it('accepts a pretty-printed request verified over its raw bytes', () => {
    const pretty = JSON.stringify(request, null, 2);
    const body = `{\n  "request": ${pretty},\n  "signature": "${signText(pretty, privateKey)}"\n}`;
    expect(verifySignedBody(body, 'request', publicKey)).toEqual({ ok: true, via: 'raw' });
  });

  it('falls back to the compact re-serialisation when the sender signed compact text but sent it spaced', () => {
    const signature = signText(JSON.stringify(request), privateKey);
    const body = `{"request": ${JSON.stringify(request, null, 1)}, "signature": "${signature}"}`;
    expect(verifySignedBody(body, 'request', publicKey)).toEqual({ ok: true, via: 'compact' });
  });

  it('does not let the compact fallback rescue content that differs from what was signed', () => {
    const signature = signText(JSON.stringify(request), privateKey);
    const changed = { ...request, body: { ...request.body, productId: 'TSEL-100K' } };
    const body = `{"request": ${JSON.stringify(changed, null, 1)}, "signature": "${signature}"}`;
    expect(verifySignedBody(body, 'request', publicKey)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  describe('a single changed byte anywhere in the signed envelope is rejected', () => {
    const body = nodeSdkBody();
    const signatureStart = body.indexOf('"signature":"') + '"signature":"'.length;
    const positions: [string, number][] = [
      ['head.version', body.indexOf('"2.0"') + 1],
      ['head.reqMsgId', body.indexOf('b1f0c2d4')],
      ['head.reqTime', body.indexOf('10:00:00')],
      ['body.productId', body.indexOf('TSEL-10K') + 5],
      ['body.danaSellingPrice.value', body.indexOf('1025000') + 2],
      ['body.destinationInfo.primaryParam', body.indexOf('081234567890') + 11],
      ['signature start', signatureStart],
      ['signature middle', signatureStart + 150],
      ['signature end', body.lastIndexOf('"') - 3],
    ];

    it.each(positions)('in %s', (_where, position) => {
      expect(position).toBeGreaterThan(0);
      const original = body[position];
      const replacement = original === 'A' ? 'B' : 'A';
      const tampered = body.slice(0, position) + replacement + body.slice(position + 1);
      expect(tampered).not.toBe(body);
      expect(verifySignedBody(tampered, 'request', publicKey).ok).toBe(false);
    });
  });

  it('checks the member it is asked for', () => {
    const response = signedEnvelope('response', { head: {}, body: { products: [] } }, privateKey);
    expect(verifySignedBody(response, 'response', publicKey)).toEqual({ ok: true, via: 'raw' });
    expect(verifySignedBody(response, 'request', publicKey)).toEqual({
      ok: false,
      reason: 'missing request object',
    });
  });

  it('rejects a genuine signed request followed by a second, forged request member', () => {
    const genuine = JSON.stringify(request);
    const forged = JSON.stringify({ ...request, body: { ...request.body, productId: 'FREE' } });
    const body = `{"request":${genuine},"request":${forged},"signature":"${signText(genuine, privateKey)}"}`;
    expect(verifySignedBody(body, 'request', publicKey).ok).toBe(false);
  });

  it.each([
    ['body is not JSON', 'not json'],
    ['body is not JSON', '{"request":{}'],
    ['body is not a JSON object', '[1,2]'],
    ['missing request object', '{"signature":"AAAA"}'],
    ['missing request object', '{"request":"{}","signature":"AAAA"}'],
    ['missing request object', '{"request":[],"signature":"AAAA"}'],
    ['missing signature', '{"request":{}}'],
    ['missing signature', '{"request":{},"signature":42}'],
    ['missing signature', '{"request":{},"signature":""}'],
    ['signature is not base64', '{"request":{},"signature":"a-b_c"}'],
    ['signature does not match', '{"request":{},"signature":"AAAA"}'],
  ])('says "%s" for %s', (reason, body) => {
    expect(verifySignedBody(body, 'request', publicKey)).toEqual({ ok: false, reason });
  });

  it('never puts key material or the signature into its reasons', () => {
    const body = nodeSdkBody().replace('TSEL-10K', 'TSEL-99K');
    const check = verifySignedBody(body, 'request', publicKey);
    expect(check.ok).toBe(false);
    const reason = (check as { reason: string }).reason;
    expect(reason).not.toMatch(/BEGIN|[A-Za-z0-9+/]{40,}/);
  });
});

describe('signedEnvelope', () => {
  it('splices the once-serialised member and its signature into the body text', () => {
    const content = { head: { reqMsgId: 'm-1' }, body: { text: 'quote " and unicode é' } };
    const text = signedEnvelope('response', content, privateKey);
    const serialised = JSON.stringify(content);
    expect(text.startsWith(`{"response":${serialised},"signature":"`)).toBe(true);
    const parsed = JSON.parse(text);
    expect(parsed.response).toEqual(content);
    expect(verifyText(serialised, parsed.signature, publicKey)).toBe(true);
    expect(Object.keys(parsed)).toEqual(['response', 'signature']);
  });

  it('builds requests that the receiving side verifies over the raw member', () => {
    const text = signedEnvelope('request', request, privateKey);
    expect(verifySignedBody(text, 'request', publicKey)).toEqual({ ok: true, via: 'raw' });
    expect(verifySignedBody(text, 'request', otherPublicKey).ok).toBe(false);
  });
});

describe('the thread-pool variants', () => {
  it('sign the same bytes as the synchronous forms (PKCS#1 v1.5 is deterministic)', async () => {
    expect(await signTextAsync('héllo', privateKey)).toBe(signText('héllo', privateKey));
    const content = { head: { reqMsgId: 'm-1' }, body: { text: 'quote " and unicode é' } };
    expect(await signedEnvelopeAsync('response', content, privateKey)).toBe(
      signedEnvelope('response', content, privateKey),
    );
  });

  it('reject a key that cannot sign instead of throwing synchronously', async () => {
    await expect(signTextAsync('text', publicKey)).rejects.toThrow();
  });

  it('judge every DANA SDK fixture exactly as verifySignedBody does', async () => {
    const danaPublicKey = loadPublicKey(readFixturePublicKey('dana'), 'dana-public.pem');
    for (const vector of readVectors()) {
      const member = vector.member ?? 'request';
      const check = await verifySignedBodyAsync(vector.body, member, danaPublicKey);
      expect(check).toEqual(verifySignedBody(vector.body, member, danaPublicKey));
      expect(check.ok).toBe(vector.valid);
    }
  });

  it('take the raw text first, then the compact fallback, and refuse what neither matches', async () => {
    const compactSignature = signText(JSON.stringify(request), privateKey);
    const spaced = `{"request": ${JSON.stringify(request, null, 1)}, "signature": "${compactSignature}"}`;
    const changed = spaced.replace('TSEL-10K', 'TSEL-100K');
    expect(await verifySignedBodyAsync(nodeSdkBody(), 'request', publicKey)).toEqual({
      ok: true,
      via: 'raw',
    });
    expect(await verifySignedBodyAsync(spaced, 'request', publicKey)).toEqual({ ok: true, via: 'compact' });
    expect(await verifySignedBodyAsync(changed, 'request', publicKey)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(await verifySignedBodyAsync(nodeSdkBody(), 'request', otherPublicKey)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(await verifySignedBodyAsync('{"request":{}}', 'request', publicKey)).toEqual({
      ok: false,
      reason: 'missing signature',
    });
  });

  it('answer "not verified" for a key that cannot verify RSA signatures', async () => {
    const { publicKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await verifySignedBodyAsync(nodeSdkBody(), 'request', ecKey)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });
});
