import type { DanaStatus } from '@kios/dana-protocol';
import type { FieldExpectation } from './scenario-file';

/** `10 SUCCESS (Success)`, for problems and summaries. */
export function describeStatus(status: DanaStatus | undefined): string {
  if (!status) return 'no status';
  return `${status.code} ${status.status}`;
}

/**
 * An expected status is a code (`"20"`: compared with `code`) or a word (`PENDING`: compared with
 * `status`), as a tester reads DANA's tables (docs/dana-protocol.md §4.4, §4.5).
 */
export function statusMatches(expected: string, actual: DanaStatus | undefined): boolean {
  if (!actual) return false;
  return /^\d+$/.test(expected) ? actual.code === expected : actual.status === expected.toUpperCase();
}

/** No problem, or one that says what was expected and what came. */
export function checkStatus(
  label: string,
  expected: string | undefined,
  actual: DanaStatus | undefined,
): string[] {
  if (expected === undefined || statusMatches(expected, actual)) return [];
  const message = actual?.message ? ` (${actual.message})` : '';
  return [`expected ${label} ${expected}, got ${describeStatus(actual)}${message}`];
}

export function checkField(label: string, expected: FieldExpectation | undefined, actual: unknown): string[] {
  if (expected === undefined) return [];
  const text = typeof actual === 'string' ? actual : undefined;
  const present = text !== undefined && text !== '';
  switch (expected.kind) {
    case 'present':
      return present ? [] : [`expected a ${label}, got ${text === '' ? '""' : 'none'}`];
    case 'absent':
      return present ? [`expected no ${label}, got "${text}"`] : [];
    case 'equals':
      return text === expected.value
        ? []
        : [`expected ${label} "${expected.value}", got ${JSON.stringify(actual)}`];
  }
}

export function checkEqual(label: string, expected: unknown, actual: unknown): string[] {
  if (expected === undefined || expected === actual) return [];
  return [`expected ${label} ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
