import { existsSync, rmSync } from 'node:fs';
import { checkpointToPosition, type Position } from '@kios/event-store';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { loadCheckpoint } from '../checkpoint/projection-checkpoints';
import type { Projection } from '../projection';
import { openReadModel } from '../read-model-schema';
import { readModelTransaction } from '../read-model-transaction';
import {
  type AfterReplace,
  projectionTables,
  quoteIdentifier as quote,
  type RebuildLock,
  type RebuildOwner,
  type RebuildSite,
} from './rebuild-site';
import type { RebuildWriter, TableStatements } from './row-batch';
import { SqliteRebuildLock } from './sqlite-rebuild-lock';
import { SqliteRebuildWriter } from './sqlite-rebuild-writer';

const ATTACHED = 'kios_rebuild';

/**
 * Rebuilds beside a SQLite read model `read.db`: each projection builds into its own file
 * `read.db.rebuild-<projection>` (the same migrations), and switches in by copying its tables into
 * the live file in one write transaction. SQLite in WAL mode lets readers keep reading the old rows
 * until that transaction commits.
 */
export class SqliteRebuildSite implements RebuildSite {
  private constructor(
    readonly live: DataSource,
    private readonly file: string,
  ) {}

  static async open(file: string, projections: readonly Projection[]): Promise<SqliteRebuildSite> {
    return new SqliteRebuildSite(await openReadModel(`sqlite:${file}`, projections), file);
  }

  location(projection: Projection): string {
    return this.targetFile(projection);
  }

  async lock(projection: Projection, owner: RebuildOwner): Promise<RebuildLock> {
    return SqliteRebuildLock.acquire(this.lockFile(projection), projection.name, owner);
  }

  async lockHolder(projection: Projection): Promise<string | undefined> {
    return SqliteRebuildLock.holder(this.lockFile(projection));
  }

  async leftover(projection: Projection): Promise<Position | 'started' | undefined> {
    const file = this.targetFile(projection);
    if (!existsSync(file)) return undefined;
    const db = new Database(file, { readonly: true, timeout: 5000 });
    try {
      const hasCheckpoints = db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_checkpoint'")
        .get();
      if (!hasCheckpoints) return 'started';
      const row = db
        .prepare('SELECT position FROM projection_checkpoint WHERE name = ?')
        .get(projection.name) as { position: string } | undefined;
      return row ? checkpointToPosition(row.position) : 'started';
    } finally {
      db.close();
    }
  }

  openTarget(projection: Projection): Promise<DataSource> {
    return openReadModel(`sqlite:${this.targetFile(projection)}`, [projection]);
  }

  /** better-sqlite3 is synchronous: the target is written from a thread of its own, beside the replay. */
  async openWriter(
    projection: Projection,
    _target: DataSource,
    statements: TableStatements,
  ): Promise<RebuildWriter> {
    return SqliteRebuildWriter.start(this.targetFile(projection), statements);
  }

  async dropTarget(projection: Projection, target?: DataSource): Promise<void> {
    if (target?.isInitialized) await target.destroy();
    const file = this.targetFile(projection);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  }

  async replaceLive(projection: Projection, target: DataSource, afterReplace: AfterReplace): Promise<void> {
    if (target.isInitialized) await target.destroy();
    const tables = projectionTables(this.live, projection);
    // ATTACH cannot run inside a transaction; this connection is the site's own, so none is open.
    await this.live.query(`ATTACH DATABASE ? AS ${ATTACHED}`, [this.targetFile(projection)]);
    try {
      await readModelTransaction(this.live, async (tx) => {
        // Writing first takes the write lock at once, so the live runner waits until the commit.
        for (const table of tables) await tx.query(`DELETE FROM main.${quote(table)}`);
        const live = await loadCheckpoint(tx, projection.name);
        for (const table of tables) {
          const columns: { name: string }[] = await tx.query(`PRAGMA main.table_info(${quote(table)})`);
          const list = columns.map((column) => quote(column.name)).join(', ');
          await tx.query(
            `INSERT INTO main.${quote(table)} (${list}) SELECT ${list} FROM ${ATTACHED}.${quote(table)}`,
          );
        }
        await afterReplace(tx, live);
      });
    } finally {
      await this.live.query(`DETACH DATABASE ${ATTACHED}`);
    }
    await this.dropTarget(projection);
  }

  async close(): Promise<void> {
    if (this.live.isInitialized) await this.live.destroy();
  }

  private targetFile(projection: Projection): string {
    return `${this.file}.rebuild-${projection.name}`;
  }

  private lockFile(projection: Projection): string {
    return `${this.targetFile(projection)}.lock`;
  }
}
