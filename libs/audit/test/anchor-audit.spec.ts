import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { FixedClock } from '@kios/dana-protocol';
import {
  type Anchor,
  ANCHOR_STREAM,
  anchorEvent,
  coveredByAnchors,
  HashChainedEventStore,
  InMemoryEventStore,
  LOG_START,
  LogSegment,
  type RecordedEvent,
  startAfter,
} from '@kios/event-store';
import { REQUEST_ID, writeOrderStory } from '@kios/testing';
import { checkAnchorList, compareWithKeptCopy } from '../src/anchors/anchor-list-check';
import { orderAnchoring, orderAnchoringSummary, orderAnchoringVerdict } from '../src/anchors/order-anchoring';
import { auditStore, storeAuditBreaks, storeAuditSummary } from '../src/anchors/store-audit';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = [createPublicKey(privateKey)];

/** The story's 7 events (order and inquiry), as stored, chain keys visible. */
async function storyStore(): Promise<{ store: HashChainedEventStore; events: RecordedEvent[] }> {
  const clock = new FixedClock(new Date('2025-01-15T03:00:00Z'));
  const store = new HashChainedEventStore(new InMemoryEventStore({ clock }));
  await writeOrderStory(store, clock);
  const events: RecordedEvent[] = [];
  for await (const event of store.underlying.readAll()) events.push(event);
  return { store, events };
}

/** Anchors covering the log up to each of `cuts` (event counts), appended as the AnchorWriter appends them. */
async function anchor(
  store: HashChainedEventStore,
  events: RecordedEvent[],
  cuts: number[],
): Promise<Anchor[]> {
  const anchors: Anchor[] = [];
  let from = 0;
  for (const cut of cuts) {
    const segment = new LogSegment(anchors.length === 0 ? LOG_START : startAfter(anchors.at(-1)!));
    for (const event of events.slice(from, cut).filter(coveredByAnchors)) segment.add(event);
    const sealed = segment.seal(new Date('2025-01-15T04:00:00Z'), privateKey)!;
    await store.append(
      ANCHOR_STREAM,
      [anchorEvent(sealed, { correlationId: `anchor-${anchors.length}`, recordedAt: 'test' })],
      anchors.length === 0 ? 'no_stream' : BigInt(anchors.length - 1),
    );
    anchors.push(sealed);
    from = cut;
  }
  return anchors;
}

describe('the anchors’ own rules', () => {
  it('given anchors as written, then no finding', async () => {
    const { store, events } = await storyStore();
    const anchors = await anchor(store, events, [3, 5, 7]);

    const checked = checkAnchorList(anchors, keys, 'the store');
    expect(checked.findings).toEqual([]);
    expect(checked.signed.size).toBe(3);
  });

  it('given the middle anchor removed, then its gap and the broken link are named', async () => {
    const { store, events } = await storyStore();
    const [first, , third] = await anchor(store, events, [3, 5, 7]);

    expect(
      checkAnchorList([first, third], keys, 'the kept copy').findings.map((finding) => finding.text),
    ).toEqual([
      'anchor #2 in the kept copy: anchor #1 is missing before it',
      expect.stringMatching(
        /^anchor #2 in the kept copy: names previous anchor hash [0-9a-f]{64}, but anchor #0 hashes to [0-9a-f]{64}$/,
      ),
      'anchor #2 in the kept copy: starts after position 5/5, but anchor #0 ended at 3/3',
      'anchor #2 in the kept copy: counts 7 events in all, but its predecessors and its own 2 make 5',
    ]);
  });

  it('given no audit key, then every anchor is named as unchecked rather than trusted', async () => {
    const { store, events } = await storyStore();
    const anchors = await anchor(store, events, [7]);

    const checked = checkAnchorList(anchors, [], 'the store');
    expect(checked.signed.size).toBe(0);
    expect(checked.findings.map((finding) => finding.text)).toEqual([
      'anchor #0 in the store: its signature cannot be checked: no audit key is configured (KIOS_AUDIT_KEY_FILE)',
    ]);
  });

  it('given anchors signed before a key change, then they verify with the earlier key listed, and are named without it', async () => {
    const { store, events } = await storyStore();
    const anchors = await anchor(store, events, [7]);
    const newKey = createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);

    expect(checkAnchorList(anchors, [newKey, ...keys], 'the store').findings).toEqual([]);
    expect(checkAnchorList(anchors, [newKey], 'the store').findings.map((finding) => finding.text)).toEqual([
      expect.stringMatching(
        /^anchor #0 in the store: signed by key SHA256:\S+, neither the audit key SHA256:\S+ nor an earlier one \(KIOS_AUDIT_EARLIER_KEYS_FILE\); its signature cannot be checked$/,
      ),
    ]);
  });

  it('given a kept copy longer than the store, then the anchors the store lacks are named with what they covered', async () => {
    const { store, events } = await storyStore();
    const anchors = await anchor(store, events, [3, 5, 7]);

    expect(compareWithKeptCopy(anchors.slice(0, 1), anchors).map((finding) => finding.text)).toEqual([
      "the store lacks 2 anchors of the kept copy: #1 to #2 (covering the log up to position 7/7, 7 events in all); the store's anchors stream ends at anchor #0 (position 3/3)",
    ]);
    expect(compareWithKeptCopy(anchors, anchors)).toEqual([]);
    const edited = anchors.map((kept, index) => (index === 1 ? { ...kept, eventCount: '1' } : kept));
    expect(compareWithKeptCopy(edited, anchors).map((finding) => finding.text)).toEqual([
      expect.stringMatching(
        /^anchor #1 in the store differs from the kept copy \(kept: position 5\/5, 2 events, log hash [0-9a-f]{12}…; store: position 5\/5, 1 events, log hash [0-9a-f]{12}…\)$/,
      ),
    ]);
  });
});

