import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DANA_NODE_VERSION,
  DanaSdkHttp,
  type OpenApiRequest,
  sdkSignedEnvelope,
  sdkWireText,
} from '../libs/dana-protocol/test/fixtures/dana-sdk';
import { kiosForOrderTests } from './support/order-tests';

/*
 * DANA calling kios with DANA's official Node SDK (dana-node): each request is signed at test time by
 * the SDK's own routine with the DANA dev private key kios trusts, serialised and POSTed by the SDK's
 * own HTTP layer. kios's answers are checked as DANA checks them, independently of kios's code: the
 * raw text of the `response` member is cut out of the answer bytes here, and verified with
 * `crypto.verify('RSA-SHA256', …)` against kios's public key (the SDK has no verifier for it).
 */

/** DANA's GMT+7 wall time, `YYYY-MM-DDTHH:mm:ss+07:00` (docs/dana-protocol.md §1.6). */
function danaTime(instant = new Date()): string {
  return `${new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * The raw text of each member of a top-level JSON object, exactly as it appears in `text`; throws
 * on anything that is not one JSON object. A small scanner of its own, so the test does not lean on
 * kios's extraction.
 */
function rawMembers(text: string): Map<string, string[]> {
  let at = 0;
  const ws = () => {
    while (/\s/.test(text[at] ?? '')) at++;
  };
  const expectChar = (ch: string) => {
    ws();
    if (text[at] !== ch) throw new Error(`expected ${ch} at ${at}`);
    at++;
  };
  const skipString = () => {
    expectChar('"');
    while (text[at] !== '"') {
      if (at >= text.length) throw new Error('unterminated string');
      at += text[at] === '\\' ? 2 : 1;
    }
    at++;
  };
  const skipValue = () => {
    ws();
    if (text[at] === '"') return skipString();
    if (text[at] === '{' || text[at] === '[') {
      const close = text[at] === '{' ? '}' : ']';
      at++;
      ws();
      if (text[at] === close) return void at++;
      for (;;) {
        if (close === '}') {
          skipString();
          expectChar(':');
        }
        skipValue();
        ws();
        if (text[at] === ',') at++;
        else return expectChar(close);
      }
    }
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at));
    if (!literal) throw new Error(`unexpected ${text[at]} at ${at}`);
    at += literal[0].length;
  };

  const members = new Map<string, string[]>();
  expectChar('{');
  for (;;) {
    ws();
    const keyStart = at;
    skipString();
    const key = JSON.parse(text.slice(keyStart, at)) as string;
    expectChar(':');
    ws();
    const valueStart = at;
    skipValue();
    members.set(key, [...(members.get(key) ?? []), text.slice(valueStart, at)]);
    ws();
    if (text[at] === ',') at++;
    else break;
  }
  expectChar('}');
  ws();
  if (at !== text.length) throw new Error('text after the object');
  return members;
}

/** What DANA concludes from kios's answer bytes: the signature over the raw `response` text, and its content. */
function checkAnswer(answerText: string, kiosPublicKeyPem: string) {
  const members = rawMembers(answerText);
  expect(members.get('response')).toHaveLength(1);
  expect(members.get('signature')).toHaveLength(1);
  const responseText = members.get('response')![0];
  const signature = JSON.parse(members.get('signature')![0]) as string;
  const signatureValid = verify(
    'RSA-SHA256',
    Buffer.from(responseText, 'utf8'),
    createPublicKey(kiosPublicKeyPem),
    Buffer.from(signature, 'base64'),
  );
  return {
    signatureValid,
    responseText,
    response: JSON.parse(responseText) as {
      head: { function: string; reqMsgId: string; respTime: string };
      body: Record<string, unknown> & { resultInfo?: { resultStatus: string; resultCode: string } };
    },
  };
}

describe(`DANA's Node SDK (dana-node ${DANA_NODE_VERSION}) calling kios`, () => {
  const kios = kiosForOrderTests({});
  let danaPrivateKeyPem: string;
  let kiosPublicKeyPem: string;

  beforeAll(() => {
    // kios generated both dev pairs in its data folder on its first start; it trusts dana-public.pem.
    danaPrivateKeyPem = readFileSync(join(kios.dataDir, 'keys', 'dana-private.pem'), 'utf8');
    kiosPublicKeyPem = readFileSync(join(kios.dataDir, 'keys', 'kios-public.pem'), 'utf8');
  });

  interface Exchange {
    sentText: string;
    httpStatus: number;
    answerText: string;
  }

  /** The SDK signs `request`, serialises the envelope and POSTs it; the bytes both ways are kept. */
  async function sendWithSdk(path: string, request: OpenApiRequest): Promise<Exchange> {
    const exchange: Partial<Exchange> = {};
    const http = new DanaSdkHttp(kios.baseUrl, async (url, init) => {
      exchange.sentText = init?.body as string;
      const answer = await fetch(url, init);
      exchange.httpStatus = answer.status;
      exchange.answerText = await answer.text();
      return new Response(exchange.answerText, { status: answer.status, headers: answer.headers });
    });
    await http.post(path, sdkSignedEnvelope(request, danaPrivateKeyPem));
    return exchange as Exchange;
  }

  /** POSTs exactly these bytes, as a DANA stack would after serialising them itself. */
  async function sendBytes(path: string, bodyText: string): Promise<Exchange> {
    const answer = await fetch(`${kios.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: bodyText,
    });
    return { sentText: bodyText, httpStatus: answer.status, answerText: await answer.text() };
  }

  const request = (fn: string, body: object): OpenApiRequest => ({
    head: {
      version: '2.0',
      function: `dana.digital.goods.${fn}`,
      reqTime: danaTime(),
      reqMsgId: randomUUID(),
    },
    body,
  });

  /** A 200 answer whose signature verifies over its raw `response` text and that answers this request. */
  function expectSignedSuccess(exchange: Exchange, sent: OpenApiRequest) {
    expect(exchange.httpStatus).toBe(200);
    const answer = checkAnswer(exchange.answerText, kiosPublicKeyPem);
    expect(answer.signatureValid).toBe(true);
    expect(answer.response.head).toMatchObject({
      function: sent.head.function,
      reqMsgId: sent.head.reqMsgId,
    });
    return answer.response.body;
  }

  it('sends what the SDK sends: JSON.stringify({request, signature}) signed over JSON.stringify(request)', async () => {
    const sent = request('product.query', { type: 'MOBILE_CREDIT', provider: 'telkomsel' });
    const exchange = await sendWithSdk('/product', sent);
    const { signature } = JSON.parse(exchange.sentText) as { signature: string };
    expect(exchange.sentText).toBe(JSON.stringify({ request: sent, signature }));
    const danaPublicKey = createPublicKey(
      readFileSync(join(kios.dataDir, 'keys', 'dana-public.pem'), 'utf8'),
    );
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(JSON.stringify(sent)),
        danaPublicKey,
        Buffer.from(signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('answers the four DANA requests signed by the SDK with signed 200 answers', async () => {
    const productQuery = request('product.query', { type: 'MOBILE_CREDIT', provider: 'telkomsel' });
    const products = expectSignedSuccess(await sendWithSdk('/product', productQuery), productQuery)
      .products as { productId: string }[];
    expect(products.map((p) => p.productId)).toContain('TSEL-10K');

    const destinationInfo = { primaryParam: '081234567345' };
    const inquiry = request('destination.inquiry', {
      destinationInfos: [destinationInfo],
      productId: 'TSEL-10K',
    });
    const [inquiryResult] = expectSignedSuccess(await sendWithSdk('/destination/inquiry', inquiry), inquiry)
      .inquiryResults as { inquiryId: string; inquiryStatus: { code: string } }[];
    expect(inquiryResult.inquiryStatus.code).toBe('10');

    const requestId = `SDK-${randomUUID()}`;
    const createOrder = request('order.create', {
      requestId,
      productId: 'TSEL-10K',
      destinationInfo,
      danaSellingPrice: { value: '1025000', currency: 'IDR' },
      extendInfo: JSON.stringify({ inquiryId: inquiryResult.inquiryId }),
    });
    const { order } = expectSignedSuccess(await sendWithSdk('/order/create', createOrder), createOrder) as {
      order: { requestId: string; orderId: string };
    };
    expect(order.requestId).toBe(requestId);

    const orderQuery = request('order.query', {
      orderIdentifiers: [{ requestId, orderId: order.orderId }],
    });
    const { orders } = expectSignedSuccess(await sendWithSdk('/order/detail', orderQuery), orderQuery) as {
      orders: { requestId: string; orderId: string }[];
    };
    expect(orders).toEqual([expect.objectContaining({ requestId, orderId: order.orderId })]);
  });

  it('refuses a request the SDK signed but whose body changed afterwards, with a signed 401', async () => {
    const sent = request('product.query', { type: 'MOBILE_CREDIT', provider: 'telkomsel' });
    const sdkText = await sdkWireText(sdkSignedEnvelope(sent, danaPrivateKeyPem));
    const tampered = sdkText.replace('"telkomsel"', '"indosat"');
    expect(tampered).not.toBe(sdkText);

    const exchange = await sendBytes('/product', tampered);
    expect(exchange.httpStatus).toBe(401);
    const answer = checkAnswer(exchange.answerText, kiosPublicKeyPem);
    expect(answer.signatureValid).toBe(true);
    expect(answer.response.body.resultInfo).toMatchObject({
      resultStatus: 'F',
      resultCode: 'INVALID_SIGNATURE',
    });

    // The untouched SDK text is accepted: only the change made it fail.
    expect((await sendBytes('/product', sdkText)).httpStatus).toBe(200);
  });

  it('checks answers over their raw text: the same answer with one byte changed no longer verifies', async () => {
    const sent = request('product.query', { type: 'MOBILE_CREDIT', provider: 'telkomsel' });
    const { answerText } = await sendWithSdk('/product', sent);
    expect(checkAnswer(answerText, kiosPublicKeyPem).signatureValid).toBe(true);
    const changed = answerText.replace('"TSEL-10K"', '"TSEL-10X"');
    expect(changed).not.toBe(answerText);
    expect(checkAnswer(changed, kiosPublicKeyPem).signatureValid).toBe(false);
  });
});
