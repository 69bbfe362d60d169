import { comparePositions, type Position } from '@kios/event-store';

interface CatchUpWaiter {
  target: Position;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Callers of ProjectionRunner.waitUntilCaughtUp, each waiting for the checkpoint to reach its target. */
export class CatchUpWaiters {
  private readonly waiters = new Set<CatchUpWaiter>();

  /** Resolves once `settle` is told of a checkpoint at or past `target`; rejects after `timeoutMs` with `timedOut()`. */
  waitFor(target: Position, timeoutMs: number, timedOut: () => Error): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(timedOut());
      }, timeoutMs);
      const waiter: CatchUpWaiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  settle(checkpoint: Position | undefined): void {
    if (checkpoint === undefined) return;
    for (const waiter of [...this.waiters]) {
      if (comparePositions(checkpoint, waiter.target) >= 0) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}
