import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@kios/dana-protocol';
import { type EventStore, openEventStore, openLeaseStore } from '@kios/event-store';
import type { Processor } from '../../src/background/processor';
import { ProcessorsService } from '../../src/background/processors.service';

const TTL_MS = 10_000;

/**
 * A reactor that, while started, records one event per `act()` in the shared events file, naming
 * its replica: what it wrote afterwards tells which replica ran it, and when.
 */
function recorder(store: EventStore, replica: string) {
  let running = false;
  const processor: Processor = {
    name: 'callback_dispatcher',
    kind: 'reactor',
    reads: 'due callbacks',
    start: async () => void (running = true),
    stop: async () => void (running = false),
    wakeUp: () => undefined,
    status: async () => ({}),
  };
  const act = async () => {
    if (running) await store.append('recorder', [{ type: 'Acted', data: { replica } }], 'any');
  };
  return { processor, act, isRunning: () => running };
}

/**
 * Two replicas in one process over one SQLite events file (docs/architecture.md §1 "Leases"). Time
 * is the shared hand-driven clock; each lease's turns are taken by the test (the real-time loop's
 * first turn is an hour away), so a "frozen" replica is one whose turns the test does not take.
 */
describe('ProcessorsService with two replicas on one SQLite file', () => {
  let folder: string;
  let events: EventStore;
  const services: ProcessorsService[] = [];

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kios-replicas-'));
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.beforeApplicationShutdown()));
    await events.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function replicas(clock: FixedClock) {
    const url = `sqlite:${join(folder, 'events.db')}`;
    events = await openEventStore(url);
    const replica = async (holder: string) => {
      const { store } = await openLeaseStore(url, clock);
      const work = recorder(events, holder);
      const service = new ProcessorsService([work.processor], {
        store,
        holder,
        clock,
        ttlMs: TTL_MS,
        renewEveryMs: 3_600_000,
      });
      services.push(service);
      await service.onApplicationBootstrap();
      return { service, ...work, turn: () => service.leases[0].turn() };
    };
    return { a: await replica('replica-a'), b: await replica('replica-b') };
  }
  const writers = async () =>
    (await events.readStream('recorder')).map((event) => (event.data as { replica: string }).replica);

  it('runs each processor in one replica; a frozen holder is replaced after the TTL, and once resumed gives up and writes nothing', async () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    const { a, b } = await replicas(clock);

    // Positive control: the holder runs its processor and writes; the stand-by one does not.
    await Promise.all([a.act(), b.act()]);
    expect(await writers()).toEqual(['replica-a']);
    expect(b.isRunning()).toBe(false);

    // a is frozen: no turn of its own. Just before the TTL b still stands by; at the TTL it takes over.
    clock.advance(TTL_MS - 1);
    await b.turn();
    expect(b.isRunning()).toBe(false);
    clock.advance(1);
    await b.turn();
    expect(b.isRunning()).toBe(true);
    expect(b.service.leases[0].held?.token).toBe(2);

    // a resumes: its renewal is refused, it stops its processor and writes nothing more.
    await a.turn();
    await Promise.all([a.act(), b.act()]);
    expect(a.isRunning()).toBe(false);
    expect(a.service.leases[0].held).toBeUndefined();
    expect(await writers()).toEqual(['replica-a', 'replica-b']);
  });

  it('hands a processor over at once when its holder shuts down cleanly', async () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    const { a, b } = await replicas(clock);

    await a.service.beforeApplicationShutdown();
    services.splice(services.indexOf(a.service), 1);
    await b.turn();

    expect(b.isRunning()).toBe(true);
    expect(a.isRunning()).toBe(false);
  });
});
