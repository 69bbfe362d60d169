import { CreateTableMigration } from '../create-table.migration';

export class CreateProjectionCheckpoint1736900000000 extends CreateTableMigration {
  protected override readonly table = {
    name: 'projection_checkpoint',
    columns: [
      { name: 'name', type: 'varchar', length: '100', isPrimary: true },
      { name: 'position', type: 'varchar', length: '64' },
      { name: 'updated_at', type: 'varchar', length: '32' },
    ],
  };
}
