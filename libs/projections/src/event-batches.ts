import type { RecordedEvent } from '@kios/event-store';

const NOT_READY = Symbol('not ready');

/**
 * Takes a subscription's events in batches: the next event (waiting for it), then whatever else is
 * ready without waiting, up to the batch size. One transaction per event would make a catch-up of a
 * long history crawl; waiting to fill a batch would hold back the live events.
 */
export class EventBatches {
  /** A `next()` already asked of the subscription that was not ready when the last batch closed. */
  private pending?: Promise<IteratorResult<RecordedEvent>>;

  constructor(
    private readonly events: AsyncIterator<RecordedEvent>,
    private readonly batchSize: number,
  ) {}

  /** The next batch; `ended` once the subscription has no more events. */
  async next(): Promise<{ batch: RecordedEvent[]; ended: boolean }> {
    const batch: RecordedEvent[] = [];
    let result = await (this.pending ?? this.events.next());
    this.pending = undefined;
    // Events that are ready arrive as microtasks, all before the next macrotask: one macrotask per
    // batch marks where "ready now" ends (one per event cost the worker a timer per event and subscriber).
    const readyEnds = nextMacrotask();
    while (!result.done) {
      batch.push(result.value);
      if (batch.length >= this.batchSize) return { batch, ended: false };
      const next = this.events.next();
      const ready = await Promise.race([next, readyEnds]);
      if (ready === NOT_READY) {
        // Kept for the next batch; the catch only keeps a failure from being "unhandled" meanwhile.
        next.catch(() => undefined);
        this.pending = next;
        return { batch, ended: false };
      }
      result = ready;
    }
    return { batch, ended: true };
  }
}

function nextMacrotask(): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
}
