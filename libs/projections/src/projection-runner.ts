import { type Clock, systemClock } from '@kios/dana-protocol';
import {
  type AllSubscription,
  comparePositions,
  type EventStore,
  type Position,
  positionToCheckpoint,
  type RecordedEvent,
} from '@kios/event-store';
import type { DataSource } from 'typeorm';
import { loadCheckpoint, saveCheckpoint } from './checkpoint/projection-checkpoints';
import { applyEvents } from './apply-events';
import { CatchUpWaiters } from './catch-up-waiters';
import { EventBatches } from './event-batches';
import type { Projection } from './projection';
import { StaleCheckpoint } from './checkpoint/stale-checkpoint';
import { measureLag, type ProjectionLag } from './projection-lag';
import { consoleProjectionLogger, type ProjectionLogger } from './projection-logger';
import { readModelTransaction } from './read-model-transaction';

/**
 * How the runner retries after a failure (a batch that would not apply, a feed that broke):
 * exponential backoff from `initialDelayMs`, capped at `maxDelayMs`, for as long as it takes.
 */
export interface ProjectionRetryBackoff {
  /** Failures in a row, the first included, after which the runner reports itself `failing` (and goes on trying). */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  batchSize?: number;
  /** Stamps checkpoints and measures lag. */
  clock?: Clock;
  logger?: ProjectionLogger;
  retry?: Partial<ProjectionRetryBackoff>;
  /** `lag()` stops counting here (see ProjectionLag.eventsCapped). */
  lagCountLimit?: number;
  /**
   * Where the runner subscribes to `$all`: the store itself by default. Runners of one process pass
   * one SharedAllFeed, so the events are read and decoded once for all of them.
   */
  feed?: Pick<EventStore, 'subscribeToAll'>;
}

export type ProjectionRunState = 'idle' | 'running' | 'failing' | 'stopping' | 'stopped';

export interface ProjectionStatus {
  name: string;
  state: ProjectionRunState;
  /** Position of the last event applied, as stored; undefined before the first. */
  checkpoint?: string;
  /** Events this run has moved past (handled or not). */
  eventsApplied: number;
  /** The last failure, when `failing`. */
  error?: string;
}

