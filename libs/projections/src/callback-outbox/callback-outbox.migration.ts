import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateCallbackOutboxTable1736900000400 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'callback_outbox',
        columns: [
          { name: 'request_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'final_status', type: 'varchar', length: '8', isNullable: true },
          { name: 'attempts', type: 'integer' },
          { name: 'next_attempt_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'last_reason', type: 'text', isNullable: true },
          { name: 'revision', type: 'bigint' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'callback_outbox',
      new TableIndex({ name: 'callback_outbox_due', columnNames: ['state', 'next_attempt_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('callback_outbox');
  }
}
