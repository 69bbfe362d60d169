import type { RecordedEvent } from '@kios/event-store';

/** A read-model row that remembers the stream revision of the last event written into it. */
export interface RevisionedRow {
  revision: bigint;
}

/** A change for a row no earlier event created: the projection was handed its stream out of order. */
export function missingRowError(recorded: RecordedEvent, owner: string): Error {
  return new Error(`${recorded.type} at ${recorded.stream}@${recorded.revision} but ${owner} has no row`);
}
