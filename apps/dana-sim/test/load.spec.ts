import { setTimeout as sleep } from 'node:timers/promises';
import type { PresignedRequest } from '@kios/dana-protocol';
import { entryAt, fillTemplate, type MixEntry } from '../src/load/load-mix';
import { percentile, summarise } from '../src/load/load-report';
import { fireOpenLoop, type Shot } from '../src/load/open-loop';

const request: PresignedRequest = { path: '/order/create', reqMsgId: 'm', bodyText: '{}' };
const answered = (body: Record<string, unknown>) => ({
  httpStatus: 200,
  body,
  signature: { ok: true as const, via: 'raw' as const },
  latencyMs: 1,
});

describe('dana-sim load', () => {
  it('fills # with the digits of the request number, wrapping at the number of #', () => {
    expect(fillTemplate('0812#######5', 42)).toBe('081200000425');
    expect(fillTemplate('53##', 1234)).toBe('5334');
    expect(fillTemplate('fixed', 7)).toBe('fixed');
  });

  it('picks mix entries by weight in a fixed cycle', () => {
    const order = { weight: 3, call: 'createOrder', productId: 'P', destination: 'D' } as MixEntry;
    const list = { weight: 1, call: 'products', type: 'WATER' } as MixEntry;
    expect(Array.from({ length: 8 }, (_, index) => entryAt([order, list], index).call)).toEqual([
      'createOrder',
      'createOrder',
      'createOrder',
      'products',
      'createOrder',
      'createOrder',
      'createOrder',
      'products',
    ]);
  });

  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 99)]).toEqual([50, 95, 99]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('keeps sending on schedule while answers are slow (open loop, not closed)', async () => {
    const requests = Array.from({ length: 10 }, () => ({ call: 'createOrder' as const, request }));
    let inFlight = 0;
    let mostInFlight = 0;
    const run = await fireOpenLoop(requests, 100, async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await sleep(150);
      inFlight -= 1;
      return answered({ order: { orderStatus: { status: 'SUCCESS' } } });
    });
    // A closed loop of one would take 10 × 150 ms; on schedule it takes ~90 ms of sends + one answer.
    expect(run.elapsedMs).toBeLessThan(900);
    expect(mostInFlight).toBeGreaterThan(5);
    expect(run.shots.every((shot) => shot.outcome === 'SUCCESS')).toBe(true);
    // Latency counts from each request's scheduled time.
    expect(Math.min(...run.shots.map((shot) => shot.latencyMs!))).toBeGreaterThanOrEqual(145);
  });

  it('counts no answer, a non-200 and an untrusted signature as errors, and business failures as outcomes', () => {
    const shots: Shot[] = [
      { call: 'createOrder', latencyMs: 10, httpStatus: 200, outcome: 'SUCCESS', sendLagMs: 0 },
      { call: 'createOrder', latencyMs: 30, httpStatus: 200, outcome: 'FAILED', sendLagMs: 2 },
      { call: 'inquire', latencyMs: 20, httpStatus: 500, error: 'HTTP 500', sendLagMs: 1 },
      { call: 'inquire', sendLagMs: 0, error: 'cannot reach kios at http://k: connect ECONNREFUSED' },
    ];
    const report = summarise(
      { shots, elapsedMs: 2000 },
      { ratePerSecond: 2, durationSeconds: 2, presignMs: 5 },
    );
    expect(report).toMatchObject({
      sent: 4,
      succeeded: 2,
      errors: 2,
      errorReasons: { 'HTTP 500': 1, 'cannot reach kios at http://k: connect ECONNREFUSED': 1 },
      throughputPerSecond: 1,
      latencyMs: { p50: 20, p95: 30, p99: 30, max: 30, mean: 20 },
      maxSendLagMs: 2,
      outcomes: { 'createOrder SUCCESS': 1, 'createOrder FAILED': 1 },
    });
  });
});
