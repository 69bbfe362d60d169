import { formatEventTime } from '@kios/audit';
import { systemClock } from '@kios/dana-protocol';
import { type EventStore, openEventStore } from '@kios/event-store';
import {
  AGGREGATOR_ID,
  callbackEvents,
  createOrder,
  KIOS_CALLBACK_TIMEOUT_MS,
  PARTNER_ID,
  phone,
  settle,
  streamOf,
  typesOf,
  useCallbackE2e,
} from './support/callback-e2e';
import { eventually } from './support/eventually';
import type { KiosProcess } from './support/kios-process';
import { runApp } from './support/run-cli';

describe('Order Complete Callback, kios and dana-sim over HTTP', () => {
  const e2e = useCallbackE2e();
  let kios: KiosProcess;
  let events: EventStore;

  beforeAll(async () => {
    kios = await e2e.startKios();
    events = await openEventStore(kios.env().KIOS_EVENT_STORE, { clock: systemClock });
  }, 60_000);

  afterAll(async () => {
    await events?.close();
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
      const received = await e2e.sim.callbacksFor(requestId);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ signatureValid: true, problems: [], answer: 'S' });
      expect(received[0].orderStatus).toMatchObject({ code, status });
      expect(received[0].orders).toMatchObject({
        partnerId: PARTNER_ID,
        aggregatorId: AGGREGATOR_ID,
        requestId,
      });
    }
    const pendingSuccess = (await e2e.sim.callbacksFor('CB-PENDING-OK'))[0].orders!;
    expect(pendingSuccess.serialNumber).toMatch(/\S/);

    for (const requestId of ['CB-AT-ONCE-OK', 'CB-AT-ONCE-FAIL']) {
      expect(await e2e.sim.callbacksFor(requestId)).toEqual([]);
      expect(callbackEvents(await streamOf(events, requestId))).toEqual([]);
    }
  }, 30_000);

  it('retries HTTP 500, no answer and U with backoff, then records the delivery on the 4th attempt', async () => {
    await e2e.sim.misbehave({ next: ['http500', 'no_answer', 'U'] });
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

    // The list shows when the delivering attempt was sent, in GMT+7 whatever the host's zone, and no
    // refusal of the attempts before it: DANA accepted the callback.
    const deliveredAt = formatEventTime(new Date(callbacks[3].data.deliveredAt as string));
    const row = await eventually(async () => {
      const run = await runApp('kios-cli', ['callbacks', 'list', '--state', 'delivered'], {
        ...kios.env(),
        TZ: 'America/New_York',
      });
      expect(run.code).toBe(0);
      const found = run.stdout.split('\n').find((line) => line.startsWith('CB-FLAKY '));
      expect(found).toBeDefined();
      return found!;
    });
    const header = (await runApp('kios-cli', ['callbacks', 'list'], kios.env())).stdout.split('\n')[0];
    expect(header).toMatch(
      /^REQUEST ID\s+STATE\s+FINAL\s+ATTEMPTS\s+LAST ATTEMPT\s+NEXT ATTEMPT\s+LAST REASON$/,
    );
    expect(deliveredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
    expect(row.split(/\s{2,}/)).toEqual(['CB-FLAKY', 'delivered', 'SUCCESS', '4', deliveredAt, '-', '-']);
    expect(row).not.toContain('DANA does not know');

    const received = await e2e.sim.callbacksFor('CB-FLAKY');
    expect(received.map((callback) => callback.answer)).toEqual(['http500', 'no_answer', 'U', 'S']);
    expect(new Set(received.map((callback) => callback.reqMsgId)).size).toBe(4);
    for (const callback of received) {
      expect(callback.signatureValid).toBe(true);
      expect(callback.orders).toEqual(received[0].orders);
    }
  }, 40_000);

  it('sends within one settle() a callback still owed after an attempt: the control of every "nothing more after settle()" check', async () => {
    await e2e.sim.misbehave({ next: ['http500'] });
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
    expect((await e2e.sim.callbacksFor('CB-SETTLE-CONTROL')).map((callback) => callback.answer)).toEqual([
      'http500',
      'S',
    ]);
  }, 30_000);

  it('does not trust a wrongly signed S: it tries again', async () => {
    await e2e.sim.misbehave({ next: ['bad_signature'] });
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
    await e2e.sim.misbehave({ mode: 'F', count: 1 });
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
    expect(await e2e.sim.callbacksFor('CB-REFUSED')).toHaveLength(1);
    expect(kios.log).toContain('ALERT order CB-REFUSED: Order Complete Callback (FAILED) abandoned');

    const listed = await eventually(async () => {
      const run = await runApp('kios-cli', ['callbacks', 'list', '--state', 'abandoned'], kios.env());
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /CB-REFUSED\s+abandoned\s+FAILED\s+1\s+\S+\.\d{3}\+07:00\s+-\s+DANA refused the callback \(F /,
      );
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
    const received = await e2e.sim.callbacksFor('CB-REFUSED');
    expect(received.map((callback) => [callback.answer, callback.orderStatus?.status])).toEqual([
      ['F', 'FAILED'],
      ['S', 'FAILED'],
    ]);

    const again = await runApp('kios-cli', ['callbacks', 'retry', 'CB-REFUSED'], kios.env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already delivered; only an abandoned callback can be retried');
  }, 40_000);
});
