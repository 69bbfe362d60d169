import type { RecordedEvent } from './event-store.port';

/** The last item of a tap whose subscriber fell too far behind: it reads what it missed from the store. */
export const FELL_BEHIND = Symbol('fell behind');
/** The last item of a tap whose upstream subscription ended. */
export const ENDED = Symbol('ended');
export type TapItem = RecordedEvent | typeof FELL_BEHIND | typeof ENDED;

/** One subscriber's queue of live events. */
export class Tap {
  private readonly queue: TapItem[] = [];
  private waiter?: { resolve: (item: TapItem) => void; reject: (error: unknown) => void };
  private failure?: { error: unknown };
  private done = false;

  constructor(
    private readonly maxQueued: number,
    private readonly onLeave: (tap: Tap) => void,
  ) {}

  push(event: RecordedEvent): void {
    if (this.done) return;
    if (this.queue.length >= this.maxQueued) {
      // Dropped events are in the store: the subscriber reads them from there.
      this.queue.length = 0;
      this.finish(FELL_BEHIND);
      return;
    }
    this.deliver(event);
  }

  end(): void {
    if (!this.done) this.finish(ENDED);
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = { error };
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error);
  }

  leave(): void {
    this.done = true;
    this.onLeave(this);
  }

  next(): Promise<TapItem> {
    const item = this.queue.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.failure) return Promise.reject(this.failure.error);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private finish(last: typeof FELL_BEHIND | typeof ENDED): void {
    this.deliver(last);
    this.done = true;
    this.onLeave(this);
  }

  private deliver(item: TapItem): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve(item);
    } else {
      this.queue.push(item);
    }
  }
}
