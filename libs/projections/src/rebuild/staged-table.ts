import type Database from 'better-sqlite3';
import type { DataSource, EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';
import { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { quoteIdentifier as quote } from './rebuild-site';

/** A projection asked the staging area for something only the database can answer; the rebuild falls back. */
export class UnsupportedStagingOperation extends Error {
  override readonly name = 'UnsupportedStagingOperation';
}

/** A row a rebuild deleted while the target table still holds it, until the next flush. */
class Deleted {
  constructor(readonly primaryValues: unknown[]) {}
}

/** Column values in `metadata.columns` order, as the database stores them (transformers applied). */
type StoredRow = unknown[];

/** Bound parameters per statement, below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
const DELETE_CHUNK = 500;

/**
 * One table of a projection, held in memory while a rebuild replays history into it: the rows the
 * events since the last flush touched, kept exactly as TypeORM would store them and handed back as
 * TypeORM would load them, so a projection behaves as it does on the database. A flush writes them in
 * a few multi-row statements; that, not one query per event, is what makes a rebuild fast.
 *
 * Keys already written to the target are remembered, so looking up a row never queries the database
 * unless the row really is there (the common case in a replay is "new order, no row yet").
 */
export class StagedTable {
  private readonly columns: ColumnMetadata[];
  private readonly primaryIndexes: number[];
  private readonly columnIndex: Map<string, number>;
  private readonly table: string;
  private readonly placeholder: (index: number) => string;
  private readonly rows = new Map<string, StoredRow | Deleted>();
  private readonly dirty = new Set<string>();

  private constructor(
    readonly metadata: EntityMetadata,
    private readonly dataSource: DataSource,
    private readonly persisted: Set<string>,
  ) {
    this.columns = metadata.columns;
    this.primaryIndexes = metadata.primaryColumns.map((column) => this.columns.indexOf(column));
    this.columnIndex = new Map(this.columns.map((column, index) => [column.propertyPath, index]));
    this.table = metadata.schema
      ? `${quote(metadata.schema)}.${quote(metadata.tableName)}`
      : quote(metadata.tableName);
    this.placeholder = dataSource.options.type === 'postgres' ? (index) => `$${index + 1}` : () => '?';
  }

  /** Stages `metadata`'s table of `dataSource` (the rebuild target), remembering the keys it already holds. */
  static async open(metadata: EntityMetadata, dataSource: DataSource): Promise<StagedTable> {
    if (
      metadata.relations.length > 0 ||
      metadata.embeddeds.length > 0 ||
      metadata.primaryColumns.length === 0 ||
      metadata.columns.some((column) => column.isGenerated || column.isVersion || column.isUpdateDate)
    ) {
      throw new UnsupportedStagingOperation(
        `${metadata.tableName}: relations, embedded, generated or version columns are not staged`,
      );
    }
    const primary = metadata.primaryColumns.map((column) => quote(column.databaseName)).join(', ');
    const table = metadata.schema
      ? `${quote(metadata.schema)}.${quote(metadata.tableName)}`
      : quote(metadata.tableName);
    const existing: ObjectLiteral[] = await dataSource.query(`SELECT ${primary} FROM ${table}`);
    const persisted = new Set(
      existing.map((row) => keyOf(metadata.primaryColumns.map((column) => row[column.databaseName]))),
    );
    return new StagedTable(metadata, dataSource, persisted);
  }

  get name(): string {
    return this.metadata.tableName;
  }

  async find(criteria: unknown, operation: string): Promise<ObjectLiteral | null> {
    const row = await this.lookup(this.keyOfCriteria(criteria, operation));
    return row ? this.hydrate(row) : null;
  }

  async insert(entity: ObjectLiteral): Promise<void> {
    const row = this.columns.map((column) => {
      const value = column.getEntityValue(entity);
      if (value === undefined) {
        // TypeORM would leave the column to the database's default, which only the database knows.
        throw new UnsupportedStagingOperation(
          `${this.name}: insert without a value for ${column.propertyPath}`,
        );
      }
      return this.toStored(value, column);
    });
    const key = keyOf(this.primaryIndexes.map((index) => row[index]));
    if (await this.lookup(key)) {
      throw new Error(`duplicate key ${key} in ${this.name}: the projection inserted a row that exists`);
    }
    this.put(key, row);
  }

  /** Sets the columns `changes` names on the row `criteria` picks; none when there is no such row. */
  async update(criteria: unknown, changes: ObjectLiteral, operation: string): Promise<number> {
    const key = this.keyOfCriteria(criteria, operation);
    const current = await this.lookup(key);
    if (!current) return 0;
    const row = [...current];
    for (const property in changes) {
      const value = changes[property];
      if (value === undefined) continue;
      const index = this.columnIndex.get(property);
      if (index === undefined) throw new Error(`${this.name} has no column for property ${property}`);
      const stored = this.toStored(value, this.columns[index]);
      if (this.primaryIndexes.includes(index) && stored !== row[index]) {
        throw new UnsupportedStagingOperation(`${this.name}: ${operation} changing the primary key`);
      }
      row[index] = stored;
    }
    this.put(key, row);
    return 1;
  }

  /** TypeORM's save and upsert on the primary key: update the row when it exists, insert it otherwise. */
  async save(entity: ObjectLiteral, operation: string): Promise<void> {
    const primary = Object.fromEntries(
      this.metadata.primaryColumns.map((column) => [column.propertyPath, column.getEntityValue(entity)]),
    );
    if ((await this.update(primary, entity, operation)) === 0) await this.insert(entity);
  }

  async delete(criteria: unknown, operation: string): Promise<number> {
    const key = this.keyOfCriteria(criteria, operation);
    const current = await this.lookup(key);
    if (!current) return 0;
    if (this.persisted.has(key)) {
      this.rows.set(key, new Deleted(this.primaryIndexes.map((index) => current[index])));
      this.dirty.add(key);
    } else {
      this.rows.delete(key);
      this.dirty.delete(key);
    }
    return 1;
  }

  /**
   * Writes what changed since the last flush through `tx` (a transaction on the target, which also
   * saves the rebuild checkpoint) and forgets the staged rows.
   */
  async flush(tx: EntityManager): Promise<void> {
    const replaced: unknown[][] = [];
    const inserted: StoredRow[] = [];
    for (const key of this.dirty) {
      const entry = this.rows.get(key)!;
      if (this.persisted.has(key)) {
        replaced.push(
          entry instanceof Deleted ? entry.primaryValues : this.primaryIndexes.map((index) => entry[index]),
        );
      }
      if (!(entry instanceof Deleted)) inserted.push(entry);
    }
    await this.deleteRows(tx, replaced);
    await this.insertRows(tx, inserted);
    for (const key of this.dirty) {
      if (this.rows.get(key) instanceof Deleted) this.persisted.delete(key);
      else this.persisted.add(key);
    }
    this.rows.clear();
    this.dirty.clear();
  }

  private put(key: string, row: StoredRow): void {
    this.rows.set(key, row);
    this.dirty.add(key);
  }

  private async lookup(key: string): Promise<StoredRow | undefined> {
    const staged = this.rows.get(key);
    if (staged instanceof Deleted) return undefined;
    if (staged) return staged;
    if (!this.persisted.has(key)) return undefined;
    const where = this.metadata.primaryColumns
      .map((column, index) => `${quote(column.databaseName)} = ${this.placeholder(index)}`)
      .join(' AND ');
    const columns = this.columns.map((column) => quote(column.databaseName)).join(', ');
    const [found]: ObjectLiteral[] = await this.dataSource.query(
      `SELECT ${columns} FROM ${this.table} WHERE ${where}`,
      key.split(KEY_SEPARATOR),
    );
    if (!found) return undefined;
    const row = this.columns.map((column) => found[column.databaseName]);
    this.rows.set(key, row);
    return row;
  }

  private hydrate(row: StoredRow): ObjectLiteral {
    const entity = this.metadata.create() as ObjectLiteral;
    const { driver } = this.dataSource;
    // Plain columns only (see open), so each is one property of the entity.
    for (let index = 0; index < this.columns.length; index += 1) {
      const column = this.columns[index];
      entity[column.propertyName] = driver.prepareHydratedValue(row[index], column);
    }
    return entity;
  }

  private toStored(value: unknown, column: ColumnMetadata): unknown {
    const stored = this.dataSource.driver.preparePersistentValue(value, column);
    return stored === undefined ? null : stored;
  }

  /** The key of a where-object naming exactly the primary key, or of a bare id when the key is one column. */
  private keyOfCriteria(criteria: unknown, operation: string): string {
    const primary = this.metadata.primaryColumns;
    if (primary.length === 1) {
      // The usual call, findOneBy({ requestId }), without the general checks below.
      if (isPlainValue(criteria)) return keyOf([this.toStored(criteria, primary[0])]);
      const only = onlyProperty(criteria);
      if (only === primary[0].propertyPath) {
        const value = (criteria as ObjectLiteral)[only];
        if (isPlainValue(value)) return keyOf([this.toStored(value, primary[0])]);
      }
    }
    if (typeof criteria !== 'object' || criteria === null || Array.isArray(criteria)) {
      throw new UnsupportedStagingOperation(`${this.name}: ${operation} by ${describe(criteria)}`);
    }
    const named = Object.entries(criteria).filter(([, value]) => value !== undefined);
    const byPrimaryKey =
      named.length === primary.length &&
      primary.every((column) => isPlainValue((criteria as ObjectLiteral)[column.propertyPath]));
    if (!byPrimaryKey) {
      throw new UnsupportedStagingOperation(
        `${this.name}: ${operation} by ${named.map(([property]) => property).join(', ')} (only the primary key is staged)`,
      );
    }
    return keyOf(
      primary.map((column) => this.toStored((criteria as ObjectLiteral)[column.propertyPath], column)),
    );
  }

  private async deleteRows(tx: EntityManager, primaryValues: unknown[][]): Promise<void> {
    const primary = this.metadata.primaryColumns;
    if (primary.length === 1) {
      const column = quote(primary[0].databaseName);
      for (let start = 0; start < primaryValues.length; start += DELETE_CHUNK) {
        const chunk = primaryValues.slice(start, start + DELETE_CHUNK).map(([value]) => value);
        const placeholders = chunk.map((_, index) => this.placeholder(index)).join(', ');
        await tx.query(`DELETE FROM ${this.table} WHERE ${column} IN (${placeholders})`, chunk);
      }
      return;
    }
    const where = primary
      .map((column, index) => `${quote(column.databaseName)} = ${this.placeholder(index)}`)
      .join(' AND ');
    for (const values of primaryValues) await tx.query(`DELETE FROM ${this.table} WHERE ${where}`, values);
  }

  private async insertRows(tx: EntityManager, rows: StoredRow[]): Promise<void> {
    const columns = this.columns.map((column) => quote(column.databaseName)).join(', ');
    const sqlite = betterSqliteConnectionOf(tx);
    if (sqlite) {
      // One prepared statement run per row beats any multi-row INSERT on SQLite: it is parsed once
      // and binds without spreading tens of thousands of arguments.
      const insert = sqlite.prepare(
        `INSERT INTO ${this.table} (${columns}) VALUES (${this.columns.map(() => '?').join(', ')})`,
      );
      for (const row of rows) insert.run(row);
      return;
    }
    const width = this.columns.length;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / width));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk
        .map(
          (_, row) =>
            `(${this.columns.map((__, column) => this.placeholder(row * width + column)).join(', ')})`,
        )
        .join(', ');
      await tx.query(`INSERT INTO ${this.table} (${columns}) VALUES ${values}`, chunk.flat());
    }
  }
}

/**
 * The better-sqlite3 connection under a TypeORM transaction on SQLite, undefined on PostgreSQL. It
 * is the one connection TypeORM's better-sqlite3 driver has, so statements on it run inside `tx`.
 */
function betterSqliteConnectionOf(tx: EntityManager): Database.Database | undefined {
  const { driver } = tx.connection;
  return driver instanceof BetterSqlite3Driver ? (driver.databaseConnection as Database.Database) : undefined;
}

const KEY_SEPARATOR = '\u0000';

const isPlainValue = (value: unknown): boolean => value === null || typeof value !== 'object';

/** The one property `criteria` names, when it is a plain object naming exactly one. */
function onlyProperty(criteria: unknown): string | undefined {
  if (typeof criteria !== 'object' || criteria === null || Array.isArray(criteria)) return undefined;
  let found: string | undefined;
  for (const property in criteria) {
    if (found !== undefined) return undefined;
    found = property;
  }
  return found;
}

function keyOf(values: unknown[]): string {
  return values.map(String).join(KEY_SEPARATOR);
}

function describe(criteria: unknown): string {
  return Array.isArray(criteria) ? 'a list' : typeof criteria;
}
