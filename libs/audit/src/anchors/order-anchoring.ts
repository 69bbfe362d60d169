import type { KeyObject } from 'node:crypto';
import {
  type Anchor,
  type EventStore,
  loggedEventHash,
  type RecordedEvent,
  type StreamHead,
} from '@kios/event-store';
import { orderStream } from '@kios/ordering';
import { type ChainReport, formatChainBreaks, verifyOrderChains } from '../chain-audit';
import { orderHistory } from '../order-history';
import { checkAnchorList, readStoredAnchors } from './anchor-list-check';

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

/** Undefined when kios has no such order and no anchor ever saw it. */
export async function orderAnchoring(
  stored: EventStore,
  requestId: string,
  publicKey: KeyObject | undefined,
): Promise<OrderAnchoring | undefined> {
  const read = await readStoredAnchors(stored);
  const checked = checkAnchorList(read.anchors, publicKey, 'the store');
  const heads = newestHeads(read.anchors.filter((anchor) => checked.signed.has(anchor)));
  const history = await orderHistory(stored, requestId);
  const order = orderStream(requestId);
  if (history === undefined && !heads.has(order)) return undefined;
  const chain = (history && (await verifyOrderChains(stored, requestId))) ?? {
    eventCount: 0,
    streamCount: 0,
    breaks: [],
  };
  const breaks = [
    ...formatChainBreaks(chain),
    ...[...read.findings, ...checked.findings].map((finding) => `break: ${finding.text}`),
  ];
  let notYetAnchored = 0;
  for (const stream of history?.streams ?? [order]) {
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

/** Each stream's head as of the newest anchor listing it. */
function newestHeads(anchors: readonly Anchor[]): Map<string, AnchoredHead> {
  const heads = new Map<string, AnchoredHead>();
  for (const anchor of anchors) {
    for (const [stream, head] of Object.entries(anchor.heads))
      heads.set(stream, { head, sequence: anchor.sequence });
  }
  return heads;
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
