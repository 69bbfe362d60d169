import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Processor, ProcessorKind } from './processor';

export const PROCESSORS = Symbol('PROCESSORS');

/**
 * Starts and stops every background processor of kios (docs/architecture.md §1 "Background
 * processors"), in the order their reads need: projections before the reactors that read what they
 * write, and at shutdown — after the HTTP drain (docs/architecture.md §4) and before the stores
 * close — reactors first, each letting its work under way finish, then projections.
 */
@Injectable()
export class ProcessorsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(PROCESSORS) readonly processors: readonly Processor[]) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const kind of ['projection', 'reactor'] as const) {
      await Promise.all(this.ofKind(kind).map((processor) => processor.start()));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const kind of ['reactor', 'projection'] as const) {
      await Promise.all(this.ofKind(kind).map((processor) => processor.stop()));
    }
  }

  private ofKind(kind: ProcessorKind): Processor[] {
    return this.processors.filter((processor) => processor.kind === kind);
  }
}
