import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore, SharedAllFeed } from '@kios/event-store';
import { type Projection, ProjectionRunner } from '@kios/projections';
import { DataSource } from 'typeorm';

export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * Runs every read-model projection of this process from its checkpoint; stops them before the stores
 * close. They follow `$all` through one shared feed, which the process's other `$all` watchers use too.
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: ProjectionRunner[];
  readonly feed: SharedAllFeed;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    dataSource: DataSource,
    @Inject(PROJECTIONS) projections: readonly Projection[],
    @Inject(CLOCK) clock: Clock,
  ) {
    this.feed = new SharedAllFeed(store);
    this.runners = projections.map(
      (projection) =>
        new ProjectionRunner(store, dataSource, projection, {
          clock,
          feed: this.feed,
          logger: new Logger(`Projection:${projection.name}`),
        }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.find((candidate) => candidate.name === name);
    if (!runner) throw new Error(`no projection named ${name}`);
    return runner;
  }

  /** Test and start-up helper: every projection has applied what the store held when called. */
  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.waitUntilCaughtUp(timeoutMs)));
  }
}
