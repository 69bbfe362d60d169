import 'reflect-metadata';
import { Controller, Global, Module } from '@nestjs/common';
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
import { KiosMetrics } from '../src/observability/metrics/kios-metrics';
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

@Global()
@Module({ providers: [KiosMetrics], exports: [KiosMetrics] })
class MetricsModule {}

/** The pipeline alone (config, DANA HTTP module, metrics) around ProbeController, listening on a free port. */
async function startPipeline(env: Record<string, string> = {}) {
  const config = loadKiosConfig({
    KIOS_MERCHANT_PRIVATE_KEY: kios.privateKeyPem,
    KIOS_DANA_PUBLIC_KEY: dana.publicKeyPem,
    KIOS_BODY_LIMIT_BYTES: String(256 * 1024),
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [KiosConfigModule.forRoot(config, clock), MetricsModule, DanaHttpModule, ProbeModule],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), {
    bodyParser: false,
    logger: false,
  });
  configureHttpApp(app);
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  /** DANA's side, signing with its clock `skewMs` away from kios's and message ids from `newId`. */
  const client = (skewMs = 0, newId?: () => string) =>
    new DanaClient({
      baseUrl,
      danaPrivateKey: dana.privateKey,
      kiosPublicKey: kios.publicKey,
      clock: new FixedClock(new Date(clock.now().getTime() + skewMs)),
      ...(newId ? { newId } : {}),
    });
  return { app, baseUrl, client, metrics: app.get(KiosMetrics) };
}

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

describe('the replay window', () => {
  const TEN_MINUTES_MS = 600_000;
  const freshness = async (metrics: KiosMetrics) =>
    (await metrics.danaRequestFreshness.get()).values.map(({ labels, value }) => ({ ...labels, value }));
  const sameId = () => 'msg-replayed';

  it('by default answers a stale reqTime and a replayed reqMsgId, counting them', async () => {
    const { app, client, metrics } = await startPipeline();
    try {
      expect(
        (await client(-TEN_MINUTES_MS).productQuery({ type: 'MOBILE_CREDIT', provider: 'xl' })).httpStatus,
      ).toBe(200);
      const replaying = client(0, sameId);
      expect((await replaying.productQuery({ type: 'MOBILE_CREDIT', provider: 'xl' })).httpStatus).toBe(200);
      expect((await replaying.productQuery({ type: 'MOBILE_CREDIT', provider: 'xl' })).httpStatus).toBe(200);
      expect(await freshness(metrics)).toEqual([
        { function: 'dana.digital.goods.product.query', finding: 'stale', action: 'logged', value: 1 },
        { function: 'dana.digital.goods.product.query', finding: 'replay', action: 'logged', value: 1 },
      ]);
    } finally {
      await app.close();
    }
  });

  it('refuses them with signed 401s when told to, and still answers a fresh first request', async () => {
    const { app, client, metrics } = await startPipeline({
      KIOS_REQ_TIME_ENFORCE: 'on',
      KIOS_REFUSE_REPLAYS: 'on',
    });
    try {
      const stale = await client(TEN_MINUTES_MS).productQuery({ type: 'MOBILE_CREDIT', provider: 'xl' });
      expect(stale.httpStatus).toBe(401);
      expect(stale.signature).toMatchObject({ ok: true });
      expect(stale.envelope.response.body.resultInfo).toMatchObject({ resultCode: 'REQUEST_EXPIRED' });
      expect(stale.envelope.response.body.resultInfo.resultMsg).toMatch(
        /600 s ahead of kios's clock, outside ±300 s/,
      );

      const replaying = client(0, sameId);
      const first = await replaying.productQuery({ type: 'MOBILE_CREDIT', provider: 'xl' });
      expect(first.httpStatus).toBe(200);
      const replay = await replaying.productQuery({ type: 'MOBILE_CREDIT', provider: 'xl' });
      expect(replay.httpStatus).toBe(401);
      expect(replay.signature).toMatchObject({ ok: true });
      expect(replay.envelope.response.body.resultInfo).toMatchObject({ resultCode: 'REQUEST_REPLAYED' });
      expect(await freshness(metrics)).toEqual([
        { function: 'dana.digital.goods.product.query', finding: 'stale', action: 'refused', value: 1 },
        { function: 'dana.digital.goods.product.query', finding: 'replay', action: 'refused', value: 1 },
      ]);
    } finally {
      await app.close();
    }
  });
});
