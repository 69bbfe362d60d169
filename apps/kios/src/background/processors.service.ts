import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Clock } from '@kios/dana-protocol';
import type { LeaseStore } from '@kios/event-store';
import { BackgroundLoop } from './background-loop';
import { type LeaseTimes, ProcessorLease } from './leases/processor-lease';
import type { Processor, ProcessorKind } from './processor';

export const PROCESSORS = Symbol('PROCESSORS');
export const LEASES = Symbol('LEASES');

/** What this replica needs to hold leases: the store next to the events, who it is, its clock, and the times. */
export interface LeaseSettings extends LeaseTimes {
  store: LeaseStore;
  holder: string;
  clock: Clock;
}

/**
 * Starts and stops every background processor of kios (docs/architecture.md §1 "Background
 * processors"), each only while this replica holds its lease (§1 "Leases"): at start-up it asks for
 * every lease, projections' before reactors', and starts those it got, in the order their reads need;
 * then each lease is renewed, or asked for again by a stand-by replica, in a loop of its own. At
 * shutdown — after the HTTP drain (docs/architecture.md §4) and before the stores close — reactors
 * stop first, each letting its work under way finish, then projections, and each lease is released
 * so another replica takes over at once.
 */
@Injectable()
export class ProcessorsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly leases: readonly ProcessorLease[];
  private readonly loops: BackgroundLoop[] = [];
  private readonly logger = new Logger('Leases');

  constructor(
    @Inject(PROCESSORS) readonly processors: readonly Processor[],
    @Inject(LEASES) private readonly settings: LeaseSettings,
  ) {
    this.leases = processors.map(
      (processor) =>
        new ProcessorLease(processor, settings.store, settings.holder, settings.clock, settings, this.logger),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.processors.length === 0) {
      new Logger('Processors').log(
        'no background processor runs in this process: a worker process runs them',
      );
      return;
    }
    this.logger.log(`this replica holds leases as ${this.settings.holder}`);
    const firstTurns = new Map<ProcessorLease, number>();
    for (const kind of ['projection', 'reactor'] as const) {
      await Promise.all(this.ofKind(kind).map(async (lease) => firstTurns.set(lease, await lease.turn())));
    }
    for (const [lease, nextInMs] of firstTurns) {
      const loop = new BackgroundLoop(() => lease.turn());
      loop.start(nextInMs);
      this.loops.push(loop);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.splice(0).map((loop) => loop.stop()));
    for (const kind of ['reactor', 'projection'] as const) {
      await Promise.all(this.ofKind(kind).map((lease) => lease.giveUp()));
    }
    await this.settings.store.close();
  }

  private ofKind(kind: ProcessorKind): ProcessorLease[] {
    return this.leases.filter((lease) => lease.processor.kind === kind);
  }
}
