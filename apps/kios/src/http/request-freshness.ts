/** How many reqMsgIds are remembered at most, so a flood cannot grow the memory without bound. */
const MAX_REMEMBERED = 200_000;

/** What is unusual about a request's head: its reqTime far from kios's clock, its reqMsgId seen before. */
export interface Freshness {
  /** How far reqTime is from kios's clock (negative: in the future), when outside the window. */
  staleByMs?: number;
  /** When kios saw this reqMsgId before, within the window. */
  seenBefore?: Date;
}

/**
 * The replay window (docs/dana-protocol.md §2.4): DANA documents no clock-skew limit and no retry
 * behaviour, so this only judges; the guard counts, logs, and refuses only when told to. reqMsgIds
 * are remembered in this process for the window (another replica's are not seen).
 */
export class RequestFreshness {
  /** reqMsgId → when it was first seen, oldest first (a Map iterates in insertion order). */
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  judge(head: { reqTime: string; reqMsgId: string }, now: Date): Freshness {
    const nowMs = now.getTime();
    this.forgetOlderThan(nowMs - this.windowMs);
    const freshness: Freshness = {};
    const skewMs = nowMs - Date.parse(head.reqTime);
    if (Math.abs(skewMs) > this.windowMs) freshness.staleByMs = skewMs;
    const seenAt = this.seen.get(head.reqMsgId);
    if (seenAt === undefined) this.remember(head.reqMsgId, nowMs);
    else freshness.seenBefore = new Date(seenAt);
    return freshness;
  }

  private remember(reqMsgId: string, atMs: number): void {
    if (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(reqMsgId, atMs);
  }

  private forgetOlderThan(cutoffMs: number): void {
    for (const [reqMsgId, seenAt] of this.seen) {
      if (seenAt >= cutoffMs) return;
      this.seen.delete(reqMsgId);
    }
  }
}
