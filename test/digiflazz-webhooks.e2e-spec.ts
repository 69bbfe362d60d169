import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DanaClient } from '@kios/dana-protocol';
import { supplierReferenceFor } from '@kios/fulfillment';
import { digiflazzWebhookStream, orderStream } from '@kios/ordering';
import {
  startSupplierSim,
  type SupplierSim,
  type WebhookDelivery,
  webhookSignature,
} from '../apps/supplier-sim/src';
import { digiflazzEnv, DigiflazzShop, telco } from './support/digiflazz-shop';
import { eventually } from './support/eventually';
import { KiosData } from './support/kios-data';
import { freePort, KiosProcess } from './support/kios-process';
import { sampleValue, scrape } from './support/prometheus-text';

/**
 * Digiflazz's webhooks reaching kios (docs/digiflazz.md §6): kios is a real process with
 * KIOS_SUPPLIER=digiflazz, supplier-sim runs in this process and sends its webhooks, signed with
 * WEBHOOK_SECRET, to kios's POST /suppliers/digiflazz/webhook. A pending (…992) transaction settles
 * PENDING_DELAY_MS after the purchase; kios asks Digiflazz about a pending transaction again only
 * after STATUS_INTERVAL_MS, so a webhook finishes an order long before polling could, and polling
 * finishes it when no webhook comes.
 */
const WEBHOOK_SECRET = 'webhook-e2e-secret';
const PENDING_DELAY_MS = 700;
const STATUS_INTERVAL_MS = 4000;

/** Telco on a number of its own per case: supplier-sim's log is read per customer number. */
const telcoOn = (line: number) => ({
  ...telco,
  destination: (end: string) => ({ primaryParam: `0812987${line}0${end}` }),
});

