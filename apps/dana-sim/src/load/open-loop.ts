import type { KiosAnswer } from '../kios/kios-api';
import type { LoadRequest } from './load-mix';

/** What became of one request. */
export interface Shot {
  call: LoadRequest['call'];
  /** From the moment it was due to be sent to its answer (so a stalled sender cannot hide a stall). */
  latencyMs?: number;
  httpStatus?: number;
  /** Why it counts as an error: no answer, not HTTP 200, or an untrusted signature. */
  error?: string;
  /** The business status kios answered, e.g. `SUCCESS`. */
  outcome?: string;
  /** How late it left compared with its schedule. */
  sendLagMs: number;
}

export interface LoadRun {
  shots: Shot[];
  /** From the first scheduled send to the last answer, or the planned span if longer. */
  elapsedMs: number;
}

type Send = (request: LoadRequest) => Promise<KiosAnswer<Record<string, unknown>>>;

/**
 * Open loop: request i leaves at start + i/rate whatever the answers do (a timer catches up on any
 * that fell due while it slept), unlike a closed loop that waits for answers and so slows down with
 * the server it measures.
 */
export async function fireOpenLoop(
  requests: LoadRequest[],
  ratePerSecond: number,
  send: Send,
): Promise<LoadRun> {
  const intervalMs = 1000 / ratePerSecond;
  const shots: Promise<Shot>[] = [];
  const started = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < requests.length && started + next * intervalMs <= now) {
        const dueAt = started + next * intervalMs;
        shots.push(shoot(requests[next], dueAt, now - dueAt, send));
        next += 1;
      }
      if (next >= requests.length) return resolve();
      setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
    };
    tick();
  });
  const done = await Promise.all(shots);
  // The run lasts its planned span at least: n requests at rate r take n/r seconds, not (n-1)/r.
  const plannedMs = requests.length * intervalMs;
  return { shots: done, elapsedMs: Math.max(plannedMs, performance.now() - started) };
}

async function shoot(request: LoadRequest, dueAt: number, sendLagMs: number, send: Send): Promise<Shot> {
  try {
    const answer = await send(request);
    const latencyMs = performance.now() - dueAt;
    const shot: Shot = { call: request.call, latencyMs, httpStatus: answer.httpStatus, sendLagMs };
    if (answer.httpStatus !== 200) return { ...shot, error: `HTTP ${answer.httpStatus}` };
    if (!answer.signature.ok) return { ...shot, error: 'untrusted signature' };
    return { ...shot, outcome: outcomeOf(request.call, answer.body) };
  } catch (error) {
    return { call: request.call, sendLagMs, error: error instanceof Error ? error.message : String(error) };
  }
}

function outcomeOf(call: LoadRequest['call'], body: Record<string, unknown> | undefined): string {
  const answer = body as
    | {
        order?: { orderStatus?: { status?: string } };
        inquiryResults?: { inquiryStatus?: { status?: string } }[];
      }
    | undefined;
  switch (call) {
    case 'createOrder':
      return answer?.order?.orderStatus?.status ?? 'no status';
    case 'inquire':
      return answer?.inquiryResults?.[0]?.inquiryStatus?.status ?? 'no status';
    case 'products':
      return 'listed';
  }
}
