import type { RecordedEvent } from '@kios/event-store';
import { EventBatches } from '../src/event-batches';

/** An event source whose events are handed out when the test pushes them, like a live subscription. */
class PushedEvents implements AsyncIterator<RecordedEvent> {
  private readonly ready: RecordedEvent[] = [];
  private waiting?: (result: IteratorResult<RecordedEvent>) => void;
  private ended = false;

  push(...ids: string[]): void {
    for (const id of ids) {
      const event = { id } as RecordedEvent;
      if (this.waiting) {
        this.waiting({ value: event, done: false });
        this.waiting = undefined;
      } else this.ready.push(event);
    }
  }

  end(): void {
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    const event = this.ready.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

const ids = (batch: RecordedEvent[]) => batch.map((event) => event.id);

describe('EventBatches', () => {
  it('given events ready at once, takes them in one batch', async () => {
    const events = new PushedEvents();
    events.push('a', 'b', 'c');
    const { batch, ended } = await new EventBatches(events, 10).next();
    expect(ids(batch)).toEqual(['a', 'b', 'c']);
    expect(ended).toBe(false);
  });

  it('given events arriving after a batch closed, hands them together in the next batch', async () => {
    const events = new PushedEvents();
    const batches = new EventBatches(events, 10);
    events.push('a');
    expect(ids((await batches.next()).batch)).toEqual(['a']);
    const next = batches.next();
    setTimeout(() => events.push('b', 'c'), 5);
    expect(ids((await next).batch)).toEqual(['b', 'c']);
  });

  it('closes a batch at the batch size and keeps the rest for the next', async () => {
    const events = new PushedEvents();
    events.push('a', 'b', 'c', 'd', 'e');
    const batches = new EventBatches(events, 2);
    expect(ids((await batches.next()).batch)).toEqual(['a', 'b']);
    expect(ids((await batches.next()).batch)).toEqual(['c', 'd']);
    expect(ids((await batches.next()).batch)).toEqual(['e']);
  });

  it('says when the events have ended', async () => {
    const events = new PushedEvents();
    events.push('a');
    events.end();
    expect(await new EventBatches(events, 10).next()).toEqual({ batch: [{ id: 'a' }], ended: true });
  });
});
