import { ConcurrencyError } from './concurrency.error';
import type { EventToAppend, ExpectedVersion } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejects appends every adapter must refuse, before any I/O, so all stores fail alike. */
export function assertAppendable(stream: string, events: EventToAppend[]): void {
  if (stream.length === 0) throw new Error('cannot append to a stream with an empty name');
  if (events.length === 0) throw new Error(`cannot append an empty list of events to stream ${stream}`);
  for (const event of events) {
    if (event.id !== undefined && !UUID.test(event.id)) {
      throw new Error(`event id "${event.id}" for stream ${stream} is not a uuid`);
    }
  }
}

/**
 * The optimistic-concurrency check shared by the stores that run it themselves (SQLite, in-memory).
 * `current` is the stream's last revision, or undefined when the stream does not exist.
 */
export function assertExpectedVersion(
  stream: string,
  expected: ExpectedVersion,
  current: bigint | undefined,
): void {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  if (!satisfied) throw new ConcurrencyError(stream, expected, current ?? 'no_stream');
}
