import { hostname } from 'node:os';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { comparePositions, type EventStore, type Position, positionToCheckpoint } from '@kios/event-store';
import { deleteCheckpoint, saveCheckpoint } from '../checkpoint/projection-checkpoints';
import type { Projection } from '../projection';
import type { ProjectionLogger } from '../projection-logger';
import { openProjectionBuild } from './open-projection-build';
import { openRebuildSite } from './open-rebuild-site';
import { covers, type ProjectionBuild } from './projection-build';
import { EventCountEstimate, type RebuildPhase, type RebuildProgress } from './rebuild-progress';
import type { RebuildLock, RebuildSite } from './rebuild-site';
import { applyEvents } from '../apply-events';

export interface RebuildOptions {
  store: EventStore;
  /** The live read model (`KIOS_READ_MODEL`). */
  readModelUrl: string;
  /** Rebuilt together, in one pass over the store. */
  projections: readonly Projection[];
  clock?: Clock;
  logger?: ProjectionLogger;
  /** Called every thousand events, at each flush and at each phase change. */
  onProgress?: (progress: RebuildProgress) => void;
  /** Events between two writes of the rebuilt rows and their checkpoint: at most what an interruption loses. */
  flushEvery?: number;
  /** Stops the rebuild at its next flush, leaving it to be resumed (RebuildInterrupted). */
  signal?: AbortSignal;
  /**
   * Runs the switch to the rebuilt tables: kios pauses its own projection runners around it, so its
   * one SQLite connection never waits on the rebuild's.
   */
  aroundSwitch?: (switchToRebuilt: () => Promise<void>) => Promise<void>;
}

export interface RebuiltProjection {
  name: string;
  /** Where an earlier, interrupted rebuild had got to; undefined when this one started from scratch. */
  resumedFrom?: string;
  /** The live checkpoint right after the switch. */
  checkpoint?: string;
  /** false when the projection has no fold and was replayed through transactions (see ProjectionBuild). */
  folded: boolean;
}

export interface RebuildReport {
  projections: RebuiltProjection[];
  eventsRead: number;
  seconds: number;
}

/** The rebuild stopped on request; its targets and checkpoints are kept for a resume. */
export class RebuildInterrupted extends Error {
  override readonly name = 'RebuildInterrupted';
  constructor(readonly checkpoints: Record<string, string | undefined>) {
    super(
      `rebuild interrupted at ${Object.entries(checkpoints)
        .map(([name, checkpoint]) => `${name} ${checkpoint ?? 'the beginning'}`)
        .join(', ')}`,
    );
  }
}

const DEFAULT_FLUSH_EVERY = 20_000;
const PROGRESS_EVERY = 1_000;
/** A pass that read fewer events than this is near enough to the head to switch. */
const NEAR_HEAD = 1_000;

const quietLogger: ProjectionLogger = { log: () => undefined, warn: console.warn, error: console.error };

