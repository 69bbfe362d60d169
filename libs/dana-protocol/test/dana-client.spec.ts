import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '../src/clock';
import { DanaClient } from '../src/client/dana-client';
import { generateRsaKeyPair, loadPrivateKey, loadPublicKey } from '../src/keys/key-loader';
import { signText, verifySignedBody } from '../src/signature/dana-signature';
import { signedEnvelope } from '../src/signature/signed-envelope';
import { DanaFunction, SUCCESS_RESULT } from '../src/status-codes';

function keyPair(name: string) {
  const pem = generateRsaKeyPair();
  return {
    privateKey: loadPrivateKey(pem.privateKeyPem, name),
    publicKey: loadPublicKey(pem.publicKeyPem, name),
  };
}

const dana = keyPair('dana');
const kios = keyPair('kios');
const stranger = keyPair('stranger');
const clock = new FixedClock(new Date('2026-11-26T03:00:00Z'));

interface Received {
  method?: string;
  url?: string;
  contentType?: string;
  bodyText: string;
}

/** A stand-in for kios: answers every request with a signed envelope echoing reqMsgId. */
class FakeKios {
  received: Received[] = [];
  answer: (envelope: { request: { head: { function: string; reqMsgId: string } } }) => string = (envelope) =>
    signedEnvelope(
      'response',
      {
        head: {
          version: '2.0',
          function: envelope.request.head.function,
          respTime: '2026-11-26T10:00:01+07:00',
          reqMsgId: envelope.request.head.reqMsgId,
        },
        body: { products: [] },
      },
      kios.privateKey,
    );
  status = 200;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const bodyText = await readBody(req);
      this.received.push({
        method: req.method,
        url: req.url,
        contentType: req.headers['content-type'],
        bodyText,
      });
      res.writeHead(this.status, { 'Content-Type': 'application/json' });
      res.end(this.answer(JSON.parse(bodyText)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/dana/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('DanaClient', () => {
  const fakeKios = new FakeKios();
  let client: DanaClient;
  let ids = 0;

  beforeAll(async () => {
    const baseUrl = await fakeKios.start();
    client = new DanaClient({
      baseUrl,
      danaPrivateKey: dana.privateKey,
      kiosPublicKey: kios.publicKey,
      clock,
      newId: () => `msg-${++ids}`,
    });
  });
  afterAll(() => fakeKios.stop());
  beforeEach(() => {
    fakeKios.received = [];
    fakeKios.status = 200;
  });

  describe('presign', () => {
    it('builds a head from the clock and the id source, signed so that kios verifies it with the DANA key', () => {
      const presigned = client.presign('createOrder', { requestId: 'R-1', productId: 'TSEL-10K' });
      expect(presigned.path).toBe('/order/create');
      const envelope = JSON.parse(presigned.bodyText);
      expect(envelope.request).toEqual({
        head: {
          version: '2.0',
          function: 'dana.digital.goods.order.create',
          reqTime: '2026-11-26T10:00:00+07:00',
          reqMsgId: presigned.reqMsgId,
        },
        body: { requestId: 'R-1', productId: 'TSEL-10K' },
      });
      expect(presigned.reqMsgId).toMatch(/^msg-\d+$/);
      expect(verifySignedBody(presigned.bodyText, 'request', dana.publicKey)).toEqual({
        ok: true,
        via: 'raw',
      });
      expect(verifySignedBody(presigned.bodyText, 'request', kios.publicKey).ok).toBe(false);
    });

    it("produces exactly the text DANA's Node SDK would post", () => {
      const presigned = client.presign('productQuery', { type: 'MOBILE_CREDIT', provider: 'telkomsel' });
      const { request } = JSON.parse(presigned.bodyText);
      const sdkText = JSON.stringify({
        request,
        signature: signText(JSON.stringify(request), dana.privateKey),
      });
      expect(presigned.bodyText).toBe(sdkText);
    });

    it('uses a fresh reqMsgId for every message', () => {
      const first = client.presign('orderQuery', { orderIdentifiers: [] });
      const second = client.presign('orderQuery', { orderIdentifiers: [] });
      expect(first.reqMsgId).not.toBe(second.reqMsgId);
    });
  });

  describe('send', () => {
    it('posts JSON under the base URL and checks the answer against the kios key', async () => {
      const presigned = client.presign('productQuery', { type: 'MOBILE_CREDIT', provider: 'telkomsel' });
      const reply = await client.send(presigned);
      expect(fakeKios.received).toEqual([
        {
          method: 'POST',
          url: '/dana/product',
          contentType: 'application/json',
          bodyText: presigned.bodyText,
        },
      ]);
      expect(reply.httpStatus).toBe(200);
      expect(reply.signature).toEqual({ ok: true, via: 'raw' });
      expect(reply.envelope.response.head.reqMsgId).toBe(presigned.reqMsgId);
      expect(reply.bodyText).toBe(JSON.stringify(reply.envelope));
      expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
    });

    it('reports a tampered answer as unsigned', async () => {
      const honest = fakeKios.answer;
      fakeKios.answer = (envelope) => honest(envelope).replace('"products":[]', '"products":[1]');
      try {
        const reply = await client.productQuery({ type: 'MOBILE_CREDIT', provider: 'telkomsel' });
        expect(reply.envelope.response.body.products).toEqual([1]);
        expect(reply.signature).toEqual({ ok: false, reason: 'signature does not match' });
      } finally {
        fakeKios.answer = honest;
      }
    });

    it('reports an answer signed by another key, and keeps the HTTP status', async () => {
      const honest = fakeKios.answer;
      fakeKios.status = 401;
      fakeKios.answer = () => signedEnvelope('response', { head: {}, body: {} }, stranger.privateKey);
      try {
        const reply = await client.createOrder({
          requestId: 'R-2',
          productId: 'TSEL-10K',
          destinationInfo: { primaryParam: '081234567890' },
          danaSellingPrice: { value: '1025000', currency: 'IDR' },
        });
        expect(reply.httpStatus).toBe(401);
        expect(reply.signature.ok).toBe(false);
      } finally {
        fakeKios.answer = honest;
      }
    });

    it('gives an undefined envelope for an answer that is not JSON', async () => {
      const honest = fakeKios.answer;
      fakeKios.answer = () => 'Bad Gateway';
      try {
        const reply = await client.orderDetail({ orderIdentifiers: [{ requestId: 'R-1' }] });
        expect(reply.envelope).toBeUndefined();
        expect(reply.bodyText).toBe('Bad Gateway');
        expect(reply.signature).toEqual({ ok: false, reason: 'body is not JSON' });
      } finally {
        fakeKios.answer = honest;
      }
    });

    it.each([
      ['productQuery', () => client.productQuery({ type: 'WATER' }), '/dana/product'],
      [
        'destinationInquiry',
        () => client.destinationInquiry({ destinationInfos: [{ primaryParam: '1' }], productId: 'P' }),
        '/dana/destination/inquiry',
      ],
      [
        'orderQuery',
        () => client.orderDetail({ orderIdentifiers: [{ requestId: 'R-1' }] }),
        '/dana/order/detail',
      ],
    ] as const)('%s goes to its own path with its own function', async (fn, call, url) => {
      await call();
      expect(fakeKios.received[0].url).toBe(url);
      expect(JSON.parse(fakeKios.received[0].bodyText).request.head.function).toBe(DanaFunction[fn]);
    });

    it('rejects when kios does not answer in time', async () => {
      const slow = createServer(() => undefined);
      await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
      const slowClient = new DanaClient({
        baseUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
        danaPrivateKey: dana.privateKey,
        kiosPublicKey: kios.publicKey,
      });
      try {
        await expect(
          slowClient.send(slowClient.presign('productQuery', { type: 'WATER' }), { timeoutMs: 100 }),
        ).rejects.toThrow();
      } finally {
        slow.closeAllConnections();
        await new Promise((resolve) => slow.close(resolve));
      }
    });
  });

  describe("DANA's side of the callback", () => {
    const callback = {
      head: {
        version: '2.0',
        function: DanaFunction.orderComplete,
        reqTime: '2026-11-26T10:08:40+07:00',
        reqMsgId: 'cb-1',
      },
      body: { orders: { requestId: 'R-1' } },
    };

    it('accepts callbacks signed by kios and refuses others', () => {
      expect(client.verifyKiosRequest(signedEnvelope('request', callback, kios.privateKey))).toEqual({
        ok: true,
        via: 'raw',
      });
      expect(client.verifyKiosRequest(signedEnvelope('request', callback, stranger.privateKey)).ok).toBe(
        false,
      );
      expect(client.verifyKiosRequest(signedEnvelope('response', callback, kios.privateKey))).toEqual({
        ok: false,
        reason: 'missing request object',
      });
    });

    it('answers with a resultInfo envelope signed by DANA that echoes function and reqMsgId', () => {
      const text = client.signedResultResponse(DanaFunction.orderComplete, 'cb-1', SUCCESS_RESULT);
      expect(verifySignedBody(text, 'response', dana.publicKey)).toEqual({ ok: true, via: 'raw' });
      expect(JSON.parse(text).response).toEqual({
        head: {
          version: '2.0',
          function: DanaFunction.orderComplete,
          respTime: '2026-11-26T10:00:00+07:00',
          reqMsgId: 'cb-1',
        },
        body: {
          resultInfo: {
            resultStatus: 'S',
            resultCodeId: '00000000',
            resultCode: 'SUCCESS',
            resultMsg: 'success',
          },
        },
      });
    });
  });
});
