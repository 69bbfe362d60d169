import { systemClock } from '@kios/dana-protocol';
import { openEventStore } from '@kios/event-store';
import {
  callbackEvents,
  createOrder,
  phone,
  settle,
  streamOf,
  typesOf,
  useCallbackE2e,
} from './support/callback-e2e';
import { eventually } from './support/eventually';

describe('Order Complete Callback after a crash (SIGKILL), kios and dana-sim over HTTP', () => {
  const e2e = useCallbackE2e();

  async function crashAt(point: string, requestId: string): Promise<{ dataDir: string; store: string }> {
    const crashing = await e2e.startKios({ KIOS_FAULT_INJECTION: point });
    expect(await createOrder(crashing, requestId, phone('992'))).toBe('PENDING');
    await eventually(
      async () => expect(crashing.log).toContain(`${point}: killing the process with SIGKILL`),
      15_000,
    );
    await crashing.kill('SIGKILL'); // already gone: this only waits for it
    return { dataDir: crashing.dataDir, store: crashing.env().KIOS_EVENT_STORE };
  }

  async function restart(dataDir: string, storeUrl: string, requestId: string) {
    const restarted = await e2e.startKios({}, dataDir);
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
    expect(await e2e.sim.callbacksFor('CB-CRASH-BEFORE')).toEqual([]);

    const { stream } = await restart(dataDir, store, 'CB-CRASH-BEFORE');
    expect(callbackEvents(stream).map((event) => [event.type, event.data.attempt])).toEqual([
      ['CallbackDelivered', 1],
    ]);
    const received = await e2e.sim.callbacksFor('CB-CRASH-BEFORE');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      signatureValid: true,
      answer: 'S',
      orderStatus: { status: 'SUCCESS' },
    });
  }, 60_000);

  it('sends it once more, with the same status, when kios died after DANA answered but before recording it', async () => {
    const { dataDir, store } = await crashAt('crash-after-callback-answer', 'CB-CRASH-AFTER');
    const accepted = await e2e.sim.callbacksFor('CB-CRASH-AFTER');
    expect(accepted.map((callback) => callback.answer)).toEqual(['S']);
    const beforeRestart = await openEventStore(store, { clock: systemClock });
    expect(callbackEvents(await streamOf(beforeRestart, 'CB-CRASH-AFTER'))).toEqual([]);
    await beforeRestart.close();

    const { stream } = await restart(dataDir, store, 'CB-CRASH-AFTER');
    expect(callbackEvents(stream).map((event) => [event.type, event.data.attempt])).toEqual([
      ['CallbackDelivered', 1],
    ]);
    const received = await e2e.sim.callbacksFor('CB-CRASH-AFTER');
    expect(received).toHaveLength(2);
    expect(received[1].reqMsgId).not.toBe(received[0].reqMsgId);
    expect(received[1].orders).toEqual(received[0].orders);
    expect(received.map((callback) => callback.orderStatus?.status)).toEqual(['SUCCESS', 'SUCCESS']);
  }, 60_000);
});
