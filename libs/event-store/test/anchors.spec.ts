import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { FixedClock } from '@kios/dana-protocol';
import {
  type Anchor,
  ANCHOR_STREAM,
  anchorEvent,
  anchorHash,
  anchorOf,
  anchorSignatureValid,
  canonicalAnchor,
  coveredByAnchors,
  GENESIS_LOG_HASH,
  HashChainedEventStore,
  InMemoryEventStore,
  keyIdOf,
  LOG_START,
  LogSegment,
  nextLogHash,
  readAnchor,
  type RecordedEvent,
  startAfter,
  UnreadableAnchor,
} from '../src';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = createPublicKey(privateKey);
const AT = new Date('2026-12-05T01:30:00.000Z');

async function storedEvents(count: number): Promise<RecordedEvent[]> {
  const clock = new FixedClock(AT);
  const store = new HashChainedEventStore(new InMemoryEventStore({ clock }));
  for (let n = 0; n < count; n += 1) {
    await store.append(`order-R${n % 2}`, [{ type: 'OrderNoted', data: { n } }], 'any');
  }
  const events: RecordedEvent[] = [];
  for await (const event of store.underlying.readAll()) events.push(event);
  return events;
}

function sealed(events: readonly RecordedEvent[], start = LOG_START): Anchor {
  const segment = new LogSegment(start);
  for (const event of events) segment.add(event);
  return segment.seal(AT, privateKey)!;
}

describe('the log chain', () => {
  it('given events in position order, when sealed, then logHash is h_n = sha256(h_{n-1} ‖ event hash) from 32 zero bytes', async () => {
    const events = await storedEvents(3);
    const expected = events.reduce(
      (previous, event) =>
        createHash('sha256')
          .update(
            Buffer.concat([Buffer.from(previous, 'hex'), Buffer.from(event.metadata.hash as string, 'hex')]),
          )
          .digest('hex'),
      GENESIS_LOG_HASH,
    );

    const anchor = sealed(events);

    expect(anchor.logHash).toBe(expected);
    expect(nextLogHash(GENESIS_LOG_HASH, events[0].metadata.hash as string)).not.toBe(GENESIS_LOG_HASH);
    expect([anchor.sequence, anchor.eventCount, anchor.totalEventCount]).toEqual(['0', '3', '3']);
    expect(anchor.position).toBe(`${events[2].position.commit}/${events[2].position.prepare}`);
    expect([anchor.previousPosition, anchor.previousAnchorHash]).toEqual([null, null]);
    expect(anchor.anchoredAt).toBe('2026-12-05T08:30:00+07:00');
  });

  it('given a previous anchor, the next one chains from its logHash, names its hash and lists only the streams changed since', async () => {
    const events = await storedEvents(5);
    const first = sealed(events.slice(0, 4));
    const second = sealed(events.slice(4), startAfter(first));

    expect(second.logHash).toBe(nextLogHash(first.logHash, events[4].metadata.hash as string));
    expect(second.previousAnchorHash).toBe(anchorHash(first));
    expect(second.previousPosition).toBe(first.position);
    expect([second.sequence, second.eventCount, second.totalEventCount]).toEqual(['1', '1', '5']);
    expect(second.heads).toEqual({ 'order-R0': { revision: '2', hash: events[4].metadata.hash } });
    expect(first.heads).toEqual({
      'order-R0': { revision: '1', hash: events[2].metadata.hash },
      'order-R1': { revision: '1', hash: events[3].metadata.hash },
    });
  });

  it('leaves the anchors stream out of the log it covers', () => {
    expect(coveredByAnchors({ stream: ANCHOR_STREAM } as RecordedEvent)).toBe(false);
    expect(coveredByAnchors({ stream: 'order-R1' } as RecordedEvent)).toBe(true);
  });

  it('seals nothing while the segment holds no event', () => {
    expect(new LogSegment(LOG_START).seal(AT, privateKey)).toBeUndefined();
  });
});

describe('an anchor’s signature', () => {
  it('holds for the anchor as signed and names the key by its SPKI fingerprint', async () => {
    const anchor = sealed(await storedEvents(2));

    expect(anchorSignatureValid(anchor, publicKey)).toBe(true);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(anchor.keyId).toBe(`SHA256:${createHash('sha256').update(der).digest('base64')}`);
    expect(keyIdOf(privateKey)).toBe(anchor.keyId);
  });

  it.each<[string, (anchor: Anchor) => Anchor]>([
    ['eventCount', (anchor) => ({ ...anchor, eventCount: '1' })],
    ['logHash', (anchor) => ({ ...anchor, logHash: GENESIS_LOG_HASH })],
    [
      'a head',
      (anchor) => ({
        ...anchor,
        heads: { ...anchor.heads, 'order-R0': { revision: '9', hash: GENESIS_LOG_HASH } },
      }),
    ],
    ['heads, a stream removed', (anchor) => ({ ...anchor, heads: {} })],
    ['position', (anchor) => ({ ...anchor, position: '1/1' })],
    ['anchoredAt', (anchor) => ({ ...anchor, anchoredAt: '2026-12-05T08:31:00+07:00' })],
  ])('fails once %s is changed', async (_field, change) => {
    const anchor = sealed(await storedEvents(2));
    expect(anchorSignatureValid(change(anchor), publicKey)).toBe(false);
  });

  it('fails under another key', async () => {
    const other = createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    expect(anchorSignatureValid(sealed(await storedEvents(1)), other)).toBe(false);
  });
});

describe('reading an anchor back', () => {
  it('reads the event it is appended as, and a line of its export, to the same anchor', async () => {
    const anchor = sealed(await storedEvents(2));
    const store = new HashChainedEventStore(new InMemoryEventStore({ clock: new FixedClock(AT) }));
    await store.append(
      ANCHOR_STREAM,
      [anchorEvent(anchor, { correlationId: 'anchor-1', recordedAt: 'x' })],
      'no_stream',
    );
    const [event] = await store.readStream(ANCHOR_STREAM);

    expect(anchorOf(event)).toEqual(anchor);
    expect(readAnchor(JSON.parse(canonicalAnchor(anchor)), 'line 1')).toEqual(anchor);
  });

  it.each([
    [null, 'not a JSON object'],
    [{ version: 2 }, 'version 2 is not 1'],
    [{ version: 1, sequence: '-1' }, 'sequence is missing or malformed'],
  ])('refuses %j, naming what is wrong', (value, problem) => {
    expect(() => readAnchor(value, 'kept line 3')).toThrow(new UnreadableAnchor(`kept line 3: ${problem}`));
  });
});
