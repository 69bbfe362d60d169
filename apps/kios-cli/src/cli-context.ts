import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { type Clock, systemClock } from '@kios/dana-protocol';
import { type HashChainedEventStore, openKiosEventStore } from '@kios/event-store';
import { openReadModel, type Projection } from '@kios/projections';
import type { DataSource } from 'typeorm';
import { KiosCliModule } from './kios-cli.module';
import { readSettings, type RawSettings } from '@kios/config';

/** What a kios-cli command works with: the same settings kios reads, and the stores they name. */
export class CliContext {
  private store?: HashChainedEventStore;
  private readModelSource?: DataSource;
  private application?: INestApplicationContext;

  constructor(
    readonly settings: RawSettings,
    readonly out: NodeJS.WritableStream = process.stdout,
    /** The time the commands record and list by. */
    readonly clock: Clock = systemClock,
    /** Where a command reads what is not given on its command line (a new user's password). */
    readonly input: NodeJS.ReadableStream = process.stdin,
  ) {}

  static fromEnv(): CliContext {
    return new CliContext(readSettings(process.env));
  }

  /** Hash-chained like kios's own; `underlying` reads events with their chain keys (for verify). */
  async eventStore(): Promise<HashChainedEventStore> {
    this.store ??= await openKiosEventStore(this.settings.eventStore, this.clock);
    return this.store;
  }

  /**
   * Where a command that writes goes: the CommandBus of a small Nest context holding the handlers kios
   * registers for the same commands (KiosCliModule), over this run's event store; made once per run.
   */
  async commandBus(): Promise<CommandBus> {
    this.application ??= await NestFactory.createApplicationContext(
      KiosCliModule.forRoot(await this.eventStore(), this.clock),
      // The CLI prints its own output; a wiring mistake is thrown, not turned into process.exit.
      { logger: false, abortOnError: false },
    );
    return this.application.get(CommandBus);
  }

  /** The read model kios keeps (KIOS_READ_MODEL), migrated for `projections`; opened once per run. */
  async readModel(projections: readonly Projection[]): Promise<DataSource> {
    this.readModelSource ??= await openReadModel(this.settings.readModel, projections);
    return this.readModelSource;
  }

  print(line = ''): void {
    this.out.write(`${line}\n`);
  }

  async close(): Promise<void> {
    await this.application?.close();
    await this.store?.close();
    if (this.readModelSource?.isInitialized) await this.readModelSource.destroy();
  }
}

/** A failure the user can act on: printed without a stack trace, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
