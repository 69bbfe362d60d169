import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevKeys, systemClock } from '@kios/dana-protocol';
import { type EventStore, openEventStore, type RecordedEvent } from '@kios/event-store';
import { orderStream } from '@kios/ordering';
import { eventually } from './support/eventually';
import { DanaSim } from './support/dana-sim-process';
import { KiosProcess, tempDataDir } from './support/kios-process';
import { runApp } from './support/run-cli';

const PARTNER_ID = '216620000000000000042';
const AGGREGATOR_ID = 'AGG-CALLBACK-TEST';
const KIOS_CALLBACK_TIMEOUT_MS = 1000;

/** Ends with 992: pending, then SUCCESS; 993: pending, then FAILED; 991: FAILED at once; others: SUCCESS at once (docs/architecture.md §7). */
const phone = (ending: string) => `08123456${ending.padStart(4, '7')}`;

describe('Order Complete Callback, kios and dana-sim over HTTP', () => {
  /** One pair of dev keys for every kios here, so one dana-sim verifies them all. */
  const keysHome = tempDataDir('kios-callback-keys-');
  let sim: DanaSim;
  let kios: KiosProcess;
  let events: EventStore;
  const started: KiosProcess[] = [];

  function kiosEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      KIOS_DANA_BASE_URL: sim.baseUrl,
      KIOS_PARTNER_ID: PARTNER_ID,
      KIOS_AGGREGATOR_ID: AGGREGATOR_ID,
      KIOS_SIM_DELAY_MS: '300',
      KIOS_FULFILMENT_FIRST_CHECK_MS: '200',
      KIOS_CALLBACK_SCHEDULE: '200ms,400ms,800ms',
      KIOS_CALLBACK_TIMEOUT_MS: String(KIOS_CALLBACK_TIMEOUT_MS),
      KIOS_CALLBACK_POLL_MS: '100',
      ...extra,
    };
  }

  /** A kios on its own stores, with the shared keys; `dataDir` reuses the stores of an earlier run. */
  async function startKios(
    extra: Record<string, string> = {},
    dataDir = tempDataDir(),
  ): Promise<KiosProcess> {
    cpSync(join(keysHome, 'keys'), join(dataDir, 'keys'), { recursive: true });
    const started_ = new KiosProcess({ dataDir, env: kiosEnv(extra) });
    started.push(started_);
    return started_.start();
  }

  async function createOrder(on: KiosProcess, requestId: string, destination: string): Promise<string> {
    const reply = await on.client().createOrder({
      requestId,
      productId: 'TSEL-10K',
      destinationInfo: { primaryParam: destination },
      danaSellingPrice: { value: '1025000', currency: 'IDR' },
    });
    expect(reply.httpStatus).toBe(200);
    expect(reply.signature).toMatchObject({ ok: true });
    return reply.envelope.response.body.order.orderStatus.status;
  }

  async function streamOf(store: EventStore, requestId: string): Promise<RecordedEvent[]> {
    return store.readStream(orderStream(requestId));
  }

  const typesOf = (recorded: RecordedEvent[]) => recorded.map((event) => event.type);
  const callbackEvents = (recorded: RecordedEvent[]) =>
    recorded.filter((event) => event.type.startsWith('Callback'));

  /** Longer than the dispatcher needs to send anything still due (poll 100 ms, first retry 200 ms). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

  beforeAll(async () => {
    ensureDevKeys(keysHome);
    sim = await DanaSim.start(keysHome);
    kios = await startKios();
    events = await openEventStore(kios.env().KIOS_EVENT_STORE, { clock: systemClock });
  }, 60_000);

  afterAll(async () => {
    await events?.close();
    await Promise.all(started.map((process) => process.kill()));
    await sim?.stop();
  });

  it('sends exactly one callback per order that was answered PENDING, with the final status, signed; none for orders final at once', async () => {
    expect(await createOrder(kios, 'CB-AT-ONCE-OK', phone('123'))).toBe('SUCCESS');
    expect(await createOrder(kios, 'CB-AT-ONCE-FAIL', phone('991'))).toBe('FAILED');
    expect(await createOrder(kios, 'CB-PENDING-OK', phone('992'))).toBe('PENDING');
    expect(await createOrder(kios, 'CB-PENDING-FAIL', phone('993'))).toBe('PENDING');

    await eventually(async () => {
      for (const requestId of ['CB-PENDING-OK', 'CB-PENDING-FAIL']) {
        expect(typesOf(await streamOf(events, requestId))).toContain('CallbackDelivered');
      }
    }, 15_000);
    await settle();

    for (const [requestId, status, code] of [
      ['CB-PENDING-OK', 'SUCCESS', '10'],
      ['CB-PENDING-FAIL', 'FAILED', '30'],
    ]) {
      expect(callbackEvents(await streamOf(events, requestId)).map((event) => event.type)).toEqual([
        'CallbackDelivered',
      ]);
      const received = await sim.callbacksFor(requestId);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ signatureValid: true, problems: [], answer: 'S' });
      expect(received[0].orderStatus).toMatchObject({ code, status });
      expect(received[0].orders).toMatchObject({
        partnerId: PARTNER_ID,
        aggregatorId: AGGREGATOR_ID,
        requestId,
      });
    }
    const pendingSuccess = (await sim.callbacksFor('CB-PENDING-OK'))[0].orders!;
    expect(pendingSuccess.serialNumber).toMatch(/\S/);

    for (const requestId of ['CB-AT-ONCE-OK', 'CB-AT-ONCE-FAIL']) {
      expect(await sim.callbacksFor(requestId)).toEqual([]);
      expect(callbackEvents(await streamOf(events, requestId))).toEqual([]);
    }
  }, 30_000);

  it('retries HTTP 500, no answer and U with backoff, then records the delivery on the 4th attempt', async () => {
    await sim.misbehave({ next: ['http500', 'no_answer', 'U'] });
    expect(await createOrder(kios, 'CB-FLAKY', phone('992'))).toBe('PENDING');

    await eventually(
      async () => expect(typesOf(await streamOf(events, 'CB-FLAKY'))).toContain('CallbackDelivered'),
      20_000,
    );
    await settle();

    const callbacks = callbackEvents(await streamOf(events, 'CB-FLAKY'));
    expect(callbacks.map((event) => [event.type, event.data.attempt])).toEqual([
      ['CallbackAttempted', 1],
      ['CallbackAttempted', 2],
      ['CallbackAttempted', 3],
      ['CallbackDelivered', 4],
    ]);
    const [first, second, third] = callbacks.map((event) => event.data);
    expect(first.reason).toBe('DANA answered HTTP 500');
    expect(second.reason).toBe(`no answer from DANA within ${KIOS_CALLBACK_TIMEOUT_MS} ms`);
    expect(third.reason).toMatch(/^DANA does not know the outcome \(U /);
    const waits = [first, second, third].map(
      (attempt) => Date.parse(attempt.nextAttemptAt as string) - Date.parse(attempt.attemptedAt as string),
    );
    expect(waits[0]).toBeGreaterThanOrEqual(160); // 200 ms ± 20 % jitter
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(waits[2]).toBeGreaterThan(waits[1]);

    const received = await sim.callbacksFor('CB-FLAKY');
    expect(received.map((callback) => callback.answer)).toEqual(['http500', 'no_answer', 'U', 'S']);
    expect(new Set(received.map((callback) => callback.reqMsgId)).size).toBe(4);
    for (const callback of received) {
      expect(callback.signatureValid).toBe(true);
      expect(callback.orders).toEqual(received[0].orders);
    }
  }, 40_000);

  it('sends within one settle() a callback still owed after an attempt: the control of every "nothing more after settle()" check', async () => {
    await sim.misbehave({ next: ['http500'] });
    expect(await createOrder(kios, 'CB-SETTLE-CONTROL', phone('992'))).toBe('PENDING');
    await eventually(
      async () => expect(typesOf(await streamOf(events, 'CB-SETTLE-CONTROL'))).toContain('CallbackAttempted'),
      15_000,
      20,
    );
    await settle();

    expect(callbackEvents(await streamOf(events, 'CB-SETTLE-CONTROL')).map((event) => event.type)).toEqual([
      'CallbackAttempted',
      'CallbackDelivered',
    ]);
    expect((await sim.callbacksFor('CB-SETTLE-CONTROL')).map((callback) => callback.answer)).toEqual([
      'http500',
      'S',
    ]);
  }, 30_000);

  it('does not trust a wrongly signed S: it tries again', async () => {
    await sim.misbehave({ next: ['bad_signature'] });
    expect(await createOrder(kios, 'CB-FORGED', phone('993'))).toBe('PENDING');
    await eventually(
      async () => expect(typesOf(await streamOf(events, 'CB-FORGED'))).toContain('CallbackDelivered'),
      15_000,
    );
    const callbacks = callbackEvents(await streamOf(events, 'CB-FORGED'));
    expect(callbacks.map((event) => event.type)).toEqual(['CallbackAttempted', 'CallbackDelivered']);
    expect(callbacks[0].data.reason).toBe("DANA's answer is not trusted: signature does not match");
  }, 30_000);

  it('abandons a callback DANA refuses with F at once, lists it as abandoned, and sends it again on an operator’s retry', async () => {
    await sim.misbehave({ mode: 'F', count: 1 });
    expect(await createOrder(kios, 'CB-REFUSED', phone('993'))).toBe('PENDING');
    await eventually(
      async () => expect(typesOf(await streamOf(events, 'CB-REFUSED'))).toContain('CallbackAbandoned'),
      15_000,
    );
    await settle();
    expect(callbackEvents(await streamOf(events, 'CB-REFUSED')).map((event) => event.type)).toEqual([
      'CallbackAttempted',
      'CallbackAbandoned',
    ]);
    expect(await sim.callbacksFor('CB-REFUSED')).toHaveLength(1);
    expect(kios.log).toContain('ALERT order CB-REFUSED: Order Complete Callback (FAILED) abandoned');

    const listed = await eventually(async () => {
      const run = await runApp('kios-cli', ['callbacks', 'list', '--state', 'abandoned'], kios.env());
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/CB-REFUSED\s+abandoned\s+FAILED\s+1\s+-\s+DANA refused the callback \(F /);
      return run.stdout;
    });
    expect(listed).not.toContain('CB-PENDING-OK');
    const pending = await runApp(
      'kios-cli',
      ['callbacks', 'list', '--state', 'delivered', '--json'],
      kios.env(),
    );
    expect(JSON.parse(pending.stdout).map((entry: { requestId: string }) => entry.requestId)).toContain(
      'CB-FLAKY',
    );

    const retry = await runApp('kios-cli', ['callbacks', 'retry', 'CB-REFUSED'], kios.env());
    expect(retry.stderr).toBe('');
    expect(retry.code).toBe(0);
    await eventually(
      async () => expect(typesOf(await streamOf(events, 'CB-REFUSED'))).toContain('CallbackDelivered'),
      15_000,
    );
    const callbacks = callbackEvents(await streamOf(events, 'CB-REFUSED'));
    expect(callbacks.map((event) => [event.type, event.data.attempt])).toEqual([
      ['CallbackAttempted', 1],
      ['CallbackAbandoned', undefined],
      ['CallbackRetryRequested', undefined],
      ['CallbackDelivered', 2],
    ]);
    const received = await sim.callbacksFor('CB-REFUSED');
    expect(received.map((callback) => [callback.answer, callback.orderStatus?.status])).toEqual([
      ['F', 'FAILED'],
      ['S', 'FAILED'],
    ]);

    const again = await runApp('kios-cli', ['callbacks', 'retry', 'CB-REFUSED'], kios.env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already delivered; only an abandoned callback can be retried');
  }, 40_000);

  describe('after a crash (SIGKILL)', () => {
    async function crashAt(point: string, requestId: string): Promise<{ dataDir: string; store: string }> {
      const crashing = await startKios({ KIOS_FAULT_INJECTION: point });
      expect(await createOrder(crashing, requestId, phone('992'))).toBe('PENDING');
      await eventually(
        async () => expect(crashing.log).toContain(`${point}: killing the process with SIGKILL`),
        15_000,
      );
      await crashing.kill('SIGKILL'); // already gone: this only waits for it
      return { dataDir: crashing.dataDir, store: crashing.env().KIOS_EVENT_STORE };
    }

    async function restart(dataDir: string, storeUrl: string, requestId: string) {
      const restarted = await startKios({}, dataDir);
      const store = await openEventStore(storeUrl, { clock: systemClock });
      try {
        await eventually(
          async () => expect(typesOf(await streamOf(store, requestId))).toContain('CallbackDelivered'),
          15_000,
        );
        await settle();
        return { restarted, stream: await streamOf(store, requestId) };
      } finally {
        await store.close();
      }
    }

    it('sends the callback after a restart when kios died after storing the final status, before sending', async () => {
      const { dataDir, store } = await crashAt('crash-before-callback-send', 'CB-CRASH-BEFORE');
      const beforeRestart = await openEventStore(store, { clock: systemClock });
      const stored = await streamOf(beforeRestart, 'CB-CRASH-BEFORE');
      await beforeRestart.close();
      expect(typesOf(stored)).toContain('OrderSucceeded');
      expect(callbackEvents(stored)).toEqual([]);
      expect(await sim.callbacksFor('CB-CRASH-BEFORE')).toEqual([]);

      const { stream } = await restart(dataDir, store, 'CB-CRASH-BEFORE');
      expect(callbackEvents(stream).map((event) => [event.type, event.data.attempt])).toEqual([
        ['CallbackDelivered', 1],
      ]);
      const received = await sim.callbacksFor('CB-CRASH-BEFORE');
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        signatureValid: true,
        answer: 'S',
        orderStatus: { status: 'SUCCESS' },
      });
    }, 60_000);

    it('sends it once more, with the same status, when kios died after DANA answered but before recording it', async () => {
      const { dataDir, store } = await crashAt('crash-after-callback-answer', 'CB-CRASH-AFTER');
      const accepted = await sim.callbacksFor('CB-CRASH-AFTER');
      expect(accepted.map((callback) => callback.answer)).toEqual(['S']);
      const beforeRestart = await openEventStore(store, { clock: systemClock });
      expect(callbackEvents(await streamOf(beforeRestart, 'CB-CRASH-AFTER'))).toEqual([]);
      await beforeRestart.close();

      const { stream } = await restart(dataDir, store, 'CB-CRASH-AFTER');
      expect(callbackEvents(stream).map((event) => [event.type, event.data.attempt])).toEqual([
        ['CallbackDelivered', 1],
      ]);
      const received = await sim.callbacksFor('CB-CRASH-AFTER');
      expect(received).toHaveLength(2);
      expect(received[1].reqMsgId).not.toBe(received[0].reqMsgId);
      expect(received[1].orders).toEqual(received[0].orders);
      expect(received.map((callback) => callback.orderStatus?.status)).toEqual(['SUCCESS', 'SUCCESS']);
    }, 60_000);
  });
});
