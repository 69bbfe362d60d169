import { ENDED, FELL_BEHIND, Tap } from './all-feed-tap';
import { matchesFilter } from './all-filter';
import {
  type AllSubscription,
  comparePositions,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from './event-store.port';

export interface SharedAllFeedOptions {
  /** Live events kept after delivery, so that a subscriber finishing its catch-up joins without a gap. */
  replayWindow?: number;
  /**
   * Most live events queued for one subscriber that does not keep up; beyond that it leaves the live
   * feed and catches up from the store on its own, so a stalled subscriber cannot fill the memory.
   */
  maxQueued?: number;
}

type FeedStore = Pick<EventStore, 'readAll' | 'subscribeToAll' | 'headPosition'>;

/**
 * One live `$all` subscription shared by every subscriber of a process, instead of one per
 * subscriber each reading and decoding every event (docs/architecture.md §1: every projection, and the
 * watchers, follow `$all`). `subscribeToAll` keeps the port's meaning: history after `after`, then
 * live events, in global order, filtered, with no gap and no repeat.
 *
 * A subscriber first reads the history it is missing from the store on its own, then joins the
 * shared feed; one that falls too far behind the feed (see `maxQueued`) goes back to reading on
 * its own and joins again once it has caught up. The shared subscription runs while anyone is
 * subscribed; when it fails, every subscriber on it fails with the same error, as each would
 * have with its own subscription.
 */
export class SharedAllFeed {
  private readonly replayWindow: number;
  private readonly maxQueued: number;
  private live?: Promise<LiveFeed>;
  private subscribers = 0;

  constructor(
    private readonly store: FeedStore,
    options: SharedAllFeedOptions = {},
  ) {
    this.replayWindow = options.replayWindow ?? 1_000;
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  /** Subscriptions open on this feed now (a process whose role runs no processor has none). */
  get subscriberCount(): number {
    return this.subscribers;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return new SharedSubscription(this.store, options, {
      attach: () => this.attach(),
      liveFeed: () => this.liveFeed(),
    });
  }

  /** Counts a subscriber in; the returned release counts it out (once, however often it is called). */
  private attach(): () => void {
    this.subscribers += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.subscribers -= 1;
      if (this.subscribers === 0) this.stopLive();
    };
  }

  private liveFeed(): Promise<LiveFeed> {
    if (!this.live) {
      const live = LiveFeed.start(this.store, this.replayWindow, this.maxQueued, () => {
        if (this.live === live) this.live = undefined;
      });
      // A feed that could not start is not kept: the next subscriber tries again.
      live.catch(() => {
        if (this.live === live) this.live = undefined;
      });
      this.live = live;
    }
    return this.live;
  }

  private stopLive(): void {
    const live = this.live;
    this.live = undefined;
    void live?.then((feed) => feed.close()).catch(() => undefined);
  }
}

/** The shared upstream subscription, started at the store's head, and the subscribers tapping it. */
class LiveFeed {
  private readonly taps = new Set<Tap>();
  /** Every event after this position is in `recent` or still to come; undefined: from the very start. */
  private coveredFrom: Position | undefined;
  private readonly recent: RecordedEvent[] = [];
  /** Set once the upstream subscription ended or failed: a subscriber joining after that learns it at once. */
  private outcome?: { failure?: unknown };

  private constructor(
    private readonly upstream: AllSubscription,
    startedAfter: Position | undefined,
    private readonly replayWindow: number,
    private readonly maxQueued: number,
  ) {
    this.coveredFrom = startedAfter;
  }

  static async start(
    store: FeedStore,
    replayWindow: number,
    maxQueued: number,
    onEnd: () => void,
  ): Promise<LiveFeed> {
    const head = await store.headPosition();
    const feed = new LiveFeed(store.subscribeToAll({ after: head }), head, replayWindow, maxQueued);
    void feed.pump().finally(onEnd);
    return feed;
  }

  /**
   * A tap delivering every event after `seenUpTo`, or undefined when events after it already left
   * the replay window (the subscriber must read more history first).
   */
  join(seenUpTo: Position | undefined): Tap | undefined {
    if (this.coveredFrom !== undefined) {
      if (seenUpTo === undefined || comparePositions(seenUpTo, this.coveredFrom) < 0) return undefined;
    }
    const tap = new Tap(this.maxQueued, (left) => this.taps.delete(left));
    for (const event of this.recent) {
      if (seenUpTo === undefined || comparePositions(event.position, seenUpTo) > 0) tap.push(event);
    }
    if (this.outcome) this.finish(tap, this.outcome);
    else this.taps.add(tap);
    return tap;
  }

  async close(): Promise<void> {
    await this.upstream.close();
  }

  private async pump(): Promise<void> {
    let outcome: { failure?: unknown } = {};
    try {
      for await (const event of this.upstream) {
        this.recent.push(event);
        if (this.recent.length > this.replayWindow) this.coveredFrom = this.recent.shift()!.position;
        for (const tap of this.taps) tap.push(event);
      }
    } catch (error) {
      outcome = { failure: error };
    }
    this.outcome = outcome;
    for (const tap of this.taps) this.finish(tap, outcome);
    this.taps.clear();
  }

  private finish(tap: Tap, outcome: { failure?: unknown }): void {
    if ('failure' in outcome) tap.fail(outcome.failure);
    else tap.end();
  }
}

interface FeedAccess {
  attach(): () => void;
  liveFeed(): Promise<LiveFeed>;
}

/** One subscriber: its own catch-up from the store, then the shared live feed. */
class SharedSubscription implements AllSubscription {
  private closed = false;
  private release?: () => void;
  private tap?: Tap;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly store: FeedStore,
    private readonly options: SubscribeToAllOptions,
    private readonly feed: FeedAccess,
  ) {
    this.events = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.tap?.end();
    this.release?.();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    if (this.closed) return;
    const release = this.feed.attach();
    this.release = release;
    const { filter } = this.options;
    let seenUpTo = this.options.after;
    try {
      while (!this.closed) {
        // The live feed runs before the catch-up reads the head, so that head is one the feed covers.
        const live = await this.feed.liveFeed();
        const head = await this.store.headPosition();
        for await (const event of this.store.readAll({ after: seenUpTo, filter })) {
          if (this.closed) return;
          seenUpTo = event.position;
          yield event;
        }
        if (head && (!seenUpTo || comparePositions(head, seenUpTo) > 0)) seenUpTo = head;
        if (this.closed) return;
        const tap = live.join(seenUpTo);
        if (!tap) continue;
        this.tap = tap;
        try {
          for (;;) {
            const item = await tap.next();
            if (item === ENDED) return;
            if (item === FELL_BEHIND) break;
            if (seenUpTo && comparePositions(item.position, seenUpTo) <= 0) continue;
            seenUpTo = item.position;
            if (matchesFilter(item.stream, item.type, filter)) yield item;
            if (this.closed) return;
          }
        } finally {
          tap.leave();
          this.tap = undefined;
        }
      }
    } finally {
      this.closed = true;
      release();
    }
  }
}
