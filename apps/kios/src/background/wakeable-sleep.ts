/**
 * The pause of a background loop between two looks, which the rest of the service can cut short:
 * at shutdown, or when something worth a look at once has happened.
 */
export class WakeableSleep {
  private wake?: () => void;

  /** Resolves after `ms`, or at the next `wakeUp`, whichever comes first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Ends the sleep under way; nothing when none is. */
  wakeUp(): void {
    this.wake?.();
  }
}
