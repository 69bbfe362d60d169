import type { LoggerService } from '@nestjs/common';
import { FixedClock } from '@kios/dana-protocol';
import { type Lease, type LeaseStore, openLeaseStore } from '@kios/event-store';
import { ProcessorLease } from '../../src/background/leases/processor-lease';
import type { Processor } from '../../src/background/processor';

const TIMES = { ttlMs: 9_000, renewEveryMs: 3_000 };

/** A processor that notes whether it runs. */
function watched(name = 'callback_dispatcher') {
  const seen = { running: false, starts: 0 };
  const processor: Processor = {
    name,
    kind: 'reactor',
    reads: 'due callbacks',
    start: async () => {
      seen.running = true;
      seen.starts += 1;
    },
    stop: async () => {
      seen.running = false;
    },
    wakeUp: () => undefined,
    status: async () => ({}),
  };
  return { processor, seen };
}

function journal(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const note = (message: unknown) => void lines.push(String(message));
  return { lines, log: note, warn: note, error: note };
}

/** A lease store whose renewals fail while `broken` (a database unreachable from this replica). */
function breakable(store: LeaseStore) {
  const state = { broken: false };
  const fail = () => Promise.reject(new Error('connection refused'));
  const wrapped: LeaseStore = {
    acquire: (...args) => (state.broken ? fail() : store.acquire(...args)),
    renew: (...args) => (state.broken ? fail() : store.renew(...args)),
    release: (lease: Lease) => store.release(lease),
    list: () => store.list(),
    close: () => store.close(),
  };
  return { wrapped, state };
}

describe('ProcessorLease', () => {
  let clock: FixedClock;
  let store: LeaseStore;
  beforeEach(async () => {
    clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    store = (await openLeaseStore('memory:', clock)).store;
  });

  it('takes a free lease, starts its processor and says so; renews it on later turns', async () => {
    const { processor, seen } = watched();
    const logger = journal();
    const lease = new ProcessorLease(processor, store, 'replica-a', clock, TIMES, logger);

    expect(await lease.turn()).toBe(TIMES.renewEveryMs);
    clock.advance(TIMES.renewEveryMs);
    await lease.turn();

    expect(seen).toEqual({ running: true, starts: 1 });
    expect(lease.held).toEqual(
      expect.objectContaining({ token: 1, expiresAt: new Date('2026-01-01T00:00:12Z') }),
    );
    expect(logger.lines).toEqual(['took lease callback_dispatcher (token 1)']);
  });

  it('stands by while another replica holds the lease, and asks again when that lease ends', async () => {
    await new ProcessorLease(watched().processor, store, 'replica-a', clock, TIMES, journal()).turn();
    clock.advance(8_000);
    const { processor, seen } = watched();
    const logger = journal();
    const standBy = new ProcessorLease(processor, store, 'replica-b', clock, TIMES, logger);

    // The holder's lease ends in 1 s, sooner than the next renewal turn.
    expect(await standBy.turn()).toBe(1_001);
    await standBy.turn();
    expect(seen.running).toBe(false);
    expect(logger.lines).toEqual([
      'standing by: callback_dispatcher held by replica-a until 2026-01-01T00:00:09.000Z (token 1)',
    ]);

    clock.advance(1_001);
    await standBy.turn();
    expect(seen.running).toBe(true);
    expect(standBy.held?.token).toBe(2);
  });

  it('stops its processor when a renewal is refused because another replica took over', async () => {
    const { processor, seen } = watched();
    const logger = journal();
    const frozen = new ProcessorLease(processor, store, 'replica-a', clock, TIMES, logger);
    await frozen.turn();
    clock.advance(TIMES.ttlMs);
    await new ProcessorLease(watched().processor, store, 'replica-b', clock, TIMES, journal()).turn();

    await frozen.turn();

    expect(seen.running).toBe(false);
    expect(frozen.held).toBeUndefined();
    expect(logger.lines.at(-1)).toBe(
      'lost lease callback_dispatcher (token 1; now replica-b): stopping callback_dispatcher',
    );
  });

  it('keeps running through a failed renewal while more than half the TTL is left, and stops before the TTL ends', async () => {
    const { wrapped, state } = breakable(store);
    const { processor, seen } = watched();
    const logger = journal();
    const lease = new ProcessorLease(processor, wrapped, 'replica-a', clock, TIMES, logger);
    await lease.turn();
    state.broken = true;

    clock.advance(TIMES.renewEveryMs);
    await lease.turn();
    expect(seen.running).toBe(true);

    clock.advance(TIMES.renewEveryMs);
    await lease.turn();
    expect(seen.running).toBe(false);
    expect(logger.lines.at(-1)).toBe(
      'lost lease callback_dispatcher: not renewed (connection refused) and it ends at ' +
        '2026-01-01T00:00:09.000Z: stopping callback_dispatcher',
    );
    // Stopped with a third of the TTL left: another replica could not have taken the lease yet.
    expect((await store.acquire('callback_dispatcher', 'replica-b', TIMES.ttlMs)).held).toBe(false);
  });

  it('lets its processor go with its lease at shutdown, so another replica takes it without waiting', async () => {
    const { processor, seen } = watched();
    const lease = new ProcessorLease(processor, store, 'replica-a', clock, TIMES, journal());
    await lease.turn();

    await lease.giveUp();

    expect(seen.running).toBe(false);
    expect((await store.acquire('callback_dispatcher', 'replica-b', TIMES.ttlMs)).held).toBe(true);
  });

  it('lets the lease go when its processor fails to start, and starts it on a later turn', async () => {
    const { processor, seen } = watched();
    let failures = 1;
    const flaky: Processor = {
      ...processor,
      start: () => (failures-- > 0 ? Promise.reject(new Error('read model unreachable')) : processor.start()),
    };
    const lease = new ProcessorLease(flaky, store, 'replica-a', clock, TIMES, journal());

    await lease.turn();
    expect(lease.held).toBeUndefined();
    expect((await store.list())[0].expiresAt).toEqual(clock.now());

    await lease.turn();
    expect(seen).toEqual({ running: true, starts: 1 });
  });
});
