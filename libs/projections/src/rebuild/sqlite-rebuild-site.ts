import { checkpointToPosition, type Position } from '@kios/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from '../checkpoint/projection-checkpoint.entity';
import { loadCheckpoint } from '../checkpoint/projection-checkpoints';
import type { Projection } from '../projection';
import { openReadModel, readModelSchema } from '../read-model-schema';
import { openPrefixedTables } from '../read-model.data-source';
import { readModelTransaction } from '../read-model-transaction';
import { quoteIdentifier as quote } from '../sql-identifier';
import {
  type AfterReplace,
  projectionTables,
  type RebuildLock,
  type RebuildOwner,
  type RebuildSite,
} from './rebuild-site';
import type { RebuildWriter, TableStatements } from './row-batch';
import { SqliteRebuildLock } from './sqlite-rebuild-lock';
import { SqliteRebuildWriter } from './sqlite-rebuild-writer';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Rebuilds inside a SQLite read model `read.db`: each projection builds into twins of its tables in
 * the same file (`rebuild__<projection>__<table>`, each made by the live table's own CREATE TABLE,
 * beside a twin of the checkpoint table), and switches in by renaming them over the live ones in one
 * write transaction: no row is copied, however large the tables. The twins have no secondary
 * indices, which the switch makes as the live ones were made. SQLite in WAL mode lets readers keep
 * reading the old rows until that transaction commits.
 */
export class SqliteRebuildSite implements RebuildSite {
  private constructor(
    readonly live: DataSource,
    private readonly file: string,
  ) {}

  static async open(file: string, projections: readonly Projection[]): Promise<SqliteRebuildSite> {
    return new SqliteRebuildSite(await openReadModel(`sqlite:${file}`, projections), file);
  }

  async lock(projection: Projection, owner: RebuildOwner): Promise<RebuildLock> {
    return SqliteRebuildLock.acquire(this.lockFile(projection), projection.name, owner);
  }

  async lockHolder(projection: Projection): Promise<string | undefined> {
    return SqliteRebuildLock.holder(this.lockFile(projection));
  }

  async leftover(projection: Projection): Promise<Position | 'started' | undefined> {
    const prefix = tablePrefix(projection);
    const twins = await twinDefinitions(this.live, prefix);
    if (twins.size === 0) return undefined;
    const checkpoints = `${prefix}projection_checkpoint`;
    if (!twins.has(checkpoints)) return 'started';
    const [row]: { position: string }[] = await this.live.query(
      `SELECT position FROM ${quote(checkpoints)} WHERE name = ?`,
      [projection.name],
    );
    return row ? checkpointToPosition(row.position) : 'started';
  }

  async openTarget(projection: Projection): Promise<DataSource> {
    const prefix = tablePrefix(projection);
    const tables = [
      this.live.getMetadata(ProjectionCheckpoint).tableName,
      ...projectionTables(this.live, projection),
    ];
    await readModelTransaction(this.live, async (tx) => {
      const twins = await twinDefinitions(tx, prefix);
      const wanted = new Map<string, string>();
      for (const table of tables) {
        wanted.set(`${prefix}${table}`, twinDefinition(await definitionOf(tx, table), table, prefix));
      }
      // A twin an interrupted rebuild made before a migration changed its table would, renamed over
      // the live one, undo that migration: such a rebuild starts again from scratch.
      if ([...twins].some(([twin, definition]) => wanted.get(twin) !== definition)) {
        await dropTables(tx, [...twins.keys()]);
        twins.clear();
      }
      for (const [twin, definition] of wanted) {
        if (!twins.has(twin)) await tx.query(definition);
      }
    });
    return openPrefixedTables(`sqlite:${this.file}`, readModelSchema([projection]).entities, prefix);
  }

  /** better-sqlite3 is synchronous: the target is written from a thread of its own, beside the replay. */
  async openWriter(
    _projection: Projection,
    _target: DataSource,
    statements: TableStatements,
  ): Promise<RebuildWriter> {
    return SqliteRebuildWriter.start(this.file, statements);
  }

  async dropTarget(projection: Projection, target?: DataSource): Promise<void> {
    if (target?.isInitialized) await target.destroy();
    await readModelTransaction(this.live, async (tx) =>
      dropTables(tx, [...(await twinDefinitions(tx, tablePrefix(projection))).keys()]),
    );
  }

  async replaceLive(projection: Projection, target: DataSource, afterReplace: AfterReplace): Promise<void> {
    if (target.isInitialized) await target.destroy();
    const prefix = tablePrefix(projection);
    await readModelTransaction(this.live, async (tx) => {
      // The transaction holds the write lock from its start, so the live runner waits until the commit.
      const live = await loadCheckpoint(tx, projection.name);
      for (const table of projectionTables(this.live, projection)) {
        const indices = await indicesOf(tx, table);
        await tx.query(`DROP TABLE ${quote(table)}`);
        await tx.query(`ALTER TABLE ${quote(`${prefix}${table}`)} RENAME TO ${quote(table)}`);
        for (const index of indices) await tx.query(index);
      }
      await afterReplace(tx, live);
      await dropTables(tx, [...(await twinDefinitions(tx, prefix)).keys()]);
    });
  }

  async close(): Promise<void> {
    if (this.live.isInitialized) await this.live.destroy();
  }

  private lockFile(projection: Projection): string {
    return `${this.file}.rebuild-${projection.name}.lock`;
  }
}

const tablePrefix = (projection: Projection): string => `rebuild__${projection.name}__`;

/** Tables whose names start with a prefix (`substr`, not LIKE, where `_` is a wildcard). */
const TABLES_WITH_PREFIX =
  "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?";

/** The CREATE INDEX statements that made a table's indices (a primary key's own has none). */
async function indicesOf(tx: Queryable, table: string): Promise<string[]> {
  const indices: { sql: string }[] = await tx.query(
    "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    [table],
  );
  return indices.map(({ sql }) => sql);
}

/** The CREATE TABLE statement that made a table, as SQLite keeps it. */
async function definitionOf(tx: Queryable, table: string): Promise<string> {
  const [made]: { sql: string }[] = await tx.query(
    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
    [table],
  );
  if (!made) throw new Error(`the read model has no table ${table} to rebuild`);
  return made.sql;
}

/** The same statement for the twin: only the name changes (the migrations write it quoted). */
function twinDefinition(definition: string, table: string, prefix: string): string {
  const named = `CREATE TABLE ${quote(table)} `;
  if (!definition.startsWith(named)) {
    throw new Error(`cannot make a twin of ${table}: its definition does not start with ${named.trim()}`);
  }
  return `CREATE TABLE ${quote(`${prefix}${table}`)} ${definition.slice(named.length)}`;
}

/** A rebuild's twin tables, by name, with the CREATE TABLE that made each. */
async function twinDefinitions(db: Queryable, prefix: string): Promise<Map<string, string>> {
  const twins: { name: string; sql: string }[] = await db.query(TABLES_WITH_PREFIX, [prefix.length, prefix]);
  return new Map(twins.map(({ name, sql }) => [name, sql]));
}

/** Their indices go with them. */
async function dropTables(tx: Queryable, tables: string[]): Promise<void> {
  for (const table of tables) await tx.query(`DROP TABLE IF EXISTS ${quote(table)}`);
}
