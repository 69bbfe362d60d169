import { FixedClock } from '@kios/dana-protocol';
import { openKiosEventStore } from '@kios/event-store';
import { telkomselCredit, writeOrderCommands, pendingOrderCommands } from '@kios/testing';
import type { DataSource } from 'typeorm';
import { AdminUsers, AdminUserRefused } from '../src/admin-users/admin-users';
import { hashPassword, passwordMatches, passwordProblem } from '../src/admin-users/password-hash';
import { SignInFailureRow } from '../src/admin-users/sign-in-failure.row';
import { SignInFailures } from '../src/admin-users/sign-in-failures';
import { kiosProjections } from '../src/kios-projections';
import { openReadModel } from '../src/read-model-schema';
import { rebuildProjections } from '../src/rebuild/rebuild-projections';
import { postgresTarget, type ReadModelTarget, sqliteTarget } from './read-model.targets';

const ADDED = new Date('2026-12-05T01:00:00.000Z');

describe('password hashes (scrypt)', () => {
  it('match the password they were made from, and no other', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await passwordMatches('correct horse battery', stored)).toBe(true);
    expect(await passwordMatches('correct horse batterY', stored)).toBe(false);
  });

  it('carry their parameters and a fresh salt: one password hashed twice gives two hashes', async () => {
    const [first, second] = await Promise.all([
      hashPassword('same password!'),
      hashPassword('same password!'),
    ]);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('same password!');
  });

  it('refuse a hash they cannot read, or one asking for absurd cost, without checking it', async () => {
    const stored = await hashPassword('a good password');
    expect(await passwordMatches('a good password', stored.replace('scrypt$', 'bcrypt$'))).toBe(false);
    expect(await passwordMatches('a good password', stored.replace('$32768$', '$4294967296$'))).toBe(false);
  });

  it('refuse empty and short passwords, saying why', () => {
    expect(passwordProblem('')).toBe('the password is empty');
    expect(passwordProblem('short')).toBe('the password is too short: at least 12 characters');
    expect(passwordProblem('twelve chars')).toBeUndefined();
  });
});

