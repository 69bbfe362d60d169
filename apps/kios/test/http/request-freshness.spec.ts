import { formatDanaTime } from '@kios/dana-protocol';
import { RequestFreshness } from '../../src/http/request-freshness';

const WINDOW_MS = 300_000;
const NOW = new Date('2026-12-04T03:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
/** A request head signed at `reqTime`, as DANA writes it (GMT+7). */
const head = (reqMsgId: string, reqTime: Date) => ({ reqMsgId, reqTime: formatDanaTime(reqTime) });

describe('the replay window (RequestFreshness)', () => {
  it('finds nothing in a first request whose reqTime is within the window, either way', () => {
    const freshness = new RequestFreshness(WINDOW_MS);
    expect(freshness.judge(head('m-1', at(-WINDOW_MS)), NOW)).toEqual({});
    expect(freshness.judge(head('m-2', at(WINDOW_MS)), NOW)).toEqual({});
  });

  it('finds a reqTime outside the window stale, by how much and which way', () => {
    const freshness = new RequestFreshness(WINDOW_MS);
    expect(freshness.judge(head('m-1', at(-WINDOW_MS - 1_000)), NOW)).toEqual({
      staleByMs: WINDOW_MS + 1_000,
    });
    expect(freshness.judge(head('m-2', at(WINDOW_MS + 1_000)), NOW)).toEqual({
      staleByMs: -WINDOW_MS - 1_000,
    });
  });

  it('finds a reqMsgId seen within the window a replay, and forgets it once the window has passed', () => {
    const freshness = new RequestFreshness(WINDOW_MS);
    expect(freshness.judge(head('m-1', NOW), NOW)).toEqual({});
    expect(freshness.judge(head('m-1', NOW), at(WINDOW_MS))).toEqual({ seenBefore: NOW });
    // Seen at NOW, forgotten after NOW + window: the same reqMsgId later is a first sighting again.
    const later = at(WINDOW_MS + 1);
    expect(freshness.judge(head('m-1', later), later)).toEqual({});
  });
});
