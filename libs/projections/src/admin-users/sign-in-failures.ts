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
 * refused until the oldest of them leaves it. A sign-in takes its attempt (attempt()) before the
 * password is checked, so that simultaneous guesses count against each other.
 */
export class SignInFailures {
  constructor(
    private readonly dataSource: DataSource,
    readonly limit: SignInLimit = DEFAULT_SIGN_IN_LIMIT,
  ) {}

  /**
   * An attempt to sign in as `userName` from `address`, counted as a failure before the password is
   * checked: simultaneous guesses see each other's rows, so no more than `maxFailures` of them within
   * the window reach the password check. Answers until when the name or the address is refused,
   * counting this attempt, which is then taken back (hammering does not push the end further); or
   * undefined: go on, the failure is already counted, and a success forgive()s it.
   */
  async attempt(userName: string, address: string, now: Date): Promise<Date | undefined> {
    const id = await this.record(userName, address, now);
    const refusedUntil = await this.refusedUntil(userName, address, now, this.limit.maxFailures + 1);
    if (refusedUntil) await this.dataSource.getRepository(SignInFailureRow).delete({ id });
    return refusedUntil;
  }

  /** Counts a failure, and forgets those that have left the window; answers the failure's row id. */
  private async record(userName: string, address: string, now: Date): Promise<string> {
    const rows = this.dataSource.getRepository(SignInFailureRow);
    const id = randomUUID();
    await rows.insert({ id, userName, address, failedAt: now.toISOString() });
    const expired = new Date(now.getTime() - this.limit.windowMs).toISOString();
    await rows.delete({ failedAt: LessThan(expired) });
    return id;
  }

  /** The end of the refusal once the name or the address has `failures` rows within the window. */
  private async refusedUntil(
    userName: string,
    address: string,
    now: Date,
    failures: number,
  ): Promise<Date | undefined> {
    const since = new Date(now.getTime() - this.limit.windowMs).toISOString();
    const rows = this.dataSource.getRepository(SignInFailureRow);
    const ends = await Promise.all(
      [{ userName }, { address }].map(async (key) => {
        const recent = await rows.find({
          where: { ...key, failedAt: MoreThan(since) },
          order: { failedAt: 'DESC' },
          take: failures,
        });
        if (recent.length < failures) return undefined;
        return new Date(new Date(recent[recent.length - 1].failedAt).getTime() + this.limit.windowMs);
      }),
    );
    const until = ends.filter((end): end is Date => end !== undefined);
    return until.length === 0 ? undefined : new Date(Math.max(...until.map((end) => end.getTime())));
  }

  /**
   * After a successful sign-in: forgets this name's failures from this address only. Failures for the
   * name from other addresses still count, so a guesser elsewhere gains nothing from the owner's sign-in.
   */
  async forgive(userName: string, address: string): Promise<void> {
    await this.dataSource.getRepository(SignInFailureRow).delete({ userName, address });
  }
}
