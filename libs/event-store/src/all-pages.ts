import type { AllFilter, AllSubscription, Position, ReadAllOptions, RecordedEvent } from './event-store.port';
import type { AppendSignal } from './append-signal';

/** One slice of the global log, as the stores that keep their own log (SQLite, in-memory) read it. */
export interface AllPage {
  /** The events of the slice that pass the filter, in global order. */
  events: RecordedEvent[];
  /** Position of the last stored event examined, matching or not; undefined when nothing lies after the cursor. */
  scannedTo?: Position;
}

/** Reads up to `limit` stored events strictly after `after` (from the start when undefined). */
export type AllPageReader = (
  after: Position | undefined,
  filter: AllFilter | undefined,
  limit: number,
) => AllPage;

export async function* readAllInPages(
  readPage: AllPageReader,
  pageSize: number,
  { after, maxCount = Number.POSITIVE_INFINITY, filter }: ReadAllOptions,
): AsyncGenerator<RecordedEvent> {
  let cursor = after;
  let remaining = maxCount;
  while (remaining > 0) {
    const page = readPage(cursor, filter, Math.min(pageSize, remaining));
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
    try {
      while (!this.closed) {
        const page = this.readPage(cursor, this.options.filter, this.options.pageSize);
        if (!page.scannedTo) {
          await this.sleepUntilAppendOrPoll();
          continue;
        }
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

  private async sleepUntilAppendOrPoll(): Promise<void> {
    const wait = this.appends.nextAppend(this.options.pollIntervalMs);
    this.wakeSleeper = wait.wake;
    await wait.settled;
    this.wakeSleeper = undefined;
  }
}