/**
 * Rebuilds projections from position 0 into fresh tables beside the live ones, then switches
 * readers to them (docs/architecture.md §1 rule 1, §8). Live traffic is served from the old tables until
 * the switch. The rebuild keeps its own checkpoint, so running it again after an interruption or a
 * crash resumes where it was; each projection's rebuild lock refuses a second one.
 *
 * The switch catches the rebuilt tables up to the live checkpoint inside the transaction that holds
 * the live runner off, then hands over that checkpoint: a batch the live runner was about to commit
 * follows on exactly. When the rebuild is ahead of the live runner (kios stopped, or lagging), its
 * own checkpoint is kept: the live runner's next write finds the checkpoint moved (compare-and-set,
 * StaleCheckpoint), rolls its batch back and takes up from the rebuilt checkpoint.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildReport> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? quietLogger;
  const started = performance.now();
  const site = await openRebuildSite(options.readModelUrl, options.projections);
  const locks: RebuildLock[] = [];
  const builds: ProjectionBuild[] = [];
  try {
    const owner = { pid: process.pid, host: hostname(), startedAt: clock.now() };
    for (const projection of options.projections) locks.push(await site.lock(projection, owner));
    for (const projection of options.projections) {
      const build = await openProjectionBuild(site, projection, clock);
      builds.push(build);
      if (!build.folded) {
        logger.warn(`rebuild of ${projection.name} goes through transactions: the projection has no fold`);
      }
    }
    const resumedFrom = new Map(builds.map((build) => [build.projection.name, build.checkpoint]));
    const progress = (phase: RebuildPhase, eventsDone: number, eventsTotal?: number) =>
      options.onProgress?.({
        phase,
        projections: builds.map((build) => build.projection.name),
        eventsDone,
        eventsTotal,
        elapsedMs: performance.now() - started,
      });

    const eventsRead = await replayToNearHead(options, builds, progress);
    progress('switching', eventsRead, eventsRead);
    const switchAll = async () => {
      for (const build of builds) await switchIn(site, options.store, build, clock);
    };
    await (options.aroundSwitch ? options.aroundSwitch(switchAll) : switchAll());
    progress('done', eventsRead, eventsRead);
    return {
      projections: builds.map((build) => ({
        name: build.projection.name,
        resumedFrom: checkpointText(resumedFrom.get(build.projection.name)),
        checkpoint: checkpointText(build.checkpoint),
        folded: build.folded,
      })),
      eventsRead,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const build of builds) await build.close();
    for (const lock of locks) await lock.release();
    await site.close();
  }
}

/** Replays every build from the earliest checkpoint until a pass finds the store's head near. */
async function replayToNearHead(
  options: RebuildOptions,
  builds: ProjectionBuild[],
  progress: (phase: RebuildPhase, eventsDone: number, eventsTotal?: number) => void,
): Promise<number> {
  const flushEvery = options.flushEvery ?? DEFAULT_FLUSH_EVERY;
  let after = earliest(builds.map((build) => build.checkpoint));
  const estimate = new EventCountEstimate(after);
  estimate.headIs(await options.store.headPosition());
  let eventsRead = 0;
  const buildsByType = new Map<string, ProjectionBuild[]>();
  for (const build of builds) {
    for (const type of build.projection.eventTypes) {
      buildsByType.set(type, [...(buildsByType.get(type) ?? []), build]);
    }
  }
  /** Builds resumed from further on than the replay starts: each skips the events its target holds. */
  const ahead = new Map<ProjectionBuild, Position>();
  for (const build of builds) {
    if (build.checkpoint && after && comparePositions(build.checkpoint, after) > 0) {
      ahead.set(build, build.checkpoint);
    }
  }
  const flushAll = async () => {
    for (const build of builds) await build.flush(after);
    if (options.signal?.aborted) {
      for (const build of builds) await build.settled();
      throw new RebuildInterrupted(
        Object.fromEntries(builds.map((build) => [build.projection.name, checkpointText(build.checkpoint)])),
      );
    }
    estimate.headIs(await options.store.headPosition());
  };
  for (;;) {
    let readThisPass = 0;
    for await (const event of options.store.readAll({ after })) {
      for (const [build, checkpoint] of ahead) {
        if (!covers(checkpoint, event.position)) ahead.delete(build);
      }
      for (const build of buildsByType.get(event.type) ?? []) {
        if (ahead.has(build)) continue;
        const applying = build.offer(event);
        if (applying) await applying;
      }
      after = event.position;
      eventsRead += 1;
      readThisPass += 1;
      const flushed = readThisPass % flushEvery === 0;
      if (flushed) await flushAll();
      if (flushed || readThisPass % PROGRESS_EVERY === 0) {
        progress('replaying', eventsRead, estimate.total(eventsRead, after));
        // Reading and applying never wait on I/O; this lets kios serve requests during a rebuild.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await flushAll();
    progress('replaying', eventsRead, estimate.total(eventsRead, after));
    if (readThisPass < NEAR_HEAD) {
      for (const build of builds) await build.finish();
      return eventsRead;
    }
  }
}

/** Replaces the live tables with the build's and hands the live checkpoint over (see rebuildProjections). */
async function switchIn(
  site: RebuildSite,
  store: EventStore,
  build: ProjectionBuild,
  clock: Clock,
): Promise<void> {
  const handled = new Set(build.projection.eventTypes);
  await site.replaceLive(build.projection, build.target, async (tx, live) => {
    if (live && !covers(build.checkpoint, live)) {
      const behind = [];
      for await (const event of store.readAll({ after: build.checkpoint })) {
        if (comparePositions(event.position, live) > 0) break;
        if (handled.has(event.type)) behind.push(event);
      }
      await applyEvents(build.projection, behind, tx);
      build.checkpoint = live;
    }
    // Compare-and-set against the live checkpoint read under the switch's lock: a live runner that
    // committed past it in between would make this fail (and the switch roll back) rather than be undone.
    if (build.checkpoint) {
      await saveCheckpoint(
        tx,
        build.projection.name,
        { expected: live, position: build.checkpoint },
        clock.now(),
      );
    } else await deleteCheckpoint(tx, build.projection.name);
  });
}

function earliest(checkpoints: (Position | undefined)[]): Position | undefined {
  if (checkpoints.some((checkpoint) => checkpoint === undefined)) return undefined;
  return (checkpoints as Position[]).reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
}

const checkpointText = (position: Position | undefined): string | undefined =>
  position && positionToCheckpoint(position);

/**
 * Throws away the rebuilds of `projections` left behind by an interruption; refuses (RebuildAlreadyRunning)
 * while one runs. Returns the names of those it dropped.
 */
export async function discardRebuilds(
  readModelUrl: string,
  projections: readonly Projection[],
): Promise<string[]> {
  const site = await openRebuildSite(readModelUrl, projections);
  const discarded: string[] = [];
  try {
    const owner = { pid: process.pid, host: hostname(), startedAt: systemClock.now() };
    for (const projection of projections) {
      const lock = await site.lock(projection, owner);
      try {
        if ((await site.leftover(projection)) === undefined) continue;
        await site.dropTarget(projection);
        discarded.push(projection.name);
      } finally {
        await lock.release();
      }
    }
    return discarded;
  } finally {
    await site.close();
  }
}
