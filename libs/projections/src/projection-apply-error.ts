import { positionToCheckpoint, type RecordedEvent } from '@kios/event-store';

/** A handler threw; names the event so the log says where the projection is stuck. */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';
  constructor(
    readonly projection: string,
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(
      `projection ${projection} failed on ${event.type} ${event.stream}@${event.revision} ` +
        `(position ${positionToCheckpoint(event.position)}): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
