import type { RecordedEvent } from '../event-store.port';
import { recomputedEventHash, storedHash } from './event-hash';

/**
 * - missing_hash: the event carries no hash (written around the chain, or the hash was removed)
 * - hash_mismatch: its type, data, metadata, id or place no longer give the hash it was written with
 * - previous_hash_mismatch: it does not link to the event stored before it (one was changed and rehashed, or swapped)
 * - revision_gap: events before it are missing from the stream
 */
export type ChainProblem = 'missing_hash' | 'hash_mismatch' | 'previous_hash_mismatch' | 'revision_gap';

export interface ChainBreak {
  stream: string;
  revision: bigint;
  eventId: string;
  problem: ChainProblem;
  /** For people: what was found against what was expected. */
  detail: string;
}

interface StreamTip {
  revision: bigint;
  hash: string | undefined;
}

/**
 * Checks events as stored (chain keys included) one at a time, in stream order within each
 * stream and in any interleaving across streams, remembering only each stream's last event,
 * so a whole store can be verified in one pass over `readAll`.
 */
export class ChainVerifier {
  private readonly tips = new Map<string, StreamTip>();
  private checked = 0;

  get eventCount(): number {
    return this.checked;
  }

  get streamCount(): number {
    return this.tips.size;
  }

  check(event: RecordedEvent): ChainBreak[] {
    const tip = this.tips.get(event.stream);
    const hash = storedHash(event.metadata);
    this.tips.set(event.stream, { revision: event.revision, hash });
    this.checked += 1;
    const found = (problem: ChainProblem, detail: string): ChainBreak => ({
      stream: event.stream,
      revision: event.revision,
      eventId: event.id,
      problem,
      detail,
    });

    if (hash === undefined) return [found('missing_hash', 'the event carries no hash')];
    const breaks: ChainBreak[] = [];
    const previousHash = event.metadata.previousHash ?? null;
    const recomputed = recomputedEventHash(event);
    if (recomputed !== hash) {
      breaks.push(found('hash_mismatch', `stored hash ${hash}, the event as stored hashes to ${recomputed}`));
    }
    const expectedRevision = tip === undefined ? 0n : tip.revision + 1n;
    if (event.revision !== expectedRevision) {
      // Without the events in between, the link cannot be checked; the gap is the finding.
      breaks.push(
        found(
          'revision_gap',
          event.revision - expectedRevision === 1n
            ? `revision ${expectedRevision} is missing`
            : `revisions ${expectedRevision} to ${event.revision - 1n} are missing`,
        ),
      );
      return breaks;
    }
    const linkedTo = tip?.hash ?? null;
    if (previousHash !== linkedTo) {
      breaks.push(
        found(
          'previous_hash_mismatch',
          `links to ${String(previousHash)}, but the event before it ${tip === undefined ? 'does not exist' : `has hash ${String(linkedTo)}`}`,
        ),
      );
    }
    return breaks;
  }
}

/** The breaks in one stream's events, as stored and in revision order; empty when the chain is whole. */
export function verifyChain(events: readonly RecordedEvent[]): ChainBreak[] {
  const verifier = new ChainVerifier();
  return events.flatMap((event) => verifier.check(event));
}
