/**
 * How dana-sim answers the next callbacks instead of a signed `S` (docs/architecture.md §8, for tests and demos):
 * - http500: HTTP 500 with no envelope
 * - no_answer: holds the request open until kios gives up (its callback timeout)
 * - U / F: a correctly signed answer with that resultStatus
 * - bad_signature: an `S` answer whose signature does not match it
 */
export const MISBEHAVIOURS = ['http500', 'no_answer', 'U', 'F', 'bad_signature'] as const;
export type Misbehaviour = (typeof MISBEHAVIOURS)[number];

export class InvalidMisbehaviour extends Error {
  override readonly name = 'InvalidMisbehaviour';
}

const isMisbehaviour = (value: unknown): value is Misbehaviour =>
  typeof value === 'string' && (MISBEHAVIOURS as readonly string[]).includes(value);

/**
 * Reads a `POST /sim/misbehave` body: `{"next":["http500","no_answer","U"]}` (one each, in order) or
 * `{"mode":"F","count":2}` (count defaults to 1).
 */
export function parseMisbehaviour(body: unknown): Misbehaviour[] {
  const control = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const expected = `expected {"next":[modes...]} or {"mode":"<mode>","count":n}; modes: ${MISBEHAVIOURS.join(', ')}`;
  if (Array.isArray(control.next)) {
    const wrong = control.next.filter((mode) => !isMisbehaviour(mode));
    if (wrong.length > 0)
      throw new InvalidMisbehaviour(`unknown mode(s) ${JSON.stringify(wrong)}; ${expected}`);
    return control.next as Misbehaviour[];
  }
  if (isMisbehaviour(control.mode)) {
    const count = control.count ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1) {
      throw new InvalidMisbehaviour(
        `count must be a whole number of at least 1, got ${JSON.stringify(count)}`,
      );
    }
    return Array.from({ length: count as number }, () => control.mode as Misbehaviour);
  }
  throw new InvalidMisbehaviour(expected);
}

/** The misbehaviours still to come, first in first out. */
export class MisbehaviourQueue {
  private readonly queue: Misbehaviour[] = [];

  add(modes: Misbehaviour[]): void {
    this.queue.push(...modes);
  }

  /** The misbehaviour for the callback at hand, if any is left. */
  take(): Misbehaviour | undefined {
    return this.queue.shift();
  }

  pending(): readonly Misbehaviour[] {
    return [...this.queue];
  }
}
