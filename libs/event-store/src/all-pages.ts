import type { AllFilter, AllSubscription, Position, ReadAllOptions, RecordedEvent } from './event-store.port';
import type { AppendSignal } from './append-signal';

/** One slice of the global log, as the stores that keep their own log (SQLite, PostgreSQL, in-memory) read it. */
export interface AllPage {
  /** The events of the slice that pass the filter, in global order. */
  events: RecordedEvent[];
  /** Position of the last stored event examined, matching or not; undefined when nothing readable lies after the cursor. */
  scannedTo?: Position;
  /**
   * Set on an empty page when events after the cursor are committed but cannot be read in order yet
   * (PostgreSQL: an older transaction is still open, docs/architecture.md §5): read again shortly.
   */
  unsettled?: boolean;
}

/** Reads up to `limit` stored events strictly after `after` (from the start when undefined). */
export type AllPageReader = (
  after: Position | undefined,
  filter: AllFilter | undefined,
  limit: number,
) => AllPage | Promise<AllPage>;

/** How long a reader waits before reading an unsettled page again: short first, then backing off. */
const UNSETTLED_FIRST_RETRY_MS = 2;
const UNSETTLED_MAX_RETRY_MS = 100;

export function nextUnsettledRetry(previousMs: number | undefined): number {
  return previousMs === undefined
    ? UNSETTLED_FIRST_RETRY_MS
    : Math.min(previousMs * 2, UNSETTLED_MAX_RETRY_MS);
}

export async function* readAllInPages(
  readPage: AllPageReader,
  pageSize: number,
  { after, maxCount = Number.POSITIVE_INFINITY, filter }: ReadAllOptions,
): AsyncGenerator<RecordedEvent> {
  let cursor = after;
  let remaining = maxCount;
  let retryMs: number | undefined;
  while (remaining > 0) {
    const page = await readPage(cursor, filter, Math.min(pageSize, remaining));
    if (page.unsettled) {
      // Everything committed when the read began is delivered: ending here could miss an older open append.
      retryMs = nextUnsettledRetry(retryMs);
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      continue;
    }
    retryMs = undefined;
    if (!page.scannedTo) return;
    for (const event of page.events) {
      yield event;
      if (--remaining <= 0) return;
    }
    cursor = page.scannedTo;
  }
}

export interface CatchUpOptions {
  after?: Position;
  filter?: AllFilter;
  pageSize: number;
  /** Re-read the log this often when idle, to see appends of other processes; undefined = only on local appends. */
  pollIntervalMs?: number;
}

/**
 * History then live events from a log the store reads itself: it pages to the end, then sleeps
 * until this process appends or the poll interval passes (never a busy loop).
 */
export class CatchUpSubscription implements AllSubscription {
  private closed = false;
  private wakeSleeper?: () => void;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly readPage: AllPageReader,
    private readonly appends: AppendSignal,
    private readonly options: CatchUpOptions,
    private readonly onClose: (subscription: CatchUpSubscription) => void,
  ) {
    this.events = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeSleeper?.();
    this.onClose(this);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let cursor = this.options.after;
    let retryMs: number | undefined;
    try {
      while (!this.closed) {
        // Listening starts before the read: an append made while an asynchronous read runs still wakes us.
        const wait = this.appends.nextAppend(this.options.pollIntervalMs);
        this.wakeSleeper = wait.wake;
        const page = await this.readPage(cursor, this.options.filter, this.options.pageSize);
        if (page.unsettled) {
          wait.wake();
          retryMs = nextUnsettledRetry(retryMs);
          await this.sleep(this.appends.nextAppend(retryMs));
          continue;
        }
        retryMs = undefined;
        if (!page.scannedTo) {
          await this.sleep(wait);
          continue;
        }
        wait.wake();
        this.wakeSleeper = undefined;
        for (const event of page.events) {
          if (this.closed) return;
          yield event;
        }
        cursor = page.scannedTo;
      }
    } finally {
      await this.close();
    }
  }

  /** Sleeps until `wait` settles: an append, its timeout, or close(). */
  private async sleep(wait: { settled: Promise<void>; wake: () => void }): Promise<void> {
    this.wakeSleeper = wait.wake;
    await wait.settled;
    this.wakeSleeper = undefined;
  }
}
