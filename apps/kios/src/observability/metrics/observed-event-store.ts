import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { ConcurrencyError, type EventStore, type EventToAppend } from '@kios/event-store';
import type { KiosMetrics } from './kios-metrics';
import { withMethods } from './with-methods';

/** Callback outcomes are facts in the order streams (docs/architecture.md §3): counted as this process appends them. */
function countCallbackFacts(events: EventToAppend[], metrics: KiosMetrics): void {
  for (const event of events) {
    if (event.type === 'CallbackDelivered') metrics.callbackAttempts.inc({ outcome: 'accepted' });
    else if (event.type === 'CallbackAttempted') metrics.callbackAttempts.inc({ outcome: 'not_accepted' });
    else if (event.type === 'CallbackAbandoned') metrics.callbacksAbandoned.inc();
  }
}

/**
 * The event store with every append timed (and logged at debug level) and the callback facts it
 * writes counted; the hash-chained store's own members stay reachable (see withMethods).
 */
export function observeEventStore<Store extends EventStore>(store: Store, metrics: KiosMetrics): Store {
  const logger = new Logger('EventStore');
  const append: EventStore['append'] = async (stream, events, expected) => {
    const started = performance.now();
    let outcome = 'error';
    try {
      const result = await store.append(stream, events, expected);
      outcome = 'ok';
      countCallbackFacts(events, metrics);
      return result;
    } catch (error) {
      if (error instanceof ConcurrencyError) outcome = 'conflict';
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.eventStoreAppends.observe({ outcome }, seconds);
      logger.debug(
        `append to ${stream} (${events.map((event) => event.type).join(', ')}): ${outcome} in ${(seconds * 1000).toFixed(1)} ms`,
      );
    }
  };
  return withMethods(store, { append } as Partial<Store>);
}
