import {
  type BeforeApplicationShutdown,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { CLOCK, type Clock, formatDanaTime } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore } from '@kios/event-store';
import {
  describeProjections,
  discardRebuilds,
  openRebuildSite,
  type Projection,
  projectionOverviewDocument,
  RebuildAlreadyRunning,
  RebuildInterrupted,
  type RebuildProgress,
  type RebuildReport,
  rebuildProjections,
  recordRebuildRequest,
  selectProjections,
  UnknownProjection,
} from '@kios/projections';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { ProjectionsService } from '../infrastructure/projections.service';

export const ADMIN_PROJECTIONS = Symbol('ADMIN_PROJECTIONS');

/** A rebuild this kios process runs for the admin API, as GET /admin/projections shows it. */
interface RebuildRun {
  projections: string[];
  startedAt: Date;
  state: 'running' | 'done' | 'failed' | 'interrupted';
  progress?: RebuildProgress;
  report?: RebuildReport;
  error?: string;
  stop: AbortController;
  finished: Promise<void>;
}

/**
 * Projection status and rebuilds for the admin API, inside kios: the same rebuild as
 * `kios-cli projections rebuild`, run in the background; one at a time per process (the rebuild
 * lock also refuses one that another process runs). kios's own projection runners pause for the
 * moment of the switch only.
 */
@Injectable()
export class AdminRebuilds implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AdminRebuilds');
  private run?: RebuildRun;

  constructor(
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ADMIN_PROJECTIONS) private readonly projections: readonly Projection[],
    private readonly runners: ProjectionsService,
  ) {}

  async status() {
    const site = await openRebuildSite(this.config.readModel, this.projections);
    try {
      const overviews = await describeProjections(this.store, site, this.projections, this.clock);
      return { projections: overviews.map(projectionOverviewDocument), rebuild: this.runDocument() };
    } finally {
      await site.close();
    }
  }

  /**
   * Starts rebuilding `name` (or `all`) in the background; refuses while one runs. Once accepted, the
   * request is recorded on each projection's stream naming `requestedBy` (ProjectionRebuildRequested).
   */
  async start(name: string, requestedBy: string) {
    const projections = this.select(name);
    if (this.run?.state === 'running') {
      throw new ConflictException(
        `a rebuild of ${this.run.projections.join(', ')} is already running in this kios`,
      );
    }
    await this.refuseIfLockedElsewhere(projections);
    const names = projections.map((projection) => projection.name);
    await recordRebuildRequest(
      this.store,
      names,
      requestedBy,
      'kios-admin-projections-rebuild',
      this.clock.now(),
    );
    const stop = new AbortController();
    const run: RebuildRun = {
      projections: names,
      startedAt: this.clock.now(),
      state: 'running',
      stop,
      finished: Promise.resolve(),
    };
    this.run = run;
    run.finished = rebuildProjections({
      store: this.store,
      readModelUrl: this.config.readModel,
      projections,
      clock: this.clock,
      signal: stop.signal,
      logger: this.logger,
      onProgress: (progress) => (run.progress = progress),
      aroundSwitch: (switchToRebuilt) => this.withRunnersPaused(switchToRebuilt),
    }).then(
      (report) => {
        run.state = 'done';
        run.report = report;
        this.logger.log(`rebuilt ${run.projections.join(', ')} from ${report.eventsRead} events`);
      },
      (error: unknown) => {
        run.state = error instanceof RebuildInterrupted ? 'interrupted' : 'failed';
        run.error = error instanceof Error ? error.message : String(error);
        this.logger.warn(`rebuild of ${run.projections.join(', ')} ${run.state}: ${run.error}`);
      },
    );
    return this.runDocument();
  }

  /** Drops what an interrupted rebuild of `name` (or `all`) left; refuses while one runs. */
  async discard(name: string) {
    const projections = this.select(name);
    try {
      return { discarded: await discardRebuilds(this.config.readModel, projections) };
    } catch (error) {
      if (error instanceof RebuildAlreadyRunning) throw new ConflictException(error.message);
      throw error;
    }
  }

  /** Lets a running rebuild save what it did, so the next start resumes it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.run?.stop.abort();
    await this.run?.finished;
  }

  private select(name: string): readonly Projection[] {
    try {
      return selectProjections(this.projections, name);
    } catch (error) {
      if (error instanceof UnknownProjection) throw new NotFoundException(error.message);
      throw error;
    }
  }

  private async refuseIfLockedElsewhere(projections: readonly Projection[]): Promise<void> {
    const site = await openRebuildSite(this.config.readModel, projections);
    try {
      for (const projection of projections) {
        const holder = await site.lockHolder(projection);
        if (holder) throw new ConflictException(new RebuildAlreadyRunning(projection.name, holder).message);
      }
    } finally {
      await site.close();
    }
  }

  /**
   * kios's runners write through one SQLite connection; paused, none of them waits on the switch.
   * Only the runners this replica runs are paused and started again: the others' leases are held by
   * another replica (docs/architecture.md §1 "Leases").
   */
  private async withRunnersPaused(switchToRebuilt: () => Promise<void>): Promise<void> {
    const ours = this.runners.runners.filter((runner) =>
      ['running', 'failed'].includes(runner.status().state),
    );
    await Promise.all(ours.map((runner) => runner.stop()));
    try {
      await switchToRebuilt();
    } finally {
      for (const runner of ours) await runner.start();
    }
  }

  private runDocument() {
    const run = this.run;
    if (!run) return null;
    return {
      projections: run.projections,
      startedAt: formatDanaTime(run.startedAt),
      state: run.state,
      eventsDone: run.progress?.eventsDone ?? 0,
      eventsTotal: run.progress?.eventsTotal ?? null,
      phase: run.progress?.phase ?? null,
      ...(run.report ? { eventsRead: run.report.eventsRead, seconds: run.report.seconds } : {}),
      ...(run.error ? { error: run.error } : {}),
    };
  }
}
