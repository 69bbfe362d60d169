import { Injectable } from '@nestjs/common';

/**
 * The callbacks this process is sending right now: one delivery per order at a time (a second
 * "due" notice while the first is on the wire is dropped), and shutdown can wait for them to end.
 */
@Injectable()
export class CallbacksInFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  has(requestId: string): boolean {
    return this.running.has(requestId);
  }

  /** Runs `work` unless a delivery for `requestId` is running; undefined when one was. */
  async run<T>(requestId: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.running.has(requestId)) return undefined;
    const done = work().finally(() => this.running.delete(requestId));
    this.running.set(requestId, done);
    return done;
  }

  /** Resolves once every delivery running now has ended, however it ended. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
