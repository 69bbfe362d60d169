import { type Clock, FixedClock } from '@kios/dana-protocol';
import type { LeaseStore } from '../src';

/** Opens the lease store of one replica; every replica opened by one `LeasePlace` shares its leases. */
export type LeasePlace = (clock: Clock) => Promise<LeaseStore>;

const TTL_MS = 10_000;

/**
 * Every behaviour of the LeaseStore port (docs/architecture.md §1 "Leases"), specified once and run
 * on each adapter. Two replicas open their own store on one place and share one hand-driven clock.
 */
export function leaseStoreContract(name: string, newPlace: () => Promise<LeasePlace>): void {
  describe(`${name} lease store (contract)`, () => {
    let clock: FixedClock;
    let a: LeaseStore;
    let b: LeaseStore;

    beforeEach(async () => {
      clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
      const place = await newPlace();
      a = await place(clock);
      b = await place(clock);
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    it('gives a free lease to the first replica asking, with token 1 and an expiry one TTL away', async () => {
      const answer = await a.acquire('order_detail', 'replica-a', TTL_MS);

      expect(answer).toEqual({
        held: true,
        lease: {
          name: 'order_detail',
          holder: 'replica-a',
          token: 1,
          expiresAt: new Date('2026-01-01T00:00:10Z'),
        },
      });
      expect(await b.list()).toEqual([answer.lease]);
    });

    it('refuses another replica while the lease is held, and names the holder', async () => {
      const { lease } = await a.acquire('order_detail', 'replica-a', TTL_MS);
      clock.advance(TTL_MS - 1);

      expect(await b.acquire('order_detail', 'replica-b', TTL_MS)).toEqual({ held: false, lease });
    });

    it('renews under the same token, so the lease outlives its first expiry', async () => {
      const { lease } = await a.acquire('order_detail', 'replica-a', TTL_MS);
      clock.advance(TTL_MS - 1);
      const renewed = await a.renew(lease, TTL_MS);
      clock.advance(TTL_MS - 1);

      expect(renewed).toEqual({
        held: true,
        lease: { ...lease, expiresAt: new Date('2026-01-01T00:00:19.999Z') },
      });
      expect((await b.acquire('order_detail', 'replica-b', TTL_MS)).held).toBe(false);
    });

    it('hands an expired lease to another replica with a higher token, and refuses the old holder’s renewal', async () => {
      const { lease: old } = await a.acquire('order_detail', 'replica-a', TTL_MS);
      clock.advance(TTL_MS);

      const taken = await b.acquire('order_detail', 'replica-b', TTL_MS);
      const stale = await a.renew(old, TTL_MS);

      expect(taken).toEqual({
        held: true,
        lease: expect.objectContaining({ holder: 'replica-b', token: 2 }),
      });
      expect(stale).toEqual({ held: false, lease: taken.lease });
    });

    it('refuses a renewal once the lease expired, even when no one took it', async () => {
      const { lease } = await a.acquire('order_detail', 'replica-a', TTL_MS);
      clock.advance(TTL_MS);

      expect((await a.renew(lease, TTL_MS)).held).toBe(false);
      // Taking it again is a new holding: a new token.
      expect((await a.acquire('order_detail', 'replica-a', TTL_MS)).lease.token).toBe(2);
    });

    it('refuses the renewal of a holder whose token is older, although its name holds the lease again', async () => {
      const { lease: first } = await a.acquire('order_detail', 'replica-a', TTL_MS);
      clock.advance(TTL_MS);
      await a.acquire('order_detail', 'replica-a', TTL_MS);

      expect((await a.renew(first, TTL_MS)).held).toBe(false);
    });

    it('lets another replica take a released lease at once, and ignores a release by a former holder', async () => {
      const { lease } = await a.acquire('order_detail', 'replica-a', TTL_MS);
      await a.release(lease);
      const taken = await b.acquire('order_detail', 'replica-b', TTL_MS);
      await a.release(lease);

      expect(taken.lease).toEqual(expect.objectContaining({ holder: 'replica-b', token: 2 }));
      expect((await a.acquire('order_detail', 'replica-a', TTL_MS)).held).toBe(false);
    });

    it('keeps each processor’s lease apart', async () => {
      await a.acquire('order_detail', 'replica-a', TTL_MS);

      expect((await b.acquire('callback_dispatcher', 'replica-b', TTL_MS)).held).toBe(true);
      expect((await a.list()).map((lease) => [lease.name, lease.holder])).toEqual([
        ['callback_dispatcher', 'replica-b'],
        ['order_detail', 'replica-a'],
      ]);
    });

    it('gives a lease that both replicas ask for at once to exactly one of them', async () => {
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) => (i % 2 ? a : b).acquire('order_detail', `replica-${i}`, TTL_MS)),
      );

      expect(answers.filter((answer) => answer.held)).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.lease.holder)).size).toBe(1);
    });
  });
}
