import type { Anchor, EventStore } from '@kios/event-store';
import { formatChainBreaks } from '../chain-audit';
import {
  type AnchorFinding,
  type AuditKeys,
  checkAnchorList,
  compareWithKeptCopy,
  readStoredAnchors,
} from './anchor-list-check';
import { auditLog, type LogAuditReport } from './log-audit';

/** `kios-cli verify --all [--anchors <file>]` and GET /admin/verify: the chains, the anchors and the log between them. */
export interface StoreAuditReport {
  log: LogAuditReport;
  anchorFindings: AnchorFinding[];
  /** The anchors the log was judged against (the kept copy's first, when one was given). */
  anchorCount: number;
  lastAnchor?: Anchor;
  /** How many anchors the kept copy held, when one was given. */
  keptCount?: number;
}

/**
 * `stored` is the store as written, chain keys visible (HashChainedEventStore.underlying);
 * `keys` the audit key's public half and earlier ones; `kept` the anchors of `kios-cli anchors export`, which
 * then judge the log as far as they go (the store's own anchors after that), so a store whose
 * anchors stream was cut is still held to what was exported.
 */
export async function auditStore(
  stored: EventStore,
  keys: AuditKeys,
  kept?: readonly Anchor[],
): Promise<StoreAuditReport> {
  const read = await readStoredAnchors(stored);
  const inStore = checkAnchorList(read.anchors, keys, 'the store');
  const anchorFindings = [...read.findings, ...inStore.findings];
  let reference = inStore;
  if (kept) {
    const keptCheck = checkAnchorList(kept, keys, 'the kept copy');
    anchorFindings.push(...keptCheck.findings, ...compareWithKeptCopy(read.anchors, kept));
    const lastKept = kept.length > 0 ? BigInt(kept[kept.length - 1].sequence) : -1n;
    const newer = inStore.anchors.filter((anchor) => BigInt(anchor.sequence) > lastKept);
    reference = {
      anchors: [...keptCheck.anchors, ...newer],
      signed: new Set([...keptCheck.signed, ...newer.filter((anchor) => inStore.signed.has(anchor))]),
      findings: [],
    };
  }
  const log = await auditLog(stored, reference.anchors, reference.signed);
  return {
    log,
    anchorFindings,
    anchorCount: reference.anchors.length,
    lastAnchor: reference.anchors.at(-1),
    ...(kept ? { keptCount: kept.length } : {}),
  };
}

/** Every break, one line each: the per-stream chains, then the anchors, then the log between them. */
export function storeAuditBreaks(report: StoreAuditReport): string[] {
  const { log } = report;
  return [
    ...formatChainBreaks({
      eventCount: log.eventCount,
      streamCount: log.streamCount,
      breaks: log.chainBreaks,
    }),
    ...report.anchorFindings.map((finding) => `break: ${finding.text}`),
    ...log.logFindings.map((finding) => `break: ${finding}`),
  ];
}

export function storeAuditSummary(report: StoreAuditReport): string {
  const { log, lastAnchor } = report;
  const count = storeAuditBreaks(report).length;
  const anchors =
    lastAnchor === undefined
      ? 'no anchor yet'
      : `${report.anchorCount} ${report.anchorCount === 1 ? 'anchor' : 'anchors'} up to position ${lastAnchor.position} (${log.covered} log events found covered${report.keptCount === undefined ? '' : `; ${report.keptCount} from the kept copy`})`;
  const uncovered = `${log.notYetCovered} ${log.notYetCovered === 1 ? 'event' : 'events'} not yet covered by an anchor`;
  const verdict = count === 0 ? 'no break' : `${count} ${count === 1 ? 'break' : 'breaks'}`;
  return `verified ${log.eventCount} events in ${log.streamCount} streams against ${anchors}; ${uncovered}: ${verdict}`;
}
