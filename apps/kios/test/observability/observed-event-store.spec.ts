import { Logger } from '@nestjs/common';
import { FixedClock } from '@kios/dana-protocol';
import { ConcurrencyError, HashChainedEventStore, InMemoryEventStore } from '@kios/event-store';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';
import { observeEventStore } from '../../src/observability/metrics/observed-event-store';

const clock = new FixedClock(new Date('2026-11-26T03:00:00Z'));

describe('the observed event store', () => {
  let metrics: KiosMetrics;
  let inner: HashChainedEventStore;
  let store: HashChainedEventStore;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    metrics = new KiosMetrics();
    inner = new HashChainedEventStore(new InMemoryEventStore({ clock }));
    store = observeEventStore(inner, metrics);
  });

  const appendCount = async (outcome: string) =>
    (await metrics.eventStoreAppends.get()).values.find(
      (value) => value.metricName?.endsWith('_count') && value.labels.outcome === outcome,
    )?.value ?? 0;

  it('times each append by outcome: ok, or conflict when the expected version was wrong', async () => {
    await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');
    await expect(store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream')).rejects.toThrow(
      ConcurrencyError,
    );
    expect(await appendCount('ok')).toBe(1);
    expect(await appendCount('conflict')).toBe(1);
  });

  it('counts the callback facts it appends: attempts accepted, not accepted, and callbacks abandoned', async () => {
    await store.append(
      'order-1',
      [
        { type: 'CallbackAttempted', data: {} },
        { type: 'CallbackAttempted', data: {} },
        { type: 'CallbackDelivered', data: {} },
        { type: 'CallbackAbandoned', data: {} },
      ],
      'any',
    );
    const attempts = (await metrics.callbackAttempts.get()).values.map(({ labels, value }) => [
      labels.outcome,
      value,
    ]);
    expect(attempts).toEqual(
      expect.arrayContaining([
        ['not_accepted', 2],
        ['accepted', 1],
      ]),
    );
    expect((await metrics.callbacksAbandoned.get()).values[0].value).toBe(1);
  });

  it('stays the store it observes: reads, its own members, closing', async () => {
    await store.append('order-1', [{ type: 'OrderPlaced', data: { n: 1 } }], 'no_stream');
    expect((await inner.readStream('order-1')).map((event) => event.type)).toEqual(['OrderPlaced']);
    expect(await store.headPosition()).toEqual(await inner.headPosition());
    expect(store.underlying).toBe(inner.underlying);
    await store.close();
  });
});
