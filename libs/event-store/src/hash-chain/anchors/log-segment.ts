import type { KeyObject } from 'node:crypto';
import { formatDanaTime } from '@kios/dana-protocol';
import { type Position, positionToCheckpoint, type RecordedEvent } from '../../event-store.port';
import { recomputedEventHash, storedHash } from '../event-hash';
import {
  type Anchor,
  ANCHOR_RECORD_VERSION,
  ANCHOR_STREAM,
  anchorHash,
  GENESIS_LOG_HASH,
  keyIdOf,
  nextLogHash,
  signAnchor,
  type StreamHead,
} from './anchor-record';

/** Whether an event belongs to the log anchors cover: every stream but the anchors' own. */
export function coveredByAnchors(event: RecordedEvent): boolean {
  return event.stream !== ANCHOR_STREAM;
}

/**
 * The hash an event enters the log chain with: the one it was stored with, so the log chain and
 * the per-stream chain name the same fact; an event stored without one (before the chain) enters
 * with the hash of its fields as stored.
 */
export function loggedEventHash(event: RecordedEvent): string {
  const stored = storedHash(event.metadata);
  if (stored !== undefined && /^[0-9a-f]{64}$/.test(stored)) return stored;
  return recomputedEventHash(event);
}

/** Where the next anchor starts: after the previous one, or at the start of the log. */
export interface SegmentStart {
  sequence: bigint;
  previousPosition: string | null;
  logHash: string;
  totalEventCount: bigint;
  previousAnchorHash: string | null;
}

export const LOG_START: SegmentStart = {
  sequence: 0n,
  previousPosition: null,
  logHash: GENESIS_LOG_HASH,
  totalEventCount: 0n,
  previousAnchorHash: null,
};

export function startAfter(anchor: Anchor): SegmentStart {
  return {
    sequence: BigInt(anchor.sequence) + 1n,
    previousPosition: anchor.position,
    logHash: anchor.logHash,
    totalEventCount: BigInt(anchor.totalEventCount),
    previousAnchorHash: anchorHash(anchor),
  };
}

/**
 * The log since the previous anchor, event by event in position order: the running log hash, the
 * count and each changed stream's head. The AnchorWriter seals it into the next anchor; the verifier
 * recomputes it from what the store holds and holds it against the anchor.
 */
export class LogSegment {
  private hash: string;
  private count = 0n;
  private last?: Position;
  private readonly changed = new Map<string, StreamHead>();

  constructor(readonly start: SegmentStart) {
    this.hash = start.logHash;
  }

  /** Takes the next event of the log (the caller leaves out the anchors stream: `coveredByAnchors`). */
  add(event: RecordedEvent): void {
    const hash = loggedEventHash(event);
    this.hash = nextLogHash(this.hash, hash);
    this.count += 1n;
    this.last = event.position;
    this.changed.delete(event.stream);
    this.changed.set(event.stream, { revision: event.revision.toString(), hash });
  }

  get eventCount(): bigint {
    return this.count;
  }

  get logHash(): string {
    return this.hash;
  }

  get lastPosition(): Position | undefined {
    return this.last;
  }

  /** The heads of the streams this segment changed, as of its last event. */
  get heads(): ReadonlyMap<string, StreamHead> {
    return this.changed;
  }

  /** The signed anchor covering this segment; undefined while it holds no event (an anchor always covers one). */
  seal(anchoredAt: Date, privateKey: KeyObject): Anchor | undefined {
    if (this.last === undefined) return undefined;
    return signAnchor(
      {
        version: ANCHOR_RECORD_VERSION,
        sequence: this.start.sequence.toString(),
        position: positionToCheckpoint(this.last),
        previousPosition: this.start.previousPosition,
        eventCount: this.count.toString(),
        totalEventCount: (this.start.totalEventCount + this.count).toString(),
        logHash: this.hash,
        heads: Object.fromEntries([...this.changed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        previousAnchorHash: this.start.previousAnchorHash,
        anchoredAt: formatDanaTime(anchoredAt),
        keyId: keyIdOf(privateKey),
      },
      privateKey,
    );
  }
}
