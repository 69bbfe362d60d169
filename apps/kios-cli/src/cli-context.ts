import { systemClock } from '@kios/dana-protocol';
import { type EventStore, openEventStore } from '@kios/event-store';
import { readSettings, type RawSettings } from '../../kios/src/config/config.schema';

/** What a kios-cli command works with: the same settings kios reads, and the stores they name. */
export class CliContext {
  private store?: EventStore;

  constructor(
    readonly settings: RawSettings,
    readonly out: NodeJS.WritableStream = process.stdout,
  ) {}

  static fromEnv(): CliContext {
    return new CliContext(readSettings(process.env));
  }

  async eventStore(): Promise<EventStore> {
    this.store ??= await openEventStore(this.settings.eventStore, { clock: systemClock });
    return this.store;
  }

  print(line = ''): void {
    this.out.write(`${line}\n`);
  }

  async close(): Promise<void> {
    await this.store?.close();
  }
}

/** A failure the user can act on: printed without a stack trace, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
