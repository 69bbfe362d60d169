import { performance } from 'node:perf_hooks';
import type { PresignedRequest } from '@kios/dana-protocol';

export type PhaseResult = { perSecond: number; p50: number; p99: number };

/** Sends one presigned request and settles when its answer was judged. */
export interface Sender {
  send(request: PresignedRequest): Promise<string>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function summary(latencies: number[], elapsedMs: number): PhaseResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    perSecond: latencies.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/** `concurrency` requests in flight at all times until every request was answered. */
export async function closedLoop(
  kios: Sender,
  requests: PresignedRequest[],
  concurrency: number,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const request = requests[next];
        next += 1;
        const sent = performance.now();
        await kios.send(request);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return summary(latencies, performance.now() - started);
}

/**
 * Requests sent on a fixed schedule whatever the answers do; latency counts from each request's
 * scheduled time, so a stall is not hidden by the sender waiting (coordinated omission).
 */
export async function openLoop(
  kios: Sender,
  requests: PresignedRequest[],
  perSecond: number,
): Promise<PhaseResult> {
  const intervalMs = 1000 / perSecond;
  const latencies: number[] = [];
  const answers: Promise<void>[] = [];
  const started = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < requests.length && started + next * intervalMs <= now) {
        const scheduled = started + next * intervalMs;
        const answer = kios
          .send(requests[next])
          .then(() => void latencies.push(performance.now() - scheduled));
        // Marked handled at once: an error answer rejects the phase below, once every request was
        // sent, instead of ending the process as an unhandled rejection with kios left running.
        answer.catch(() => undefined);
        answers.push(answer);
        next += 1;
      }
      if (next < requests.length) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(answers);
  return summary(latencies, performance.now() - started);
}
