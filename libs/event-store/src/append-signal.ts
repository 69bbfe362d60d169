/**
 * Wakes live subscriptions of one store instance the moment it appends, so they need not
 * poll for writes made in the same process.
 */
export class AppendSignal {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    if (this.waiters.size === 0) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * A wait that settles at the next append, after `timeoutMs` when given, or when `wake` is called.
   * It is registered synchronously, so an append right after this call is never missed.
   */
  nextAppend(timeoutMs?: number): { settled: Promise<void>; wake: () => void } {
    let wake!: () => void;
    const settled = new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      wake = () => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      if (timeoutMs !== undefined) timer = setTimeout(wake, timeoutMs);
    });
    return { settled, wake };
  }
}
