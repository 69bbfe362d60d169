import {
  type Anchor,
  anchorEventsNewestFirst,
  anchorHash,
  anchorOf,
  checkpointToPosition,
  comparePositions,
  type EventStore,
  loggedEventHash,
  type Position,
  type RecordedEvent,
  type StreamHead,
  UnreadableAnchor,
} from '@kios/event-store';
import { orderStream } from '@kios/ordering';
import { type ChainReport, formatChainBreaks, verifyOrderChains } from '../chain-audit';
import { orderHistory } from '../order-history';
import { type AuditKeys, signatureFinding } from './anchor-list-check';

/**
 * One order's evidence (`kios-cli verify <requestId>`, GET /admin/orders/:id/verify, the timeline's
 * status block): its streams' chains, the anchors' own rules, and each of its streams held against
 * the newest trusted anchor listing it (heads are cumulative, docs/architecture.md §3 "Anchors").
 */
export interface OrderAnchoring {
  chain: ChainReport;
  /** Every break, one line each: the chains, the anchors, a stream shorter than an anchor says or gone. */
  breaks: string[];
  /** The order's events no anchor covers yet (the documented window). */
  notYetAnchored: number;
}

/**
 * Undefined when kios has no such order and no anchor ever saw it. Anchors are read newest first
 * and only as far back as the order's first event (an older anchor cannot list its streams), so a
 * recent order costs a few anchors however long the log; every anchor read must be signed by the
 * audit key and link to the one after it. The whole list's rules are `verify --all`'s to check.
 */
export async function orderAnchoring(
  stored: EventStore,
  requestId: string,
  keys: AuditKeys,
): Promise<OrderAnchoring | undefined> {
  const history = await orderHistory(stored, requestId);
  const streams = history?.streams ?? [orderStream(requestId)];
  const { heads, findings } = await newestHeads(stored, streams, history?.events[0]?.position, keys);
  if (history === undefined && heads.size === 0) return undefined;
  const chain = (history && (await verifyOrderChains(stored, requestId))) ?? {
    eventCount: 0,
    streamCount: 0,
    breaks: [],
  };
  const breaks = [...formatChainBreaks(chain), ...findings.map((finding) => `break: ${finding}`)];
  let notYetAnchored = 0;
  for (const stream of streams) {
    const events = history?.events.filter((event) => event.stream === stream) ?? [];
    const anchored = heads.get(stream);
    if (anchored === undefined) {
      notYetAnchored += events.length;
      continue;
    }
    const finding = headFinding(stream, anchored, events);
    if (finding) breaks.push(`break: ${finding}`);
    notYetAnchored += events.filter((event) => event.revision > BigInt(anchored.head.revision)).length;
  }
  return { chain, breaks, notYetAnchored };
}

/** For people: "verified", "verified, N events not yet anchored", or how many breaks. */
export function orderAnchoringVerdict(anchoring: OrderAnchoring): string {
  if (anchoring.breaks.length > 0) {
    return `${anchoring.breaks.length} ${anchoring.breaks.length === 1 ? 'break' : 'breaks'}`;
  }
  const n = anchoring.notYetAnchored;
  return n === 0 ? 'verified' : `verified, ${n} ${n === 1 ? 'event' : 'events'} not yet anchored`;
}

/** The last line of `kios-cli verify <requestId>`. */
export function orderAnchoringSummary(anchoring: OrderAnchoring): string {
  const { chain, breaks, notYetAnchored: n } = anchoring;
  const verified = `verified ${chain.eventCount} events in ${chain.streamCount} streams`;
  const verdict =
    breaks.length === 0 ? 'no break' : `${breaks.length} ${breaks.length === 1 ? 'break' : 'breaks'}`;
  const anchored =
    n === 0
      ? 'every event covered by an anchor'
      : `${n} ${n === 1 ? 'event' : 'events'} not yet covered by an anchor`;
  return `${verified}: ${verdict}; ${anchored}`;
}

interface AnchoredHead {
  head: StreamHead;
  sequence: string;
}

/**
 * Each of `streams`' head as of the newest trusted anchor listing it, reading anchors newest first
 * until every stream is found or the anchors are older than `since` (the order's first event).
 */
async function newestHeads(
  stored: EventStore,
  streams: readonly string[],
  since: Position | undefined,
  keys: AuditKeys,
): Promise<{ heads: Map<string, AnchoredHead>; findings: string[] }> {
  const heads = new Map<string, AnchoredHead>();
  const findings: string[] = [];
  let newer: Anchor | undefined;
  for await (const event of anchorEventsNewestFirst(stored)) {
    let anchor: Anchor;
    try {
      anchor = anchorOf(event);
    } catch (error) {
      if (!(error instanceof UnreadableAnchor)) throw error;
      findings.push(`anchor unreadable: ${error.message}`);
      continue;
    }
    if (newer && newer.previousAnchorHash !== anchorHash(anchor)) {
      findings.push(
        `anchor #${newer.sequence} in the store does not link to anchor #${anchor.sequence} before it`,
      );
    }
    newer = anchor;
    const untrusted = signatureFinding(anchor, keys);
    if (untrusted !== undefined) {
      findings.push(`anchor #${anchor.sequence} in the store: ${untrusted}`);
      continue;
    }
    for (const stream of streams) {
      const head = anchor.heads[stream];
      if (head && !heads.has(stream)) heads.set(stream, { head, sequence: anchor.sequence });
    }
    if (heads.size === streams.length) break;
    if (since && comparePositions(checkpointToPosition(anchor.position), since) < 0) break;
  }
  return { heads, findings };
}

function headFinding(
  stream: string,
  anchored: AnchoredHead,
  events: readonly RecordedEvent[],
): string | undefined {
  const { head, sequence } = anchored;
  const at = `anchor #${sequence} has ${stream} up to revision ${head.revision}`;
  if (events.length === 0)
    return `stream ${stream} is missing: ${at}; the store holds none of its events (the whole stream was removed)`;
  const signed = events.find((event) => event.revision === BigInt(head.revision));
  if (signed === undefined) {
    const last = events.reduce((a, b) => (b.revision > a.revision ? b : a));
    return `stream ${stream} is shorter: ${at}, the store ends at revision ${last.revision} (the last events of the stream were removed)`;
  }
  const hash = loggedEventHash(signed);
  return hash === head.hash
    ? undefined
    : `stream ${stream} revision ${head.revision} hashes to ${hash.slice(0, 12)}…, ${at} hashing to ${head.hash.slice(0, 12)}…`;
}
