import {
  getMetadataArgsStorage,
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  type TableColumnOptions,
  TableIndex,
  type TableIndexOptions,
  type TableOptions,
} from 'typeorm';
import type { ColumnMetadataArgs } from 'typeorm/metadata-args/ColumnMetadataArgs';

/**
 * A migration that creates one read-model table and its indices as its entity declares them, and
 * drops the table going down. The entity's decorators are the only declaration of the table's
 * columns; subclasses name the entity, and their timestamped class names stay TypeORM's key.
 *
 * A migration that has run must keep running the same DDL: libs/projections/test/read-model-ddl.spec.ts pins what each
 * one runs on SQLite and PostgreSQL. The day an entity's table changes, that spec fails: write the
 * old table out as `TableOptions` in the create migration (`tableOf` gives them) and add a migration
 * for the change.
 */
export abstract class CreateTableMigration implements MigrationInterface {
  protected abstract readonly entity: ReadModelEntityClass;
  /**
   * Columns (SQL names) the entity declares that a later migration adds (`AddColumnMigration`):
   * left out here, so this migration keeps running the DDL it ran before they existed.
   */
  protected readonly columnsAddedLater: readonly string[] = [];

  async up(queryRunner: QueryRunner): Promise<void> {
    const { table, indices } = tableOf(this.entity);
    const columns = table.columns!.filter((column) => !this.columnsAddedLater.includes(column.name));
    await queryRunner.createTable(new Table({ ...table, columns }));
    for (const index of indices) await queryRunner.createIndex(table.name, new TableIndex(index));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(tableOf(this.entity).table.name);
  }
}

/**
 * A migration that adds one column to a read-model table as its entity declares it, and drops it
 * going down. Rows built before it hold null there until the projection is rebuilt.
 */
export abstract class AddColumnMigration implements MigrationInterface {
  protected abstract readonly entity: ReadModelEntityClass;
  /** The column's SQL name. */
  protected abstract readonly column: string;

  async up(queryRunner: QueryRunner): Promise<void> {
    const { table } = tableOf(this.entity);
    const declared = table.columns!.find((column) => column.name === this.column);
    if (!declared) throw new Error(`${this.entity.name} declares no column ${this.column}`);
    await queryRunner.addColumn(table.name, new TableColumn(declared));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn(tableOf(this.entity).table.name, this.column);
  }
}

/** A read-model entity class: `@Entity(table)`, plain `@Column`s and one `@PrimaryColumn`. */
export type ReadModelEntityClass = new () => object;

/** The column options the read models use; anything else would be left out of the table, so it is refused. */
const DERIVED_OPTIONS = new Set(['name', 'type', 'length', 'nullable', 'primary', 'transformer']);

/** The table and indices an entity's decorators declare, as a migration creates them. */
export function tableOf(entity: ReadModelEntityClass): { table: TableOptions; indices: TableIndexOptions[] } {
  const storage = getMetadataArgsStorage();
  const [declared] = storage.filterTables(entity);
  if (!declared?.name) throw new Error(`${entity.name} has no @Entity(<table name>)`);
  const columns = storage.filterColumns(entity);
  const columnNames = new Map(columns.map((column) => [column.propertyName, columnName(column)]));
  // Class decorators run bottom-up: reversed, the indices come in the order the entity lists them.
  const indices = [...storage.filterIndices(entity)].reverse().map((index): TableIndexOptions => {
    const where = `${entity.name} index ${index.name}`;
    if (!index.name || !Array.isArray(index.columns))
      throw new Error(`${where}: name it and list its columns`);
    if (index.where || index.spatial || index.fulltext)
      throw new Error(`${where}: only plain indices are derived`);
    return {
      name: index.name,
      columnNames: index.columns.map((property) => {
        const name = columnNames.get(property);
        if (name === undefined) throw new Error(`${where}: ${property} is not a column`);
        return name;
      }),
      ...(index.unique ? { isUnique: true } : {}),
    };
  });
  return {
    table: { name: declared.name, columns: columns.map((column) => tableColumn(entity, column)) },
    indices,
  };
}

const columnName = (column: ColumnMetadataArgs): string => column.options.name ?? column.propertyName;

function tableColumn(entity: ReadModelEntityClass, column: ColumnMetadataArgs): TableColumnOptions {
  const { options } = column;
  const where = `${entity.name}.${column.propertyName}`;
  const unsupported = Object.keys(options).filter(
    (key) => !DERIVED_OPTIONS.has(key) && options[key as keyof typeof options] !== undefined,
  );
  if (unsupported.length > 0) throw new Error(`${where}: ${unsupported.join(', ')} would not be migrated`);
  if (column.mode !== 'regular' || typeof options.type !== 'string') {
    throw new Error(`${where}: a read-model column is a plain column with its SQL type named`);
  }
  return {
    name: columnName(column),
    type: options.type,
    ...(options.length === undefined ? {} : { length: String(options.length) }),
    ...(options.primary ? { isPrimary: true } : {}),
    ...(options.nullable ? { isNullable: true } : {}),
  };
}
