import type { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';
import type { Driver } from 'typeorm/driver/Driver';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * The four statements a folded projection runs on its table (row-fold.ts): load rows by key,
 * insert, update and delete a row by key. Their SQL is written once per table and driver, from
 * TypeORM's metadata and with its driver's quoting, parameters and value conversions (column
 * transformers, booleans), and run with `EntityManager.query`: a projection applies a few rows for
 * every order, and building each statement anew with a query builder cost more CPU than running it.
 */
export class RowStatements<Row extends ObjectLiteral> {
  private static readonly made = new WeakMap<object, Map<unknown, RowStatements<ObjectLiteral>>>();

  private readonly table: string;
  private readonly keyColumn: ColumnMetadata;
  private readonly columnList: string;
  /** What an insert writes for a property the row leaves undefined, as TypeORM's insert does. */
  private readonly missingValue: string;

  private constructor(
    private readonly metadata: EntityMetadata,
    private readonly driver: Driver,
    key: string,
  ) {
    const keyColumn = metadata.findColumnWithPropertyName(key);
    if (!keyColumn) throw new Error(`${metadata.name} has no column for its key ${key}`);
    this.keyColumn = keyColumn;
    this.table = metadata.tablePath
      .split('.')
      .map((part) => this.quote(part))
      .join('.');
    this.columnList = metadata.columns.map((column) => this.quote(column.databaseName)).join(', ');
    this.missingValue = driver.options.type === 'postgres' ? 'DEFAULT' : 'NULL';
  }

  /** The statements of `entity`'s table on the connection `manager` runs on, made once per connection. */
  static of<Row extends ObjectLiteral>(
    manager: EntityManager,
    entity: new () => Row,
    key: keyof Row & string,
  ): RowStatements<Row> {
    const connection = manager.connection;
    let ofConnection = RowStatements.made.get(connection);
    if (!ofConnection) {
      ofConnection = new Map();
      RowStatements.made.set(connection, ofConnection);
    }
    let statements = ofConnection.get(entity);
    if (!statements) {
      statements = new RowStatements(connection.getMetadata(entity), connection.driver, key);
      ofConnection.set(entity, statements);
    }
    return statements as unknown as RowStatements<Row>;
  }

  async load(tx: EntityManager, keys: readonly string[]): Promise<Row[]> {
    const params = keys.map((key) => this.persisted(key, this.keyColumn));
    const raw = (await tx.query(
      `SELECT ${this.columnList} FROM ${this.table} WHERE ${this.quote(this.keyColumn.databaseName)} IN (${keys.map((_, i) => this.placeholder(i)).join(', ')})`,
      params,
    )) as Record<string, unknown>[];
    return raw.map((found) => {
      const row = this.metadata.create() as Row;
      for (const column of this.metadata.columns) {
        (row as ObjectLiteral)[column.propertyName] = this.driver.prepareHydratedValue(
          found[column.databaseName],
          column,
        );
      }
      return row;
    });
  }

  async insert(tx: EntityManager, rows: readonly Row[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const values = this.metadata.columns.map((column) => {
        const value = column.getEntityValue(row);
        if (value === undefined) return this.missingValue;
        params.push(this.persisted(value, column));
        return this.placeholder(params.length - 1);
      });
      return `(${values.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${this.table} (${this.columnList}) VALUES ${tuples.join(', ')}`, params);
  }

  /** Sets every column the row defines (as TypeORM's update, an undefined property leaves its column as it is). */
  async update(tx: EntityManager, key: string, row: Row): Promise<void> {
    const params: unknown[] = [];
    const assignments: string[] = [];
    for (const column of this.metadata.columns) {
      if (column === this.keyColumn) continue;
      const value = column.getEntityValue(row);
      if (value === undefined) continue;
      params.push(this.persisted(value, column));
      assignments.push(`${this.quote(column.databaseName)} = ${this.placeholder(params.length - 1)}`);
    }
    if (assignments.length === 0) return;
    params.push(this.persisted(key, this.keyColumn));
    await tx.query(
      `UPDATE ${this.table} SET ${assignments.join(', ')} WHERE ${this.quote(this.keyColumn.databaseName)} = ${this.placeholder(params.length - 1)}`,
      params,
    );
  }

  async delete(tx: EntityManager, key: string): Promise<void> {
    await tx.query(
      `DELETE FROM ${this.table} WHERE ${this.quote(this.keyColumn.databaseName)} = ${this.placeholder(0)}`,
      [this.persisted(key, this.keyColumn)],
    );
  }

  private persisted(value: unknown, column: ColumnMetadata): unknown {
    return this.driver.preparePersistentValue(value, column);
  }

  private quote(name: string): string {
    return this.driver.escape(name);
  }

  private placeholder(index: number): string {
    return this.driver.createParameter(`p${index}`, index);
  }
}
