import { CreateTableMigration } from '../create-table.migration';

export class CreateCallbackOutboxTable1736900000400 extends CreateTableMigration {
  protected override readonly table = {
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
  };
  protected override readonly indices = [
    { name: 'callback_outbox_due', columnNames: ['state', 'next_attempt_at'] },
  ];
}
