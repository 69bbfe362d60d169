import { randomUUID } from 'node:crypto';
import { type DataSource, LessThan, MoreThan } from 'typeorm';
import { SignInFailureRow } from './sign-in-failure.row';

/** How many failed sign-ins a user name, and a client address, may have within the window. */
export interface SignInLimit {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMIT: SignInLimit = { maxFailures: 5, windowMs: 15 * 60_000 };

/**
 * The sign-in rate limit's memory, in the read-model database so every replica counts the same
 * failures. Each failure is a row; a name or an address with `maxFailures` rows inside the window is
 * refused until the oldest of them leaves it. Checking and recording are two statements, so a burst
 * of simultaneous guesses may pass the limit by the few in flight; the next ones are refused.
 */
export class SignInFailures {
  constructor(
    private readonly dataSource: DataSource,
    readonly limit: SignInLimit = DEFAULT_SIGN_IN_LIMIT,
  ) {}

  /** Until when sign-ins for this name or from this address are refused; undefined when they are not. */
  async blockedUntil(userName: string, address: string, now: Date): Promise<Date | undefined> {
    const since = new Date(now.getTime() - this.limit.windowMs).toISOString();
    const rows = this.dataSource.getRepository(SignInFailureRow);
    const ends = await Promise.all(
      [{ userName }, { address }].map(async (key) => {
        const recent = await rows.find({
          where: { ...key, failedAt: MoreThan(since) },
          order: { failedAt: 'DESC' },
          take: this.limit.maxFailures,
        });
        if (recent.length < this.limit.maxFailures) return undefined;
        return new Date(new Date(recent[recent.length - 1].failedAt).getTime() + this.limit.windowMs);
      }),
    );
    const until = ends.filter((end): end is Date => end !== undefined);
    return until.length === 0 ? undefined : new Date(Math.max(...until.map((end) => end.getTime())));
  }

  /** Counts a failure, and forgets those that have left the window. */
  async record(userName: string, address: string, now: Date): Promise<void> {
    const rows = this.dataSource.getRepository(SignInFailureRow);
    await rows.insert({ id: randomUUID(), userName, address, failedAt: now.toISOString() });
    const expired = new Date(now.getTime() - this.limit.windowMs).toISOString();
    await rows.delete({ failedAt: LessThan(expired) });
  }

  /**
   * After a successful sign-in: forgets this name's failures from this address only. Failures for the
   * name from other addresses still count, so a guesser elsewhere gains nothing from the owner's sign-in.
   */
  async forgive(userName: string, address: string): Promise<void> {
    await this.dataSource.getRepository(SignInFailureRow).delete({ userName, address });
  }
}
