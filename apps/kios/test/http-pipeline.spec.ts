import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type DanaClient, signText, verifySignedBody } from '@kios/dana-protocol';
import { dana, kios, startPipeline } from './http/signed-pipeline';

describe('the signed HTTP pipeline', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let client: DanaClient;

  beforeAll(async () => {
    const pipeline = await startPipeline();
    ({ app, baseUrl } = pipeline);
    client = pipeline.client();
  });

  afterAll(() => app.close());

  const post = (bodyText: string) =>
    fetch(`${baseUrl}/product`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyText,
    });

  const signedRaw = (requestText: string, key = dana.privateKey) =>
    `{"request":${requestText},"signature":"${signText(requestText, key)}"}`;

  const request = (body: object, fn = 'dana.digital.goods.product.query', reqMsgId = 'msg-1') =>
    JSON.stringify({
      head: { version: '2.0', function: fn, reqTime: '2026-11-26T10:00:00+07:00', reqMsgId },
      body,
    });

  async function expectSignedError(response: Response, status: number, code: string, mentions: RegExp) {
    const text = await response.text();
    expect(response.status).toBe(status);
    expect(verifySignedBody(text, 'response', kios.publicKey)).toMatchObject({ ok: true });
    const envelope = JSON.parse(text);
    expect(envelope.response.head.respTime).toBe('2026-11-26T10:00:00+07:00');
    expect(envelope.response.body.resultInfo).toMatchObject({ resultStatus: 'F', resultCode: code });
    expect(envelope.response.body.resultInfo.resultMsg).toMatch(mentions);
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    return envelope;
  }

  it('answers a request signed as DANA signs it with a signed envelope echoing reqMsgId', async () => {
    const reply = await client.productQuery({ type: 'MOBILE_CREDIT', provider: 'telkomsel' });
    expect(reply.httpStatus).toBe(200);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.envelope.response.head).toMatchObject({
      version: '2.0',
      function: 'dana.digital.goods.product.query',
      respTime: '2026-11-26T10:00:00+07:00',
    });
    expect(reply.envelope.response.body.echoedType).toBe('MOBILE_CREDIT');
  });

  it('verifies a pretty-printed request over its raw bytes', async () => {
    const pretty = JSON.stringify(JSON.parse(request({ type: 'MOBILE_DATA', provider: 'xl' })), null, 2);
    const response = await post(signedRaw(pretty));
    expect(response.status).toBe(200);
  });

  it('refuses a request signed with another key with 401', async () => {
    const envelope = await expectSignedError(
      await post(signedRaw(request({ type: 'MOBILE_CREDIT', provider: 'xl' }), kios.privateKey)),
      401,
      'INVALID_SIGNATURE',
      /signature/,
    );
    expect(envelope.response.head.reqMsgId).toBe('msg-1');
  });

  it('refuses a request whose signed text was changed by one byte with 401', async () => {
    const text = request({ type: 'MOBILE_CREDIT', provider: 'xl' });
    const body = signedRaw(text).replace('"xl"', '"XL"');
    await expectSignedError(await post(body), 401, 'INVALID_SIGNATURE', /signature/);
  });

  it('refuses a request without a signature with 401', async () => {
    await expectSignedError(
      await post(`{"request":${request({ type: 'MOBILE_CREDIT', provider: 'xl' })}}`),
      401,
      'INVALID_SIGNATURE',
      /signature/,
    );
  });

  it('answers malformed JSON with 400', async () => {
    await expectSignedError(await post('{"request": {'), 400, 'PARAM_ILLEGAL', /not valid JSON/);
  });

  it('names a missing field in a 400', async () => {
    await expectSignedError(
      await post(signedRaw(request({ provider: 'xl' }))),
      400,
      'PARAM_ILLEGAL',
      /request\.body\.type/,
    );
  });

  it('names an over-long field in a 400', async () => {
    await expectSignedError(
      await post(signedRaw(request({ type: 'X'.repeat(33), provider: 'xl' }))),
      400,
      'PARAM_ILLEGAL',
      /request\.body\.type/,
    );
  });

  it('names an ill-typed field in a 400', async () => {
    await expectSignedError(
      await post(signedRaw(request({ type: 42, provider: 'xl' }))),
      400,
      'PARAM_ILLEGAL',
      /request\.body\.type/,
    );
  });

  it('refuses a head.function that does not match the endpoint with 400', async () => {
    await expectSignedError(
      await post(
        signedRaw(request({ type: 'MOBILE_CREDIT', provider: 'xl' }, 'dana.digital.goods.order.create')),
      ),
      400,
      'FUNCTION_MISMATCH',
      /dana\.digital\.goods\.product\.query/,
    );
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = request({ type: 'MOBILE_CREDIT', provider: 'xl', padding: 'x'.repeat(300 * 1024) });
    await expectSignedError(await post(signedRaw(huge)), 413, 'REQUEST_TOO_LARGE', /larger/);
  });

  it('refuses a body nested deeper than 32 levels with a signed 400, without parsing it, and parses one at the limit', async () => {
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    // The envelope's own three levels (the outer object, request, body) plus the field's.
    const body = (fieldLevels: number) =>
      signedRaw(request({ type: 'MOBILE_CREDIT', provider: 'xl', extra: JSON.parse(nested(fieldLevels)) }));
    await expectSignedError(await post(body(30)), 400, 'PARAM_ILLEGAL', /deeper than 32 levels/);
    const atLimit = await post(body(29));
    expect(atLimit.status).toBe(200);
    const flood = `{"request":${nested(100_000)},"signature":"x"}`;
    await expectSignedError(await post(flood), 400, 'PARAM_ILLEGAL', /deeper than 32 levels/);
  });

  it('answers an unexpected failure with a signed 500 that hides the internal detail', async () => {
    const envelope = await expectSignedError(
      await post(signedRaw(request({ type: 'CRASH', provider: 'xl' }))),
      500,
      'SYSTEM_ERROR',
      /logged/,
    );
    expect(JSON.stringify(envelope)).not.toContain('secret internal detail');
  });
});
