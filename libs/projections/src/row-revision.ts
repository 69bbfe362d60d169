import type { RecordedEvent } from '@kios/event-store';

/** A read-model row that remembers the stream revision of the last event written into it. */
export interface RevisionedRow {
  revision: bigint;
}

/**
 * True when `row` already holds `recorded`: after a crash the runner hands a projection again the
 * events it applied before its checkpoint was saved, and those are at or below the row's revision.
 */
export function appliedBefore(row: RevisionedRow | null | undefined, recorded: RecordedEvent): boolean {
  return row != null && row.revision >= recorded.revision;
}

/** A change for a row no earlier event created: the projection was handed its stream out of order. */
export function missingRowError(recorded: RecordedEvent, owner: string): Error {
  return new Error(`${recorded.type} at ${recorded.stream}@${recorded.revision} but ${owner} has no row`);
}
