import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  DanaClient,
  FixedClock,
  ProductQueryRequestDto,
  signText,
  verifySignedBody,
} from '@kios/dana-protocol';
import { KiosConfigModule } from '../src/config/config.module';
import { loadKiosConfig } from '../src/config/kios-config';
import { configureHttpApp, createFastifyAdapter } from '../src/http/configure-http-app';
import { DanaEndpoint, SignedRequest } from '../src/http/dana-endpoint.decorator';
import { DanaHttpModule } from '../src/http/dana-http.module';
import { freshKeyPair } from '@kios/testing';

const kios = freshKeyPair();
const dana = freshKeyPair();
const clock = new FixedClock(new Date('2026-11-26T03:00:00Z'));

@Controller()
class ProbeController {
  @DanaEndpoint({ api: 'productQuery', envelope: ProductQueryRequestDto })
  list(@SignedRequest() envelope: { request: { body: { type: string } } }) {
    if (envelope.request.body.type === 'CRASH') throw new Error('secret internal detail');
    return { products: [], echoedType: envelope.request.body.type };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('the signed HTTP pipeline', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let client: DanaClient;

  beforeAll(async () => {
    const config = loadKiosConfig({
      KIOS_MERCHANT_PRIVATE_KEY: kios.privateKeyPem,
      KIOS_DANA_PUBLIC_KEY: dana.publicKeyPem,
      KIOS_BODY_LIMIT_BYTES: String(256 * 1024),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [KiosConfigModule.forRoot(config, clock), DanaHttpModule, ProbeModule],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), {
      bodyParser: false,
      logger: false,
    });
    configureHttpApp(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    client = new DanaClient({
      baseUrl,
      danaPrivateKey: dana.privateKey,
      kiosPublicKey: kios.publicKey,
      clock,
    });
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
