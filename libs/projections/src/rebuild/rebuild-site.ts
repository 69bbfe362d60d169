import type { Position } from '@kios/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import type { RebuildWriter, TableStatements } from './row-batch';

/** Who runs a rebuild, for the message another rebuild of the same projection gets. */
export interface RebuildOwner {
  pid: number;
  host: string;
  startedAt: Date;
}

/** Two rebuilds of one projection would write the same target; the second one is refused. */
export class RebuildAlreadyRunning extends Error {
  override readonly name = 'RebuildAlreadyRunning';
  constructor(
    readonly projection: string,
    holder: string,
  ) {
    super(`a rebuild of ${projection} is already running (${holder})`);
  }
}

export interface RebuildLock {
  release(): Promise<void>;
}

/** Runs in the switch transaction once the live tables hold the rebuilt rows; `live` is the live checkpoint then. */
export type AfterReplace = (tx: EntityManager, live: Position | undefined) => Promise<void>;

/**
 * Where rebuilds of one read-model database build and how they switch in: prefixed twins of the
 * projection's tables in the same file for SQLite, a sibling schema for PostgreSQL. The live tables
 * are untouched (and keep serving readers) until `replaceLive`.
 */
export interface RebuildSite {
  /** The live read model, opened for the rebuild's own use (never a connection kios serves from). */
  readonly live: DataSource;
  /** Takes the projection's rebuild lock, or throws RebuildAlreadyRunning. Freed if the process dies. */
  lock(projection: Projection, owner: RebuildOwner): Promise<RebuildLock>;
  /** Who holds the projection's rebuild lock now, described; undefined when nobody does. */
  lockHolder(projection: Projection): Promise<string | undefined>;
  /**
   * The checkpoint of a rebuild left behind (interrupted, or running elsewhere), 'started' when it
   * has no checkpoint yet; undefined when there is none. Only reads.
   */
  leftover(projection: Projection): Promise<Position | 'started' | undefined>;
  /** Opens (creating and migrating when new) the projection's rebuild target. */
  openTarget(projection: Projection): Promise<DataSource>;
  /** The writer of a folded projection's flushes into its open target (see FoldBuild). */
  openWriter(projection: Projection, target: DataSource, statements: TableStatements): Promise<RebuildWriter>;
  /** Drops the projection's rebuild target; `target` (when open) is closed first. */
  dropTarget(projection: Projection, target?: DataSource): Promise<void>;
  /**
   * In one transaction on the live database, with the live tables locked against the live runner:
   * replaces their rows with the rebuilt ones, then runs `afterReplace` (catch-up and checkpoint).
   * Readers see the old rows until it commits. The target (closed first) is gone afterwards.
   */
  replaceLive(projection: Projection, target: DataSource, afterReplace: AfterReplace): Promise<void>;
  close(): Promise<void>;
}

/** The tables a projection owns, by the entity metadata of an open data source. */
export function projectionTables(dataSource: DataSource, projection: Projection): string[] {
  return projection.entities.map((entity) => dataSource.getMetadata(entity).tableName);
}
