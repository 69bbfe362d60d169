import { createHmac } from 'node:crypto';
import { startSupplierSim, type SupplierSim } from '../src';
import { Buyer, eventually, KEY, USERNAME, webhookReceiver, type ReceivedWebhook } from './buyer-client';

const SECRET = 'webhook-secret-for-tests';
const PENDING_DELAY_MS = 100;

/** Verified here by the documented rule, apart from supplier-sim's code: sha1= + hex HMAC-SHA1 of the raw body. */
const signedBy = (secret: string, webhook: ReceivedWebhook) =>
  webhook.headers['x-hub-signature'] ===
  `sha1=${createHmac('sha1', secret).update(webhook.rawBody, 'utf8').digest('hex')}`;

let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let sim: SupplierSim;
let buyer: Buyer;
let refs = 0;
const ref = () => `HOOK-${++refs}`;

beforeAll(async () => {
  receiver = await webhookReceiver();
  sim = await startSupplierSim({
    username: USERNAME,
    key: KEY,
    webhookSecret: SECRET,
    webhookUrl: receiver.url,
    pendingDelayMs: PENDING_DELAY_MS,
  });
  buyer = new Buyer(sim.url);
});
afterEach(async () => {
  await sim.webhooksSettled();
  sim.reset({ all: true });
  receiver.received.length = 0;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe('supplier-sim webhooks', () => {
  it('posts the transaction as {data} with the event, a delivery id, the Hookshot agent and a correct HMAC-SHA1', async () => {
    const { data } = await buyer.topUp(ref(), 'TSEL10', '081234567000');
    await eventually(() => receiver.received.length === 1);
    const [webhook] = receiver.received;
    expect(webhook.headers).toMatchObject({
      'x-digiflazz-event': 'create',
      'user-agent': 'Digiflazz-Hookshot',
      'content-type': 'application/json',
    });
    expect(webhook.headers['x-digiflazz-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(signedBy(SECRET, webhook)).toBe(true);
    expect(JSON.parse(webhook.rawBody)).toEqual({ data });
  });

  it('sends create when a pending purchase starts and update when it settles', async () => {
    const refId = ref();
    await buyer.topUp(refId, 'TSEL10', '081234567992');
    await eventually(() => receiver.received.length === 2);
    const events = receiver.received.map((webhook) => ({
      event: webhook.headers['x-digiflazz-event'],
      status: JSON.parse(webhook.rawBody).data.status,
    }));
    expect(events).toEqual([
      { event: 'create', status: 'Pending' },
      { event: 'update', status: 'Sukses' },
    ]);
    expect(receiver.received.every((webhook) => signedBy(SECRET, webhook))).toBe(true);
  });

  it('sends to the cb_url of the transaction instead, and as Digiflazz-Pasca-Hookshot for a bill payment', async () => {
    const other = await webhookReceiver();
    try {
      const refId = ref();
      await buyer.postpaid('inq-pasca', refId, 'PLNPOSTPAID', '532110012345');
      await buyer.call('/v1/transaction', {
        commands: 'pay-pasca',
        ...buyer.transactionBody(refId, 'PLNPOSTPAID', '532110012345', { cb_url: other.url }),
      });
      await eventually(() => other.received.length === 1);
      expect(other.received[0].headers['user-agent']).toBe('Digiflazz-Pasca-Hookshot');
      expect(receiver.received).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('sends an update with rc 74 when a transaction is refunded, the price back in the deposit', async () => {
    const refId = ref();
    await buyer.topUp(refId, 'TSEL10', '081234567000');
    const refunded = await fetch(`${sim.url}/_control/refund`, {
      method: 'POST',
      body: JSON.stringify({ ref_id: refId }),
    });
    expect(refunded.status).toBe(200);
    await eventually(() => receiver.received.length === 2);
    expect(JSON.parse(receiver.received[1].rawBody).data).toMatchObject({ rc: '74', status: 'Gagal' });
    expect(sim.deposit).toBe(5_000_000);
    expect((await buyer.topUp(refId, 'TSEL10', '081234567000')).data.rc).toBe('74');
  });
});

describe('supplier-sim webhook misbehaviour', () => {
  it('drops the next webhook', async () => {
    sim.control({ webhook: { drop: 1 } });
    await buyer.topUp(ref(), 'TSEL10', '081234567000');
    await buyer.topUp(ref(), 'TSEL10', '081234567001');
    await eventually(() => receiver.received.length === 1);
    await sim.webhooksSettled();
    expect(sim.webhookDeliveries().map((delivery) => delivery.misbehaviour)).toEqual(['dropped', undefined]);
    expect(receiver.received).toHaveLength(1);
  });

  it('sends the next webhook twice, with one delivery id', async () => {
    sim.control({ webhook: { duplicate: 1 } });
    await buyer.topUp(ref(), 'TSEL10', '081234567000');
    await eventually(() => receiver.received.length === 2);
    const [first, second] = receiver.received;
    expect(second.rawBody).toBe(first.rawBody);
    expect(second.headers['x-digiflazz-delivery']).toBe(first.headers['x-digiflazz-delivery']);
  });

  it('signs the next webhook with the wrong secret', async () => {
    sim.control({ webhook: { badSignature: 1 } });
    await buyer.topUp(ref(), 'TSEL10', '081234567000');
    await buyer.topUp(ref(), 'TSEL10', '081234567001');
    await eventually(() => receiver.received.length === 2);
    const byRef = (refId: string) =>
      receiver.received.find((webhook) => JSON.parse(webhook.rawBody).data.ref_id === refId)!;
    expect(signedBy(SECRET, byRef(`HOOK-${refs - 1}`))).toBe(false);
    expect(signedBy(SECRET, byRef(`HOOK-${refs}`))).toBe(true);
  });

  it('sends webhooks late by the given delay', async () => {
    sim.control({ webhook: { delayMs: 300 } });
    const sent = Date.now();
    await buyer.topUp(ref(), 'TSEL10', '081234567000');
    await eventually(() => receiver.received.length === 1);
    expect(receiver.received[0].at - sent).toBeGreaterThanOrEqual(290);
    // supplier-sim records the answer's status once it has read it, after the receiver has the webhook.
    await eventually(() => sim.webhookDeliveries()[0]?.http_status !== undefined);
    expect(sim.webhookDeliveries()[0]).toMatchObject({ delayed_ms: 300, http_status: 200 });
  });
});