const DEFAULT_RETRY: ProjectionRetryBackoff = { attempts: 5, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Feeds one projection from `$all`, at least once (docs/architecture.md §1 rule 2): each batch of events
 * and the checkpoint after it are written in one read-model transaction, so after a crash the
 * runner resumes exactly after what was committed.
 *
 * A failing batch rolls back whole, the checkpoint stays before it, and the runner subscribes again
 * after the checkpoint with exponential backoff, as it does when the feed itself breaks: a store
 * that goes away and comes back needs no operator and loses nothing. After `retry.attempts`
 * failures in a row it reports itself `failing` (and /ready says so) until a batch applies.
 *
 * The checkpoint is written compare-and-set: when another writer (a second runner of the projection,
 * a rebuild's switch) moved it since this runner read it, the batch rolls back, the runner logs it
 * and takes up from the stored checkpoint instead of overwriting it — never moving it backwards.
 *
 * It subscribes unfiltered: the checkpoint must move past events the projection ignores, or it would
 * never reach the store's head and `lag()`/`waitUntilCaughtUp` could not tell "caught up".
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly clock: Clock;
  private readonly logger: ProjectionLogger;
  private readonly retry: ProjectionRetryBackoff;
  private readonly lagCountLimit: number;
  private readonly feed: Pick<EventStore, 'subscribeToAll'>;

  private state: ProjectionRunState = 'idle';
  private checkpoint?: Position;
  private eventsApplied = 0;
  private error?: Error;
  private subscription?: AllSubscription;
  private loop?: Promise<void>;
  private wakeFromBackoff?: () => void;
  private readonly waiters = new CatchUpWaiters();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? consoleProjectionLogger;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.lagCountLimit = options.lagCountLimit ?? 100_000;
    this.feed = options.feed ?? store;
  }

  get name(): string {
    return this.projection.name;
  }

  /** Loads the checkpoint and starts applying in the background; returns once subscribed. */
  async start(): Promise<void> {
    if (this.isActive() || this.state === 'stopping') {
      throw new Error(`projection ${this.name} is already running`);
    }
    this.checkpoint = await loadCheckpoint(this.dataSource, this.name);
    this.state = 'running';
    this.error = undefined;
    this.eventsApplied = 0;
    this.subscription = this.feed.subscribeToAll({ after: this.checkpoint });
    this.loop = this.run();
    this.logger.log(`projection ${this.name} started after ${this.describeCheckpoint()}`);
  }

  /** Lets the batch in hand commit, then ends the subscription. */
  async stop(): Promise<void> {
    if (this.isActive()) this.state = 'stopping';
    this.wakeFromBackoff?.();
    await this.subscription?.close();
    await this.loop;
  }

  status(): ProjectionStatus {
    return {
      name: this.name,
      state: this.state,
      checkpoint: this.checkpoint && positionToCheckpoint(this.checkpoint),
      eventsApplied: this.eventsApplied,
      error: this.error?.message,
    };
  }

  async lag(): Promise<ProjectionLag> {
    const checkpoint =
      this.state === 'idle' ? await loadCheckpoint(this.dataSource, this.name) : this.checkpoint;
    return measureLag(this.store, checkpoint, this.clock, this.lagCountLimit);
  }

  /** Resolves once the checkpoint reaches the store's head as it is now; rejects on timeout or failure. */
  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    const target = await this.store.headPosition();
    if (target === undefined || this.hasReached(target)) return;
    if (this.state === 'failing' && this.error) throw this.error;
    await this.waiters.waitFor(
      target,
      timeoutMs,
      () =>
        new Error(
          `projection ${this.name} did not reach ${positionToCheckpoint(target)} within ${timeoutMs} ms ` +
            `(it is after ${this.describeCheckpoint()}, ${this.state})`,
        ),
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    for (;;) {
      try {
        const stale = await this.follow(this.subscription!);
        if (!stale) break;
        this.logger.warn(
          `projection ${this.name}: ${stale.message}; its batch was rolled back, taking up after ` +
            `${stale.found ? `position ${positionToCheckpoint(stale.found)}` : 'the beginning'}`,
        );
        this.checkpoint = stale.found;
        this.waiters.settle(this.checkpoint);
        failures = 0;
      } catch (error) {
        failures += 1;
        const delay = this.noteFailure(error instanceof Error ? error : new Error(String(error)), failures);
        if (!(await this.backoff(delay))) break;
      }
      if (!this.isActive()) break;
      this.subscription = this.feed.subscribeToAll({ after: this.checkpoint });
    }
    this.state = 'stopped';
    this.logger.log(`projection ${this.name} stopped after ${this.describeCheckpoint()}`);
  }

  /** Applies the subscription's batches until it ends or stop() is called; the StaleCheckpoint that cut it short, if one did. */
  private async follow(subscription: AllSubscription): Promise<StaleCheckpoint | undefined> {
    const batches = new EventBatches(subscription[Symbol.asyncIterator](), this.batchSize);
    try {
      for (;;) {
        const { batch, ended } = await batches.next();
        const stale = batch.length > 0 ? await this.applyFresh(batch) : undefined;
        if (stale) return stale;
        if (ended || !this.isActive()) return undefined;
      }
    } finally {
      await subscription.close();
    }
  }

  /** A stale checkpoint is not retried: waiting would not make it the one this runner read. */
  private async applyFresh(batch: RecordedEvent[]): Promise<StaleCheckpoint | undefined> {
    // A subscription may hand back events the checkpoint already covers; they were applied.
    const fresh = batch.filter(
      (event) => this.checkpoint === undefined || comparePositions(event.position, this.checkpoint) > 0,
    );
    if (fresh.length === 0) return undefined;
    try {
      await this.applyBatch(fresh);
    } catch (error) {
      if (error instanceof StaleCheckpoint) return error;
      throw error;
    }
    if (this.state === 'failing') this.recover();
    return undefined;
  }

  /** Logs the failure and answers how long to wait; past `retry.attempts` in a row the runner is `failing`. */
  private noteFailure(error: Error, failures: number): number {
    const delay = Math.min(this.retry.initialDelayMs * 2 ** (failures - 1), this.retry.maxDelayMs);
    if (failures < this.retry.attempts) {
      this.logger.warn(
        `projection ${this.name}: failed at ${this.describeCheckpoint()} (${failures} in a row), ` +
          `trying again in ${delay} ms: ${error.message}`,
      );
    } else if (this.state === 'running') {
      this.state = 'failing';
      this.error = error;
      this.logger.error(
        `projection ${this.name} is failing at ${this.describeCheckpoint()} (${failures} in a row), ` +
          `trying again every ${this.retry.maxDelayMs} ms at most: ${error.message}`,
      );
      this.waiters.rejectAll(error);
    } else {
      this.error = error;
    }
    return delay;
  }

  private recover(): void {
    this.state = 'running';
    this.error = undefined;
    this.logger.log(`projection ${this.name} recovered: applied up to ${this.describeCheckpoint()}`);
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1].position;
    await readModelTransaction(this.dataSource, async (tx) => {
      await applyEvents(this.projection, events, tx);
      await saveCheckpoint(tx, this.name, { expected: this.checkpoint, position: last }, this.clock.now());
    });
    this.checkpoint = last;
    this.eventsApplied += events.length;
    this.waiters.settle(this.checkpoint);
  }

  private backoff(ms: number): Promise<boolean> {
    if (!this.isActive()) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeFromBackoff = undefined;
        resolve(true);
      }, ms);
      this.wakeFromBackoff = () => {
        clearTimeout(timer);
        this.wakeFromBackoff = undefined;
        resolve(false);
      };
    });
  }

  /** Running or failing: neither stopped nor asked to stop. */
  private isActive(): boolean {
    return this.state === 'running' || this.state === 'failing';
  }

  private hasReached(target: Position): boolean {
    return this.checkpoint !== undefined && comparePositions(this.checkpoint, target) >= 0;
  }

  private describeCheckpoint(): string {
    return this.checkpoint ? `position ${positionToCheckpoint(this.checkpoint)}` : 'the beginning';
  }
}
