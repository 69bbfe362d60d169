import 'reflect-metadata';
import { verifySignedBody } from '@kios/dana-protocol';
import type { KiosMetrics } from '../../src/observability/metrics/kios-metrics';
import { kios, type Pipeline, startPipeline } from './signed-pipeline';

/** What the signed pipeline does with stale, replayed and flooding requests (README "Abuse limits", "The replay window"). */
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
      expect(replay.envelope.response.body.resultInfo).toMatchObject({
        resultCode: 'REQUEST_REPLAYED',
        // When it was first seen, in GMT+7 as DANA writes time.
        resultMsg: expect.stringMatching(
          /^reqMsgId msg-replayed was seen at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00, /,
        ),
      });
      expect(await freshness(metrics)).toEqual([
        { function: 'dana.digital.goods.product.query', finding: 'stale', action: 'refused', value: 1 },
        { function: 'dana.digital.goods.product.query', finding: 'replay', action: 'refused', value: 1 },
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('the rate limit per client address', () => {
  const body = { type: 'MOBILE_CREDIT', provider: 'xl' };
  const send = async (pipeline: Pipeline, headers: Record<string, string> = {}) => {
    const request = pipeline.client().presign('productQuery', body);
    const response = await fetch(`${pipeline.baseUrl}${request.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: request.bodyText,
    });
    return { status: response.status, text: await response.text() };
  };

  it('answers a client over KIOS_RATE_LIMIT_PER_MINUTE with a signed 429, and only that client', async () => {
    const pipeline = await startPipeline({
      KIOS_RATE_LIMIT_PER_MINUTE: '2',
      KIOS_TRUSTED_PROXIES: '127.0.0.1',
    });
    try {
      // Through the trusted proxy (this test), each forwarded client has its own budget.
      const viaProxy = (client: string) => send(pipeline, { 'x-forwarded-for': `203.0.113.9, ${client}` });
      expect((await viaProxy('198.51.100.1')).status).toBe(200);
      expect((await viaProxy('198.51.100.1')).status).toBe(200);
      const refused = await viaProxy('198.51.100.1');
      expect(refused.status).toBe(429);
      expect(verifySignedBody(refused.text, 'response', kios.publicKey)).toMatchObject({ ok: true });
      expect(JSON.parse(refused.text).response.body.resultInfo).toMatchObject({
        resultCode: 'TOO_MANY_REQUESTS',
        resultMsg: expect.stringContaining('more than 2 requests a minute from 198.51.100.1'),
      });
      expect((await viaProxy('198.51.100.2')).status).toBe(200);
    } finally {
      await pipeline.app.close();
    }
  });

  it('keys an untrusted sender by its own address whatever it forwards, and never limits DANA’s addresses', async () => {
    const limited = await startPipeline({ KIOS_RATE_LIMIT_PER_MINUTE: '1' });
    try {
      expect((await send(limited, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200);
      expect((await send(limited, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(429);
    } finally {
      await limited.app.close();
    }
    const dana = await startPipeline({
      KIOS_RATE_LIMIT_PER_MINUTE: '1',
      KIOS_DANA_ADDRESSES: '10.0.0.1, 127.0.0.1',
    });
    try {
      for (let i = 0; i < 3; i += 1) expect((await send(dana)).status).toBe(200);
    } finally {
      await dana.app.close();
    }
  });
});
