import { type Position, positionToCheckpoint } from '@kios/event-store';

const describe = (position: Position | undefined): string =>
  position ? positionToCheckpoint(position) : 'none';

/**
 * A checkpoint write refused: the stored checkpoint is no longer the one the writer read, so another
 * writer (a second runner of the same projection, a rebuild's switch) moved it meanwhile. The
 * transaction it was part of rolls back, rows included (docs/architecture.md §1 rule 2).
 */
export class StaleCheckpoint extends Error {
  override readonly name = 'StaleCheckpoint';

  constructor(
    readonly projection: string,
    readonly expected: Position | undefined,
    readonly found: Position | undefined,
  ) {
    super(
      `checkpoint of ${projection} moved under it: expected ${describe(expected)}, found ${describe(found)}`,
    );
  }
}
