/** Waits that hold answers back (slow answers, answer delays), all dropped when the server closes. */
export class Holds {
  private readonly pending = new Map<NodeJS.Timeout, (done: boolean) => void>();

  /** Resolves true after `ms`, or false if the server closed first (then nothing is sent). */
  wait(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}
