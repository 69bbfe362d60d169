import type { InDoubt, PurchaseOutcome, StatusOutcome } from '@kios/fulfillment';

/** A supplier call raced against a deadline: its answer, or why there is none. */
export type DeadlineOutcome<T> = { answered: true; value: T } | { answered: false; reason: string };

/**
 * Waits for `call` at most `ms`. A call that fails or does not answer in time is NOT a refusal: the
 * supplier may have acted on it, so callers treat both as "no answer" (docs/architecture.md §4 step 4);
 * for a purchase or a status check that is in_doubt (answerOrInDoubt).
 * The late answer of an abandoned call is dropped; the follow-up asks the supplier again.
 */
export async function withinDeadline<T>(call: Promise<T>, ms: number): Promise<DeadlineOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DeadlineOutcome<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ answered: false, reason: `the supplier did not answer within ${ms} ms` }),
      Math.max(0, ms),
    );
  });
  const answer = call.then(
    (value): DeadlineOutcome<T> => ({ answered: true, value }),
    (error: unknown): DeadlineOutcome<T> => ({
      answered: false,
      reason: `the supplier call failed: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A purchase or status check raced against a deadline. No answer in time, or a call that threw, is
 * in doubt: the same word an adapter answers with when the supplier's answer is unusable, so the
 * two are handled alike (the order is in doubt; the follow-up checks the status of the same
 * reference). Nothing else is turned into in_doubt, and nothing into a failure.
 */
export async function answerOrInDoubt<T extends PurchaseOutcome | StatusOutcome>(
  call: Promise<T>,
  ms: number,
): Promise<T | InDoubt> {
  const answer = await withinDeadline(call, ms);
  return answer.answered ? answer.value : { status: 'in_doubt', reason: answer.reason };
}
