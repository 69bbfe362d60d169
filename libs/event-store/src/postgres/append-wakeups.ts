import { Client, type ClientConfig, type Pool } from 'pg';
import type { AppendSignal } from '../append-signal';

/**
 * The least time between two announcements of one process: under a steady stream of appends one
 * NOTIFY covers all made in this time, instead of one more commit for nearly every append (16 writers,
 * npm run bench -- event-store: 0.74× of plain inserts' throughput without the gap, 0.92× with it);
 * a reader in another process learns of an append up to this much later.
 */
const ANNOUNCE_GAP_MS = 10;
/** How long a lost LISTEN connection waits before connecting again; readers poll meanwhile. */
const RELISTEN_DELAY_MS = 1000;

/**
 * Wakes live subscriptions when another process (or this one) appends (docs/architecture.md §5).
 *
 * Appends are announced with NOTIFY after they commit, never inside the appending transaction:
 * PostgreSQL takes one database-wide lock to queue notifications at commit and holds it until the
 * commit is flushed, so a NOTIFY in every append makes all appends commit one at a time (measured:
 * 0.25× the throughput of plain inserts with 16 writers). Here a process has at most one NOTIFY in
 * flight, in a transaction that does not wait for the flush, and appends never wait for it;
 * appends made meanwhile are announced by the next one, ANNOUNCE_GAP_MS later. A lost announcement
 * only delays readers until their poll.
 */
export class AppendWakeups {
  private listener?: Client;
  private relisten?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private announceAgain = false;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly clientConfig: ClientConfig,
    private readonly channel: string,
    private readonly signal: AppendSignal,
  ) {}

  static async start(
    pool: Pool,
    clientConfig: ClientConfig,
    channel: string,
    signal: AppendSignal,
  ): Promise<AppendWakeups> {
    const wakeups = new AppendWakeups(pool, clientConfig, channel, signal);
    await wakeups.listen();
    return wakeups;
  }

  /** Called after an append committed: wakes this process's readers now, and the others' by NOTIFY. */
  appended(): void {
    this.signal.notify();
    if (this.closed) return;
    this.announceAgain = true;
    this.inFlight ??= this.announceWhileAppending().finally(() => {
      this.inFlight = undefined;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.relisten);
    await this.inFlight;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  private async announceWhileAppending(): Promise<void> {
    while (this.announceAgain && !this.closed) {
      this.announceAgain = false;
      await this.announce();
      if (this.announceAgain) await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_GAP_MS));
    }
  }

  private async announce(): Promise<void> {
    // One round trip; the channel is built from a checked schema name, so it is safe to quote.
    await this.pool
      .query(`BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY "${this.channel}"; COMMIT`)
      .catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client(this.clientConfig);
    client.on('notification', () => this.signal.notify());
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN "${this.channel}"`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    // Events appended while no one listened are read now rather than at the next poll.
    this.signal.notify();
  }

  private lost(client: Client): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    void client.end().catch(() => undefined);
    this.scheduleListen();
  }

  private scheduleListen(): void {
    if (this.closed) return;
    this.relisten = setTimeout(() => {
      this.listen().catch(() => this.scheduleListen());
    }, RELISTEN_DELAY_MS);
  }
}
