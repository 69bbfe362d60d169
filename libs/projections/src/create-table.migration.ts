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
 */
export abstract class CreateTableMigration implements MigrationInterface {
  protected abstract readonly table: TableOptions;
  protected readonly indices: readonly TableIndexOptions[] = [];

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table(this.table));
    for (const index of this.indices) await queryRunner.createIndex(this.table.name, new TableIndex(index));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(this.table.name);
  }
}
