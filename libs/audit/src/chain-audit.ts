import {
  type ChainBreak,
  type ChainProblem,
  ChainVerifier,
  type EventStore,
  type RecordedEvent,
} from '@kios/event-store';
import { orderHistory } from './order-history';

export interface ChainReport {
  eventCount: number;
  streamCount: number;
  breaks: ChainBreak[];
}

/**
 * `stored` is the store as written, chain keys visible (HashChainedEventStore.underlying): the
 * chained store itself hides them from readers.
 */
export async function verifyOrderChains(
  stored: EventStore,
  requestId: string,
): Promise<ChainReport | undefined> {
  const history = await orderHistory(stored, requestId);
  return history && verifyEvents(history.events);
}

/** Every stream of the store, in one pass over $all. */
export async function verifyAllChains(stored: EventStore): Promise<ChainReport> {
  return verifyEvents(stored.readAll());
}

async function verifyEvents(
  events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>,
): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  const breaks: ChainBreak[] = [];
  for await (const event of events) breaks.push(...verifier.check(event));
  return { eventCount: verifier.eventCount, streamCount: verifier.streamCount, breaks };
}

const PROBLEM_TEXT: Record<ChainProblem, string> = {
  missing_hash: 'missing hash',
  hash_mismatch: 'hash mismatch (its type, data or metadata changed after it was written)',
  previous_hash_mismatch: 'previousHash mismatch (it no longer links to the event before it)',
  revision_gap: 'revision gap (events before it were removed)',
};

/** One line per break: stream, revision, event id and what is wrong. */
export function formatChainBreaks(report: ChainReport): string[] {
  return report.breaks.map(
    (found) =>
      `break in ${found.stream} at revision ${found.revision}, event ${found.eventId}: ` +
      `${PROBLEM_TEXT[found.problem]}; ${found.detail}`,
  );
}

export function chainSummary(report: ChainReport): string {
  const verified = `verified ${report.eventCount} events in ${report.streamCount} streams`;
  const count = report.breaks.length;
  return count === 0 ? `${verified}: no break` : `${verified}: ${count} ${count === 1 ? 'break' : 'breaks'}`;
}