describe('the whole store against its anchors', () => {
  it('given every event anchored, then no break and none left uncovered', async () => {
    const { store, events } = await storyStore();
    await anchor(store, events, [4, 7]);

    const report = await auditStore(store.underlying, keys);
    expect(storeAuditBreaks(report)).toEqual([]);
    expect(storeAuditSummary(report)).toBe(
      'verified 9 events in 3 streams against 2 anchors up to position 7/7 (7 log events found covered); 0 events not yet covered by an anchor: no break',
    );
  });

  it('given events after the last anchor, then they are counted as not yet covered, not as a break', async () => {
    const { store, events } = await storyStore();
    await anchor(store, events, [5]);

    const report = await auditStore(store.underlying, keys);
    expect(storeAuditBreaks(report)).toEqual([]);
    expect(report.log.notYetCovered).toBe(2);
  });
});

describe('one order against the anchors', () => {
  it('says "verified" when an anchor covers every event of the order and its inquiry', async () => {
    const { store, events } = await storyStore();
    await anchor(store, events, [7]);

    const anchoring = (await orderAnchoring(store.underlying, REQUEST_ID, keys))!;
    expect(orderAnchoringVerdict(anchoring)).toBe('verified');
    expect(orderAnchoringSummary(anchoring)).toBe(
      'verified 7 events in 2 streams: no break; every event covered by an anchor',
    );
  });

  it('says how many of its events wait for the next anchor', async () => {
    const { store, events } = await storyStore();
    await anchor(store, events, [4]);

    const anchoring = (await orderAnchoring(store.underlying, REQUEST_ID, keys))!;
    expect(orderAnchoringVerdict(anchoring)).toBe('verified, 3 events not yet anchored');
  });

  it('finds the anchor listing the order behind 250 newer ones, reading the anchors newest first, a page at a time', async () => {
    const { store, events } = await storyStore();
    const anchors = await anchor(store, events, [7]);
    for (let n = 0; n < 250; n += 1) {
      await store.append(`product-P${n}`, [{ type: 'ProductNoted', data: { n } }], 'no_stream');
      const [added] = await store.underlying.readStream(`product-P${n}`);
      const segment = new LogSegment(startAfter(anchors.at(-1)!));
      segment.add(added);
      const sealed = segment.seal(new Date('2025-01-15T04:00:00Z'), privateKey)!;
      await store.append(
        ANCHOR_STREAM,
        [anchorEvent(sealed, { correlationId: `anchor-${n + 1}`, recordedAt: 'test' })],
        BigInt(anchors.length - 1),
      );
      anchors.push(sealed);
    }

    const anchoring = (await orderAnchoring(store.underlying, REQUEST_ID, keys))!;
    expect(orderAnchoringVerdict(anchoring)).toBe('verified');
    expect(storeAuditBreaks(await auditStore(store.underlying, keys))).toEqual([]);
  });

  it('names an anchor it read whose signature fails, and trusts it for nothing', async () => {
    const { store, events } = await storyStore();
    const [only] = await anchor(store, events, [7]);
    const forged = { ...only, eventCount: '6' };
    const other = new HashChainedEventStore(new InMemoryEventStore({ clock: new FixedClock(new Date(0)) }));
    await writeOrderStory(other, new FixedClock(new Date('2025-01-15T03:00:00Z')));
    await other.append(
      ANCHOR_STREAM,
      [anchorEvent(forged, { correlationId: 'forged', recordedAt: 'test' })],
      'no_stream',
    );

    const anchoring = (await orderAnchoring(other.underlying, REQUEST_ID, keys))!;
    expect(anchoring.breaks).toEqual([
      'break: anchor #0 in the store: signature invalid: the anchor was changed after it was signed',
    ]);
    expect(anchoring.notYetAnchored).toBe(7);
  });

  it('knows no order that neither the store nor any anchor has', async () => {
    const { store, events } = await storyStore();
    await anchor(store, events, [7]);

    expect(await orderAnchoring(store.underlying, 'no-such-order', keys)).toBeUndefined();
  });
});
