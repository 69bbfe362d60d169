import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableIndex,
  type TableIndexOptions,
  type TableOptions,
} from 'typeorm';

/**
 * A hand-written migration that creates one read-model table and its indices, and drops the table
 * going down. Subclasses only declare the table; their timestamped class names stay TypeORM's key.
 * A data source's `entityPrefix` prefixes the names of both, as it does the entities' tables.
 */
export abstract class CreateTableMigration implements MigrationInterface {
  protected abstract readonly table: TableOptions;
  protected readonly indices: readonly TableIndexOptions[] = [];

  async up(queryRunner: QueryRunner): Promise<void> {
    const prefix = prefixOf(queryRunner);
    const table = `${prefix}${this.table.name}`;
    await queryRunner.createTable(new Table({ ...this.table, name: table }));
    for (const index of this.indices) {
      await queryRunner.createIndex(
        table,
        new TableIndex({ ...index, name: index.name && `${prefix}${index.name}` }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(`${prefixOf(queryRunner)}${this.table.name}`);
  }
}

const prefixOf = (queryRunner: QueryRunner): string => queryRunner.connection.options.entityPrefix ?? '';
