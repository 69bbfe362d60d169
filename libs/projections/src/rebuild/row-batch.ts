import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ProjectionCheckpoint } from '../checkpoint/projection-checkpoint.entity';
import { quoteIdentifier as quote } from '../sql-identifier';

/**
 * What one flush of a rebuilt table writes, in one transaction: the rows it replaces or deletes go
 * first (by key), then the rows as they are now, then the rebuild's checkpoint. Values are as the
 * database stores them, so a writer in another thread needs nothing of TypeORM.
 */
export interface RowBatch {
  deleteKeys: unknown[];
  rows: unknown[][];
  checkpoint: { name: string; position: string; updatedAt: string };
}

/** The SQL a batch of one table runs, written once per rebuild; `?` placeholders (SQLite's). */
export interface TableStatements {
  table: string;
  keyColumn: string;
  /** Quoted, in the order of a batch's row values. */
  columns: string[];
  deleteByKey: string;
  insert: string;
  saveCheckpoint: string;
}

/** One table of a rebuild: how its entities become stored rows, and the SQL that writes them. */
export class RebuiltTable {
  readonly statements: TableStatements;
  private readonly columns: ColumnMetadata[];
  private readonly keyColumn: ColumnMetadata;

  constructor(
    private readonly target: DataSource,
    readonly metadata: EntityMetadata,
  ) {
    if (
      metadata.primaryColumns.length !== 1 ||
      metadata.relations.length > 0 ||
      metadata.embeddeds.length > 0
    ) {
      throw new Error(
        `${metadata.tableName}: a rebuilt table has one primary-key column and plain columns only`,
      );
    }
    this.columns = metadata.columns;
    this.keyColumn = metadata.primaryColumns[0];
    const table = qualified(metadata);
    const columns = this.columns.map((column) => quote(column.databaseName));
    const keyColumn = quote(this.keyColumn.databaseName);
    const checkpoint = target.getMetadata(ProjectionCheckpoint);
    const [name, position, updatedAt] = ['name', 'position', 'updatedAt'].map((property) =>
      quote(checkpoint.findColumnWithPropertyName(property)!.databaseName),
    );
    this.statements = {
      table,
      keyColumn,
      columns,
      deleteByKey: `DELETE FROM ${table} WHERE ${keyColumn} = ?`,
      insert: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      saveCheckpoint:
        `INSERT INTO ${qualified(checkpoint)} (${name}, ${position}, ${updatedAt}) VALUES (?, ?, ?) ` +
        `ON CONFLICT (${name}) DO UPDATE SET ${position} = excluded.${position}, ${updatedAt} = excluded.${updatedAt}`,
    };
  }

  /** The entity's column values as the database stores them (transformers applied), in `columns` order. */
  stored(entity: ObjectLiteral): unknown[] {
    const { driver } = this.target;
    return this.columns.map(
      (column) => driver.preparePersistentValue(column.getEntityValue(entity), column) ?? null,
    );
  }

  storedKey(key: string): unknown {
    return this.target.driver.preparePersistentValue(key, this.keyColumn);
  }

  /** Every key the table holds now, as `keyOf` gives them. */
  async keys(): Promise<Set<string>> {
    const column = this.keyColumn.databaseName;
    const found: ObjectLiteral[] = await this.target.query(
      `SELECT ${quote(column)} FROM ${this.statements.table}`,
    );
    return new Set(found.map((row) => String(row[column])));
  }
}

const qualified = (metadata: EntityMetadata): string =>
  metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName);

/**
 * Writes a rebuild's flushes to its target, one at a time: `write` resolves once its batch is
 * committed, and the caller waits for it before the next (the replay goes on meanwhile).
 */
export interface RebuildWriter {
  write(batch: RowBatch): Promise<void>;
  /** Lets the writer go; closing again does nothing. */
  close(): Promise<void>;
}
