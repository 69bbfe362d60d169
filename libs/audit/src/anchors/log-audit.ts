import {
  type Anchor,
  type ChainBreak,
  ChainVerifier,
  checkpointToPosition,
  comparePositions,
  coveredByAnchors,
  type EventStore,
  LOG_START,
  loggedEventHash,
  LogSegment,
  type SegmentStart,
  startAfter,
  type StreamHead,
} from '@kios/event-store';

/** What the log as stored says against the anchors that cover it. */
export interface LogAuditReport {
  eventCount: number;
  streamCount: number;
  /** Per-stream chain breaks (ChainVerifier), in every stream, the anchors' own included. */
  chainBreaks: ChainBreak[];
  /** The log between two anchors, or a stream's head as of an anchor, differing from what the anchor signed. */
  logFindings: string[];
  /** Log events after the last anchor's position: not a break, the documented window (README "Anchors"). */
  notYetCovered: number;
  /** Log events the anchors cover, as found. */
  covered: bigint;
}

/**
 * One pass over `$all` as stored (chain keys visible): the per-stream chains, and, between each
 * anchor and the next, the log recomputed from the events found — how many, their log hash and each
 * stream's head as of the anchor — held against what the anchor signed. `anchors` are the reference
 * (the store's, or a kept copy's); `trusted` those whose signature holds, the only ones allowed to
 * judge the log (a forged anchor is reported by `checkAnchorList`, not believed here).
 */
export async function auditLog(
  stored: EventStore,
  anchors: readonly Anchor[],
  trusted: ReadonlySet<Anchor>,
): Promise<LogAuditReport> {
  const verifier = new ChainVerifier();
  const chainBreaks: ChainBreak[] = [];
  const logFindings: string[] = [];
  const heads = new Map<string, StreamHead>();
  const pending = [...anchors];
  let segment = new LogSegment(LOG_START);
  let covered = 0n;

  const closeSegment = (anchor: Anchor) => {
    let next: SegmentStart;
    if (trusted.has(anchor)) {
      logFindings.push(...segmentFindings(anchor, segment), ...headFindings(anchor, heads));
      next = startAfter(anchor);
    } else {
      // Not believed: the log runs on as recomputed, so the next trusted anchor is still judged.
      next = {
        ...segment.start,
        sequence: BigInt(anchor.sequence) + 1n,
        previousPosition: anchor.position,
        logHash: segment.logHash,
        totalEventCount: segment.start.totalEventCount + segment.eventCount,
      };
    }
    covered += segment.eventCount;
    segment = new LogSegment(next);
  };

  for await (const event of stored.readAll()) {
    chainBreaks.push(...verifier.check(event));
    if (!coveredByAnchors(event)) continue;
    while (
      pending.length > 0 &&
      comparePositions(event.position, checkpointToPosition(pending[0].position)) > 0
    ) {
      closeSegment(pending.shift()!);
    }
    segment.add(event);
    heads.set(event.stream, { revision: event.revision.toString(), hash: loggedEventHash(event) });
  }
  for (const anchor of pending.splice(0)) closeSegment(anchor);
  return {
    eventCount: verifier.eventCount,
    streamCount: verifier.streamCount,
    chainBreaks,
    logFindings,
    notYetCovered: Number(segment.eventCount),
    covered,
  };
}

function segmentFindings(anchor: Anchor, found: LogSegment): string[] {
  if (found.logHash === anchor.logHash && found.eventCount === BigInt(anchor.eventCount)) return [];
  const span = `the log between position ${anchor.previousPosition ?? '0/0 (its start)'} and position ${anchor.position}`;
  const counted = `anchor #${anchor.sequence} counted ${anchor.eventCount} events there, the store holds ${found.eventCount}`;
  const missing = BigInt(anchor.eventCount) - found.eventCount;
  const why =
    missing > 0n
      ? `${missing} covered ${missing === 1n ? 'event is' : 'events are'} gone`
      : missing < 0n
        ? `${-missing} ${missing === -1n ? 'event was' : 'events were'} added`
        : 'events it covers were changed, replaced or reordered';
  return [
    `${span} does not match anchor #${anchor.sequence}: ${counted} (log hash ${found.logHash.slice(0, 12)}…, signed ${anchor.logHash.slice(0, 12)}…): ${why}`,
  ];
}

/** Each stream the anchor lists, as the store has it up to the anchor's position. */
function headFindings(anchor: Anchor, heads: ReadonlyMap<string, StreamHead>): string[] {
  const findings: string[] = [];
  for (const [stream, signed] of Object.entries(anchor.heads)) {
    const found = heads.get(stream);
    const at = `anchor #${anchor.sequence} has ${stream} up to revision ${signed.revision}`;
    if (found === undefined) {
      findings.push(
        `stream ${stream} is missing: ${at}; the store holds none of its events (the whole stream was removed)`,
      );
    } else if (BigInt(found.revision) < BigInt(signed.revision)) {
      const from = BigInt(found.revision) + 1n;
      const range =
        from === BigInt(signed.revision)
          ? `revision ${signed.revision} is`
          : `revisions ${from} to ${signed.revision} are`;
      findings.push(
        `stream ${stream} is shorter: ${at}, the store ends at revision ${found.revision}; ${range} missing (the last events of the stream were removed)`,
      );
    } else if (found.revision !== signed.revision) {
      findings.push(
        `stream ${stream} had revision ${found.revision} by position ${anchor.position}, but ${at}`,
      );
    } else if (found.hash !== signed.hash) {
      findings.push(
        `stream ${stream} revision ${signed.revision} hashes to ${found.hash.slice(0, 12)}…, ${at} hashing to ${signed.hash.slice(0, 12)}…`,
      );
    }
  }
  return findings;
}
