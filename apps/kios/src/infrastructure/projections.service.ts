import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { EVENT_STORE, type EventStore, SharedAllFeed } from '@kios/event-store';
import { type Projection, ProjectionRunner } from '@kios/projections';
import { DataSource } from 'typeorm';
import { ProjectionProcessor } from '../background/projection-processor';

export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * A runner for every read-model projection of this process, each as a Processor that
 * ProcessorsService starts and stops. They follow `$all` through one shared feed, which the
 * process's other `$all` watchers use too.
 */
@Injectable()
export class ProjectionsService {
  readonly runners: ProjectionRunner[];
  readonly processors: ProjectionProcessor[];
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
    this.processors = this.runners.map(
      (runner, index) => new ProjectionProcessor(runner, projections[index].eventTypes),
    );
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
