import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '@kios/event-store';

/**
 * How the next appends fail: `refused`, the store writes nothing and throws (SQLITE_FULL, a
 * refused connection); `lost-after-commit`, it writes and then throws, as when the connection drops
 * between the commit and its acknowledgement.
 */
export type AppendFault = 'refused' | 'lost-after-commit';

/** An event store whose appends and stream reads fail when a test says so, as a real one would. */
export class FaultyEventStore implements EventStore {
  private appendFault?: { kind: AppendFault; after: number; times: number; thenReadsFail: boolean };
  private readsFail = false;

  constructor(private readonly store: EventStore) {}

  /**
   * `times` appends fail, from the `after`+1-th one on (0: the next); or all of them until `heal()`.
   * `thenReadsFail`: the store goes away altogether with the first failed append.
   */
  failAppends(kind: AppendFault, { after = 0, times = Infinity, thenReadsFail = false } = {}): void {
    this.appendFault = { kind, after, times, thenReadsFail };
  }

  /** Stream reads fail until `heal()`, as when the store cannot be reached at all. */
  failReads(): void {
    this.readsFail = true;
  }

  heal(): void {
    this.appendFault = undefined;
    this.readsFail = false;
  }

  async append(stream: string, events: EventToAppend[], expected: ExpectedVersion): Promise<AppendResult> {
    const fault = this.appendFault;
    if (!fault || fault.times === 0) return this.store.append(stream, events, expected);
    if (fault.after > 0) {
      fault.after -= 1;
      return this.store.append(stream, events, expected);
    }
    fault.times -= 1;
    if (fault.thenReadsFail) this.readsFail = true;
    if (fault.kind === 'lost-after-commit') await this.store.append(stream, events, expected);
    throw new Error(
      fault.kind === 'refused'
        ? 'SQLITE_FULL: database or disk is full'
        : 'Connection terminated unexpectedly',
    );
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    if (this.readsFail) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    return this.store.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.store.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    return this.store.subscribeToAll(options);
  }

  headPosition(): Promise<Position | undefined> {
    return this.store.headPosition();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
