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

/** How the runner retries a batch that failed to apply: exponential backoff from `initialDelayMs`, capped at `maxDelayMs`. */
export interface ProjectionRetryBackoff {
  /** Tries per batch, the first included; after the last failure the runner stops as `failed`. */
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

export type ProjectionRunState = 'idle' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface ProjectionStatus {
  name: string;
  state: ProjectionRunState;
  /** Position of the last event applied, as stored; undefined before the first. */
  checkpoint?: string;
  /** Events this run has moved past (handled or not). */
  eventsApplied: number;
  /** Why the runner stopped, when `failed`. */
  error?: string;
}

const DEFAULT_RETRY: ProjectionRetryBackoff = { attempts: 5, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Feeds one projection from `$all`, at least once (docs/architecture.md §1 rule 2): each batch of events
 * and the checkpoint after it are written in one read-model transaction, so after a crash the
 * runner resumes exactly after what was committed.
 *
 * A failing batch rolls back whole and is retried with exponential backoff (a read-model database
 * that restarts should not need an operator); when the retries are spent the runner stops as
 * `failed`, logs why, and leaves the checkpoint before the batch.
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
    if (this.state === 'running' || this.state === 'stopping') {
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
    if (this.state === 'running') this.state = 'stopping';
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
    if (this.state === 'failed' && this.error) throw this.error;
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
    try {
      for (;;) {
        const stale = await this.follow(this.subscription!);
        if (!stale) break;
        this.logger.warn(
          `projection ${this.name}: ${stale.message}; its batch was rolled back, taking up after ` +
            `${stale.found ? `position ${positionToCheckpoint(stale.found)}` : 'the beginning'}`,
        );
        this.checkpoint = stale.found;
        this.waiters.settle(this.checkpoint);
        if (this.state !== 'running') break;
        this.subscription = this.feed.subscribeToAll({ after: this.checkpoint });
      }
      this.state = 'stopped';
      this.logger.log(`projection ${this.name} stopped after ${this.describeCheckpoint()}`);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Applies the subscription's batches until it ends or stop() is called; the StaleCheckpoint that cut it short, if one did. */
  private async follow(subscription: AllSubscription): Promise<StaleCheckpoint | undefined> {
    const batches = new EventBatches(subscription[Symbol.asyncIterator](), this.batchSize);
    try {
      for (;;) {
        const { batch, ended } = await batches.next();
        const outcome = batch.length > 0 ? await this.applyWithRetry(batch) : 'applied';
        if (outcome instanceof StaleCheckpoint) return outcome;
        if (outcome === 'stopped' || ended || this.state !== 'running') return undefined;
      }
    } finally {
      await subscription.close();
    }
  }

  /**
   * `stopped` when stop() came during a backoff: the batch stays unapplied, the checkpoint before it.
   * A stale checkpoint is not retried: waiting would not make it the one this runner read.
   */
  private async applyWithRetry(batch: RecordedEvent[]): Promise<'applied' | 'stopped' | StaleCheckpoint> {
    // A subscription may hand back events the checkpoint already covers; they were applied.
    const fresh = batch.filter(
      (event) => this.checkpoint === undefined || comparePositions(event.position, this.checkpoint) > 0,
    );
    if (fresh.length === 0) return 'applied';
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.applyBatch(fresh);
        return 'applied';
      } catch (error) {
        if (error instanceof StaleCheckpoint) return error;
        if (attempt >= this.retry.attempts) throw error;
        const delay = Math.min(this.retry.initialDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs);
        this.logger.warn(
          `projection ${this.name}: batch of ${fresh.length} event(s) failed (attempt ${attempt} of ` +
            `${this.retry.attempts}), retrying in ${delay} ms: ${(error as Error).message}`,
        );
        if (!(await this.backoff(delay))) return 'stopped';
      }
    }
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
    if (this.state !== 'running') return Promise.resolve(false);
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

  private fail(error: Error): void {
    this.state = 'failed';
    this.error = error;
    this.logger.error(`projection ${this.name} stopped at ${this.describeCheckpoint()}: ${error.message}`);
    this.waiters.rejectAll(error);
  }

  private hasReached(target: Position): boolean {
    return this.checkpoint !== undefined && comparePositions(this.checkpoint, target) >= 0;
  }

  private describeCheckpoint(): string {
    return this.checkpoint ? `position ${positionToCheckpoint(this.checkpoint)}` : 'the beginning';
  }
}