describe.each<ReadModelTarget>([sqliteTarget, postgresTarget])(
  'admin users and sign-in failures on $name',
  (target) => {
    let database: { url: string; dispose(): Promise<void> };
    let readModel: DataSource;

    beforeEach(async () => {
      database = target.create();
      readModel = await openReadModel(database.url, kiosProjections);
    });

    afterEach(async () => {
      if (readModel.isInitialized) await readModel.destroy();
      await database.dispose();
    });

    it('adds, lists (without hashes) and removes users; a duplicate name or the token name is refused', async () => {
      const users = new AdminUsers(readModel);
      await users.add({ name: 'siti', role: 'auditor', passwordHash: 'scrypt$x', createdAt: ADDED });
      await users.add({ name: 'budi', role: 'admin', passwordHash: 'scrypt$y', createdAt: ADDED });
      await expect(
        users.add({ name: 'siti', role: 'admin', passwordHash: 'scrypt$z', createdAt: ADDED }),
      ).rejects.toThrow(new AdminUserRefused('a user named siti already exists'));
      await expect(
        users.add({ name: 'token', role: 'admin', passwordHash: 'scrypt$z', createdAt: ADDED }),
      ).rejects.toThrow('"token" is the name the admin token acts as');
      expect(await users.list()).toEqual([
        { name: 'budi', role: 'admin', createdAt: ADDED.toISOString() },
        { name: 'siti', role: 'auditor', createdAt: ADDED.toISOString() },
      ]);
      expect(await users.remove('siti')).toBe(true);
      expect(await users.remove('siti')).toBe(false);
      expect((await users.list()).map((user) => user.name)).toEqual(['budi']);
    });

    it('are left alone by a rebuild of every projection', async () => {
      const users = new AdminUsers(readModel);
      await users.add({ name: 'siti', role: 'auditor', passwordHash: 'scrypt$x', createdAt: ADDED });
      await new SignInFailures(readModel).attempt('siti', '10.0.0.1', ADDED);
      const clock = new FixedClock(ADDED);
      const store = await openKiosEventStore('memory:', clock);
      try {
        const requestId = 'REQ-REBUILD';
        await writeOrderCommands(
          store,
          clock,
          requestId,
          pendingOrderCommands({
            requestId,
            orderId: `ORD-${requestId}`,
            product: telkomselCredit,
            destination: { primaryParam: '081234567890' },
            now: ADDED,
          }),
        );
        const report = await rebuildProjections({
          store,
          readModelUrl: database.url,
          projections: kiosProjections,
        });
        expect(report.eventsRead).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
      expect((await users.list()).map((user) => user.name)).toEqual(['siti']);
      const failures = await readModel.getRepository(SignInFailureRow).find();
      expect(failures.map((failure) => failure.userName)).toEqual(['siti']);
    });

    it('limit failed sign-ins per user name and per address, until the oldest failure leaves the window', async () => {
      const failures = new SignInFailures(readModel, { maxFailures: 3, windowMs: 60_000 });
      const at = (seconds: number) => new Date(ADDED.getTime() + seconds * 1000);
      // Given three failed attempts for siti from three addresses
      expect(await failures.attempt('siti', '10.0.0.1', at(0))).toBeUndefined();
      expect(await failures.attempt('siti', '10.0.0.2', at(10))).toBeUndefined();
      expect(await failures.attempt('siti', '10.0.0.3', at(20))).toBeUndefined();
      // then siti is refused from anywhere until the first failure is a window old; budi is not
      expect(await failures.attempt('siti', '10.0.0.9', at(30))).toEqual(at(60));
      expect(await failures.attempt('siti', '10.0.0.9', at(59))).toEqual(at(60));
      expect(await failures.attempt('budi', '10.0.0.9', at(30))).toBeUndefined();
      expect(await failures.attempt('siti', '10.0.0.9', at(60))).toBeUndefined();

      // Given three failures from one address under different names, that address is refused for any name
      expect(await failures.attempt('a', '10.0.0.7', at(100))).toBeUndefined();
      expect(await failures.attempt('b', '10.0.0.7', at(101))).toBeUndefined();
      expect(await failures.attempt('c', '10.0.0.7', at(102))).toBeUndefined();
      expect(await failures.attempt('budi', '10.0.0.7', at(103))).toEqual(at(160));
      expect(await failures.attempt('budi', '10.0.0.8', at(103))).toBeUndefined();
    });

    it('let no more simultaneous attempts through than the limit allows', async () => {
      const failures = new SignInFailures(readModel, { maxFailures: 3, windowMs: 60_000 });
      // When ten guesses for siti arrive at once, from ten addresses
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, guess) => failures.attempt('siti', `10.0.1.${guess}`, ADDED)),
      );
      // then at most three reach the password check, and only theirs stay counted
      const through = answers.filter((refusedUntil) => refusedUntil === undefined).length;
      expect(through).toBeLessThanOrEqual(3);
      expect(await readModel.getRepository(SignInFailureRow).countBy({ userName: 'siti' })).toBe(through);
      // and one at a time, budi's first three attempts go through (the limit lets some through)
      for (const guess of [1, 2, 3])
        expect(await failures.attempt('budi', `10.0.2.${guess}`, ADDED)).toBeUndefined();
      expect(await failures.attempt('budi', '10.0.2.4', ADDED)).toEqual(new Date(ADDED.getTime() + 60_000));
    });

    it("forgive, after a success, only that name's failures from that address", async () => {
      const failures = new SignInFailures(readModel, { maxFailures: 2, windowMs: 60_000 });
      expect(await failures.attempt('siti', '10.0.0.1', ADDED)).toBeUndefined();
      expect(await failures.attempt('siti', '10.0.0.2', ADDED)).toBeUndefined();
      // siti signs in at 10.0.0.1
      await failures.forgive('siti', '10.0.0.1');
      expect(await failures.attempt('siti', '10.0.0.2', ADDED)).toBeUndefined();
      // the guesser at 10.0.0.2 still has both its failures counted against siti
      expect(await failures.attempt('siti', '10.0.0.5', ADDED)).toEqual(new Date(ADDED.getTime() + 60_000));
    });
  },
);
