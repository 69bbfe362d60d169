import { mkdtempSync, rmSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { FixedClock } from '@kios/dana-protocol';
import {
  type Anchor,
  ANCHOR_STREAM,
  anchorOf,
  anchorSignatureValid,
  HashChainedEventStore,
  InMemoryEventStore,
  openKiosEventStore,
} from '@kios/event-store';
import { auditStore, storeAuditBreaks } from '@kios/audit';
import { ThrowawaySchemas } from '../../../../libs/event-store/test/postgres-schemas';
import { AnchorWriter } from '../../src/audit/anchor-writer.service';
import { type KiosConfig, loadKiosConfig } from '../../src/config/kios-config';

type StoreKind = 'memory' | 'sqlite' | 'postgres';

// The PostgreSQL store orders $all by (transaction id, sequence), not by one counter: the writer
// must only rely on the port's positions (docs/architecture.md §5).
const schemas = new ThrowawaySchemas();
afterAll(() => schemas.dropAll());
// The writer's info line per anchor is for operators; here it would bury the test output.
beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

async function openStore(kind: StoreKind, folder: string, clock: FixedClock): Promise<HashChainedEventStore> {
  if (kind === 'memory') return new HashChainedEventStore(new InMemoryEventStore({ clock }));
  return openKiosEventStore(
    kind === 'sqlite' ? `sqlite:${join(folder, 'events.db')}` : schemas.newUrl(),
    clock,
  );
}

async function anchorsIn(store: HashChainedEventStore): Promise<Anchor[]> {
  return (await store.readStream(ANCHOR_STREAM)).map(anchorOf);
}

/** `count` events, one stream per order as kios writes them (a few events each). */
async function appendEvents(store: HashChainedEventStore, count: number, from = 0): Promise<void> {
  for (let n = from; n < from + count; n += 1) {
    await store.append(`order-R${Math.floor(n / 3)}`, [{ type: 'OrderNoted', data: { n } }], 'any');
  }
}

describe.each<StoreKind>(['memory', 'sqlite', 'postgres'])('AnchorWriter on the %s store', (kind) => {
  let folder: string;
  let clock: FixedClock;
  let store: HashChainedEventStore;
  let config: KiosConfig;
  let writer: AnchorWriter;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kios-anchor-writer-'));
    clock = new FixedClock(new Date('2026-12-05T01:00:00Z'));
    store = await openStore(kind, folder, clock);
    config = loadKiosConfig({
      KIOS_DATA_DIR: folder,
      KIOS_ANCHOR_EVERY_EVENTS: '10',
      KIOS_ANCHOR_EVERY_MS: '60000',
    });
    writer = new AnchorWriter(store, config, clock);
  });
  afterEach(async () => {
    await writer.stop();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('given 25 events, anchors every 10 of them and waits with the last 5 until the interval ends', async () => {
    await appendEvents(store, 25);

    expect(await writer.lookOnce()).toBe('anchored');
    expect(await writer.lookOnce()).toBe('anchored');
    expect(await writer.lookOnce()).toBe('waiting');

    const anchors = await anchorsIn(store);
    expect(anchors.map((anchor) => [anchor.sequence, anchor.eventCount, anchor.totalEventCount])).toEqual([
      ['0', '10', '10'],
      ['1', '10', '20'],
    ]);
    const key = createPublicKey(config.keys.auditPrivateKey);
    expect(anchors.every((anchor) => anchorSignatureValid(anchor, key))).toBe(true);
    expect(anchors[1].previousPosition).toBe(anchors[0].position);
    // Heads: only the streams the 10 events of anchor #1 changed (events 10..19: orders R3..R6).
    expect(Object.keys(anchors[1].heads)).toEqual(['order-R3', 'order-R4', 'order-R5', 'order-R6']);
    expect(anchors[1].heads['order-R6']).toEqual({
      revision: '1',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    clock.advance(59_999);
    expect(await writer.lookOnce()).toBe('waiting');
    clock.advance(1);
    expect(await writer.lookOnce()).toBe('anchored');
    const third = (await anchorsIn(store))[2];
    expect([third.eventCount, third.totalEventCount, third.anchoredAt]).toEqual([
      '5',
      '25',
      '2026-12-05T08:01:00+07:00',
    ]);
    // The anchors are not part of the log they cover: nothing new once they are written.
    clock.advance(120_000);
    expect(await writer.lookOnce()).toBe('nothing_new');
    expect(await anchorsIn(store)).toHaveLength(3);
    expect(storeAuditBreaks(await auditStore(store.underlying, config.keys.auditPublicKeys))).toEqual([]);
  });

  it('writes no anchor while no event is new, however long it waits (positive control: one event, then one anchor)', async () => {
    expect(await writer.lookOnce()).toBe('nothing_new');
    clock.advance(10 * 60_000);
    expect(await writer.lookOnce()).toBe('nothing_new');
    expect(await anchorsIn(store)).toEqual([]);

    await appendEvents(store, 1);
    // The interval runs from the writer's start when there is no anchor yet: long over.
    expect(await writer.lookOnce()).toBe('anchored');
    expect((await anchorsIn(store)).map((anchor) => anchor.eventCount)).toEqual(['1']);
  });

  it('takes up from the tail of the anchors stream after a restart, with no state of its own', async () => {
    await appendEvents(store, 12);
    expect(await writer.lookOnce()).toBe('anchored');

    const restarted = new AnchorWriter(store, config, clock);
    await appendEvents(store, 8, 12);
    expect(await restarted.lookOnce()).toBe('anchored');

    const anchors = await anchorsIn(store);
    expect(anchors.map((anchor) => [anchor.sequence, anchor.totalEventCount])).toEqual([
      ['0', '10'],
      ['1', '20'],
    ]);
    expect(storeAuditBreaks(await auditStore(store.underlying, config.keys.auditPublicKeys))).toEqual([]);
  });

  it('a second writer that anchored the same events first makes the first re-read, never a duplicate anchor', async () => {
    // Both writers have read the anchors stream empty (a lease changed hands under a paused holder).
    expect(await writer.lookOnce()).toBe('nothing_new');
    const other = new AnchorWriter(store, config, clock);
    expect(await other.lookOnce()).toBe('nothing_new');
    await appendEvents(store, 10);
    expect(await other.lookOnce()).toBe('anchored');
    const before = await anchorsIn(store);

    expect(await writer.lookOnce()).toBe('lost_race');
    expect(await anchorsIn(store)).toEqual(before);
    expect(await writer.lookOnce()).toBe('nothing_new');
    await appendEvents(store, 10, 10);
    expect(await writer.lookOnce()).toBe('anchored');
    expect((await anchorsIn(store)).map((anchor) => [anchor.sequence, anchor.totalEventCount])).toEqual([
      ['0', '10'],
      ['1', '20'],
    ]);
  });

  it('reports the last anchor as its checkpoint and the events not yet covered as its lag', async () => {
    await appendEvents(store, 13);
    await writer.lookOnce();

    const status = await writer.status();
    expect(status.checkpoint).toBe((await anchorsIn(store))[0].position);
    // Three events after the anchor's position, and the anchor's own event.
    expect(status.lag?.events).toBe(4);
  });
});
