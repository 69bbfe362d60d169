import { CreateTableMigration } from '../create-table.migration';

export class CreateFulfilmentFollowUpTable1736900000300 extends CreateTableMigration {
  protected override readonly table = {
    name: 'fulfilment_followup',
    columns: [
      { name: 'request_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'supplier_ref', type: 'varchar', length: '64' },
      { name: 'status', type: 'varchar', length: '16' },
      { name: 'requested_at', type: 'varchar', length: '32' },
      { name: 'changed_at', type: 'varchar', length: '32' },
      { name: 'flagged_for_operator', type: 'boolean' },
      { name: 'correlation_id', type: 'varchar', length: '64' },
      { name: 'last_event_id', type: 'varchar', length: '64' },
      { name: 'revision', type: 'bigint' },
    ],
  };
}
