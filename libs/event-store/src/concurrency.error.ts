import type { ExpectedVersion } from './event-store.port';

/** The stream was not at the version the writer expected; `actual` is 'no_stream' or its last revision. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${stream}: expected version ${String(expected)}, actual ${String(actual)}`);
  }
}