describe('Digiflazz webhooks at kios (supplier-sim over HTTP)', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaClient;
  let shop: DigiflazzShop;
  let data: KiosData;

  beforeAll(async () => {
    const port = await freePort();
    sim = await startSupplierSim({
      webhookUrl: `http://127.0.0.1:${port}/suppliers/digiflazz/webhook`,
      webhookSecret: WEBHOOK_SECRET,
      pendingDelayMs: PENDING_DELAY_MS,
    });
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        ...digiflazzEnv(sim, {
          KIOS_DIGIFLAZZ_WEBHOOK_SECRET: WEBHOOK_SECRET,
          KIOS_DIGIFLAZZ_STATUS_INTERVAL_MS: String(STATUS_INTERVAL_MS),
        }),
        KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
        KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
      },
    });
    kios.port = port;
    await kios.start();
    dana = kios.client();
    shop = new DigiflazzShop(sim, () => dana);
    data = new KiosData(kios.dataDir);
  }, 30_000);

  afterEach(async () => {
    await sim.webhooksSettled();
    sim.reset();
  });

  afterAll(async () => {
    await kios?.kill();
    await sim?.close();
  });

  /** The webhooks supplier-sim sent (or dropped) about the order's reference, `event` ones only when given. */
  const deliveriesFor = (requestId: string, event?: 'create' | 'update'): WebhookDelivery[] =>
    sim
      .webhookDeliveries()
      .filter((delivery) => delivery.ref_id === supplierReferenceFor(requestId))
      .filter((delivery) => event === undefined || delivery.event === event);

  /** Waits until supplier-sim sent the order's update and kios (or nobody, when dropped) answered it. */
  async function updateAnswered(requestId: string): Promise<WebhookDelivery[]> {
    const updates = await eventually(async () => {
      const sent = deliveriesFor(requestId, 'update');
      expect(sent.length).toBeGreaterThanOrEqual(1);
      return sent;
    }, 10_000);
    await sim.webhooksSettled();
    return deliveriesFor(requestId, 'update').filter((delivery) =>
      updates.some((u) => u.delivery === delivery.delivery),
    );
  }

  const eventsOf = async (requestId: string) => data.streamEvents(orderStream(requestId));

  it('…992: a pending order is finished by the update webhook within 1 s of its arrival, before any status check', async () => {
    const { order, createBody } = await shop.buy(telcoOn(1), '992');
    expect(order.orderStatus.code).toBe('20');
    const [update] = await updateAnswered(createBody.requestId);
    expect(update).toMatchObject({ status: 'Sukses', rc: '00', http_status: 200 });
    expect(update.misbehaviour).toBeUndefined();

    const final = await shop.settlesAs(createBody.requestId, '10');
    expect(final.serialNumber).toBe(sim.transaction(supplierReferenceFor(createBody.requestId))!.data.sn);
    const succeeded = (await eventsOf(createBody.requestId)).find(
      (event) => event.type === 'OrderSucceeded',
    )!;
    const afterWebhookMs = succeeded.recordedAt.getTime() - Date.parse(update.at);
    expect(afterWebhookMs).toBeGreaterThanOrEqual(0);
    expect(afterWebhookMs).toBeLessThan(1000);
    // Caused by the delivery, which is on record: the event's causation is its X-Digiflazz-Delivery id.
    const [received] = await data.streamEvents(digiflazzWebhookStream(update.delivery));
    expect(received).toMatchObject({
      type: 'DigiflazzWebhookReceived',
      data: { deliveryId: update.delivery, rc: '00', status: 'Sukses' },
    });
    expect(succeeded.metadata.causationId).toBe(update.delivery);
    // The webhook's price is what Digiflazz charged: the cost recorded with the success.
    const charged = sim.transaction(supplierReferenceFor(createBody.requestId))!.data.price;
    expect(succeeded.data).toMatchObject({ cost: String(BigInt(charged) * 100n) });
    // No status check was sent: kios's one call is the purchase itself.
    const calls = await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
    expect(calls).toHaveLength(1);
  }, 30_000);

  it('…992 with both webhooks dropped: polling finishes the order, under the same ref_id (the positive control)', async () => {
    sim.control({ webhook: { drop: 2 } });
    const { order, createBody } = await shop.buy(telcoOn(2), '992');
    expect(order.orderStatus.code).toBe('20');
    expect((await updateAnswered(createBody.requestId))[0]).toMatchObject({ misbehaviour: 'dropped' });
    expect(deliveriesFor(createBody.requestId).every((delivery) => delivery.misbehaviour === 'dropped')).toBe(
      true,
    );

    const final = await eventually(async () => {
      const detail = await shop.orderDetail(createBody.requestId);
      expect(detail.orderStatus.code).toBe('10');
      return detail;
    }, STATUS_INTERVAL_MS + 10_000);
    expect(final.serialNumber).toBe(sim.transaction(supplierReferenceFor(createBody.requestId))!.data.sn);
    const calls = await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
    expect(calls.length).toBeGreaterThanOrEqual(2); // the purchase, then its status check
    const [placed] = await eventsOf(createBody.requestId);
    const succeeded = (await eventsOf(createBody.requestId)).find(
      (event) => event.type === 'OrderSucceeded',
    )!;
    expect(succeeded.recordedAt.getTime() - placed.recordedAt.getTime()).toBeGreaterThanOrEqual(
      STATUS_INTERVAL_MS,
    );
  }, 40_000);

  it('…992 with badly signed webhooks: 401, the order unchanged; the same delivery signed right is then recorded', async () => {
    sim.control({ webhook: { badSignature: 2 } });
    const { order, createBody } = await shop.buy(telcoOn(3), '992');
    expect(order.orderStatus.code).toBe('20');
    const [update] = await updateAnswered(createBody.requestId);
    expect(update).toMatchObject({ misbehaviour: 'bad_signature', http_status: 401 });
    expect(deliveriesFor(createBody.requestId, 'create')[0]).toMatchObject({ http_status: 401 });

    expect((await shop.orderDetail(createBody.requestId)).orderStatus.code).toBe('20');
    expect((await eventsOf(createBody.requestId)).map((event) => event.type)).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
    ]);
    expect(await data.streamEvents(digiflazzWebhookStream(update.delivery))).toEqual([]);

    // The refused delivery claimed nothing: the same delivery, signed with the secret, is recorded.
    const body = JSON.stringify({ data: sim.transaction(supplierReferenceFor(createBody.requestId))!.data });
    const response = await fetch(`http://127.0.0.1:${kios.port}/suppliers/digiflazz/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-digiflazz-event': 'update',
        'x-digiflazz-delivery': update.delivery,
        'x-hub-signature': webhookSignature(WEBHOOK_SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: 'recorded', recorded: ['OrderSucceeded'] });
    await shop.settlesAs(createBody.requestId, '10');
    const calls = await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
    expect(calls).toHaveLength(1);
  }, 30_000);

  it('…992 with each webhook sent twice: one delivery event and one OrderSucceeded', async () => {
    sim.control({ webhook: { duplicate: 2 } });
    const { createBody } = await shop.buy(telcoOn(4), '992');
    const copies = await updateAnswered(createBody.requestId);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((copy) => copy.delivery)).size).toBe(1);
    expect(copies.map((copy) => copy.http_status)).toEqual([200, 200]);
    await shop.settlesAs(createBody.requestId, '10');

    expect(await data.streamEvents(digiflazzWebhookStream(copies[0].delivery))).toHaveLength(1);
    const types = (await eventsOf(createBody.requestId)).map((event) => event.type);
    expect(types.filter((type) => type === 'OrderSucceeded')).toHaveLength(1);
    expect(types.filter((type) => !type.startsWith('Callback'))).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
      'OrderSucceeded',
    ]);
    await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
  }, 30_000);

  it('a refund (rc 74) after SUCCESS: the order stays SUCCESS, the reversal is on its stream, flagged, ALERT and counted', async () => {
    const reversalsBefore =
      sampleValue(await scrape(`http://127.0.0.1:${kios.port}`), 'kios_supplier_reversals_total', {
        supplier: 'digiflazz',
      }) ?? 0;
    const { order, createBody } = await shop.buy(telcoOn(5), '348');
    expect(order.orderStatus.code).toBe('10');
    await sim.webhooksSettled();
    const ref = supplierReferenceFor(createBody.requestId);

    sim.refund(ref);
    const [update] = await updateAnswered(createBody.requestId);
    expect(update).toMatchObject({ rc: '74', status: 'Gagal', http_status: 200 });

    const reversal = await eventually(async () => {
      const found = (await eventsOf(createBody.requestId)).find(
        (event) => event.type === 'FulfilmentReversed',
      );
      expect(found).toBeDefined();
      return found!;
    });
    expect(reversal.data).toMatchObject({
      requestId: createBody.requestId,
      rc: '74',
      message: 'Transaksi Refund',
    });
    expect(await shop.orderDetail(createBody.requestId)).toEqual(order);

    const alert = await eventually(async () => {
      const line = kios.log
        .split('\n')
        .find((text) => text.includes('OPERATOR ALERT') && text.includes(createBody.requestId));
      expect(line).toBeDefined();
      return line!;
    });
    expect(alert).toContain(`supplier reference ${ref}`);
    expect(alert).toContain('rc 74 (Transaksi Refund)');

    const reversals = sampleValue(
      await scrape(`http://127.0.0.1:${kios.port}`),
      'kios_supplier_reversals_total',
      {
        supplier: 'digiflazz',
      },
    );
    expect(reversals).toBe(reversalsBefore + 1);

    // The operators' listing reads the flag from the order_detail read model.
    const flag = await eventually(async () => {
      const readModel = new Database(join(kios.dataDir, 'read.db'), { readonly: true });
      try {
        const row = readModel
          .prepare('SELECT status, operator_flag_reason FROM order_detail WHERE request_id = ?')
          .get(createBody.requestId) as { status: string; operator_flag_reason: string | null };
        expect(row.operator_flag_reason).not.toBeNull();
        return row;
      } finally {
        readModel.close();
      }
    });
    expect(flag).toEqual({
      status: 'succeeded',
      operator_flag_reason: 'reversed by the supplier: rc 74 (Transaksi Refund)',
    });
    await shop.expectOneRefOneTransaction(createBody.requestId, createBody.destinationInfo);
  }, 30_000);
});
