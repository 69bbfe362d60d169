import type { ProjectionRunner } from '@kios/projections';
import type { Processor, ProcessorStatus } from './processor';

/** A projection runner as a Processor: its checkpoint and lag are its status. */
export class ProjectionProcessor implements Processor {
  readonly kind = 'projection';
  readonly reads: string;

  constructor(
    private readonly runner: ProjectionRunner,
    eventTypes: readonly string[],
  ) {
    this.reads = eventTypes.join(', ');
  }

  get name(): string {
    return this.runner.name;
  }

  start(): Promise<void> {
    return this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** A runner follows the live `$all` feed, which hands it each event as it is stored: there is no poll to cut short. */
  wakeUp(): void {}

  async status(): Promise<ProcessorStatus> {
    const { checkpoint } = this.runner.status();
    return { ...(checkpoint ? { checkpoint } : {}), lag: await this.runner.lag() };
  }
}
