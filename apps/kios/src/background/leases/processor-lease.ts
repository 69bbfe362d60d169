import type { LoggerService } from '@nestjs/common';
import type { Clock } from '@kios/dana-protocol';
import type { Lease, LeaseStore } from '@kios/event-store';
import type { Processor } from '../processor';

/** How long a lease lasts and how often its holder renews it (or a stand-by replica asks for it). */
export interface LeaseTimes {
  ttlMs: number;
  renewEveryMs: number;
}

/**
 * One processor's lease in this replica (docs/architecture.md §1 "Leases"): each turn takes the
 * lease when it is free and starts the processor, or renews it; a refused renewal (another replica
 * took it, or it expired) stops the processor, and so does a renewal that keeps failing until half
 * the TTL is left, so the processor has stopped before the lease ends and another replica may take
 * it. Expiry is judged with the injected clock; only the pauses between turns are real time.
 */
export class ProcessorLease {
  private lease?: Lease;
  /** The other replica's lease last seen, to wait for its expiry and log each new holder once. */
  private other?: Lease;
  /** Turns run one after another: the background loop's and a caller's never overlap. */
  private turns: Promise<unknown> = Promise.resolve();

  constructor(
    readonly processor: Processor,
    private readonly store: LeaseStore,
    private readonly holder: string,
    private readonly clock: Clock,
    private readonly times: LeaseTimes,
    private readonly logger: LoggerService,
  ) {}

  /** The lease this replica holds, as last renewed; undefined while it stands by. */
  get held(): Lease | undefined {
    return this.lease;
  }

  /** One turn; answers how long to wait before the next. */
  turn(): Promise<number> {
    return this.serially(async () => {
      if (this.lease) await this.renew(this.lease);
      else await this.acquire();
      return this.nextTurnInMs();
    });
  }

  /** At shutdown: stops the processor if this replica runs it, then releases the lease so another replica takes it at once. */
  giveUp(): Promise<void> {
    return this.serially(async () => {
      const lease = this.lease;
      if (!lease) return;
      await this.stopProcessor();
      await this.store.release(lease).catch((error: Error) => {
        this.logger.warn(
          `lease ${lease.name} not released (${error.message}); it ends at ${iso(lease.expiresAt)}`,
        );
      });
    });
  }

  private async acquire(): Promise<void> {
    const name = this.processor.name;
    let answer;
    try {
      answer = await this.store.acquire(name, this.holder, this.times.ttlMs);
    } catch (error) {
      this.logger.warn(`lease ${name} not asked for (${(error as Error).message}); asking again`);
      return;
    }
    if (!answer.held) {
      if (answer.lease.holder !== this.other?.holder || answer.lease.token !== this.other.token) {
        this.logger.log(
          `standing by: ${name} held by ${answer.lease.holder} until ${iso(answer.lease.expiresAt)} (token ${answer.lease.token})`,
        );
      }
      this.other = answer.lease;
      return;
    }
    this.lease = answer.lease;
    this.other = undefined;
    this.logger.log(`took lease ${name} (token ${answer.lease.token})`);
    try {
      await this.processor.start();
    } catch (error) {
      this.logger.error(`${name} did not start (${(error as Error).message}); letting its lease go`);
      this.lease = undefined;
      await this.store.release(answer.lease).catch(() => undefined);
    }
  }

  private async renew(lease: Lease): Promise<void> {
    try {
      const answer = await this.store.renew(lease, this.times.ttlMs);
      if (answer.held) {
        this.lease = answer.lease;
        return;
      }
      const by = answer.lease.holder === lease.holder ? 'it expired' : `now ${answer.lease.holder}`;
      this.logger.warn(`lost lease ${lease.name} (token ${lease.token}; ${by}): stopping ${lease.name}`);
    } catch (error) {
      const leftMs = lease.expiresAt.getTime() - this.clock.now().getTime();
      if (leftMs > this.times.ttlMs / 2) {
        this.logger.warn(`lease ${lease.name} not renewed (${(error as Error).message}); trying again`);
        return;
      }
      this.logger.warn(
        `lost lease ${lease.name}: not renewed (${(error as Error).message}) and it ends at ` +
          `${iso(lease.expiresAt)}: stopping ${lease.name}`,
      );
    }
    await this.stopProcessor();
  }

  private async stopProcessor(): Promise<void> {
    this.lease = undefined;
    await this.processor.stop().catch((error: Error) => {
      this.logger.error(`${this.processor.name} did not stop cleanly: ${error.message}`);
    });
  }

  /** A holder renews every renewEveryMs; a stand-by replica asks again when the holder's lease ends, if sooner. */
  private nextTurnInMs(): number {
    if (this.lease || !this.other) return this.times.renewEveryMs;
    const untilExpiry = this.other.expiresAt.getTime() - this.clock.now().getTime() + 1;
    return Math.max(1, Math.min(this.times.renewEveryMs, untilExpiry));
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turns.then(work);
    this.turns = next.catch(() => undefined);
    return next;
  }
}

const iso = (instant: Date) => instant.toISOString();
