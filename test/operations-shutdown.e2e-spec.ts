import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@kios/event-store';
import { orderStream } from '@kios/ordering';
import { eventually } from './support/eventually';
import { KiosProcess } from './support/kios-process';
import { sampleValue, scrape } from './support/prometheus-text';

/** How long Create Order waits for a supplier that does not answer (docs/architecture.md §7, `…994`). */
const SUPPLIER_BUDGET_MS = 3000;

describe('graceful shutdown on SIGTERM (issue #9)', () => {
  const kios = new KiosProcess({
    env: { KIOS_SUPPLIER_BUDGET_MS: String(SUPPLIER_BUDGET_MS), KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' },
  });

  beforeAll(() => kios.start(), 30_000);
  afterAll(() => kios.kill('SIGKILL'));

  it('answers and stores a Create Order in flight, refuses new requests, then closes the stores and exits', async () => {
    const origin = `http://127.0.0.1:${kios.port}`;
    const requestId = `SHUT-${randomUUID()}`;
    const answer = kios.client().createOrder({
      requestId,
      productId: 'TSEL-10K',
      destinationInfo: { primaryParam: '081234567994' },
      danaSellingPrice: { value: '1025000', currency: 'IDR' },
    });
    await eventually(
      async () =>
        expect(
          sampleValue(await scrape(origin), 'kios_dana_requests_in_flight', {
            function: 'dana.digital.goods.order.create',
          }),
        ).toBe(1),
      2000,
      20,
    );
    const sentAt = Date.now();
    const exited = kios.kill('SIGTERM');

    // No new request is taken while the order is still being worked on.
    await eventually(() => expect(fetch(`${origin}/health`)).rejects.toThrow(), 2000, 20);
    expect(Date.now() - sentAt).toBeLessThan(SUPPLIER_BUDGET_MS - 500);

    const reply = await answer;
    expect(reply.httpStatus).toBe(200);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.envelope.response.body.order).toMatchObject({
      requestId,
      orderStatus: { status: 'PENDING' },
    });
    await exited;

    const store = SqliteEventStore.open(join(kios.dataDir, 'events.db'));
    try {
      const stored = (await store.readStream(orderStream(requestId))).map((event) => event.type);
      expect(stored).toEqual(
        expect.arrayContaining(['OrderPlaced', 'FulfilmentRequested', 'FulfilmentInDoubt']),
      );
    } finally {
      await store.close();
    }

    const messages = kios.log
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { msg: string; requestId?: string });
    const order = (predicate: (line: { msg: string; requestId?: string }) => boolean) =>
      messages.findIndex(predicate);
    const drainStarted = order(
      (line) => line.msg === 'shutting down: no new requests; waiting for 1 in flight',
    );
    const answered = order((line) => line.msg === 'request completed' && line.requestId === requestId);
    const drained = order((line) => line.msg.startsWith('HTTP server closed'));
    const storesClosed = order((line) => line.msg === 'event store and read model closed');
    expect(drainStarted).toBeGreaterThanOrEqual(0);
    expect([drainStarted, answered, drained, storesClosed]).toEqual(
      [drainStarted, answered, drained, storesClosed].sort((a, b) => a - b),
    );
    expect(order((line) => line.msg.startsWith('projection order_detail stopped'))).toBeGreaterThan(drained);
  });
});
