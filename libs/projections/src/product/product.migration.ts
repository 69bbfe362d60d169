import { CreateTableMigration } from '../create-table.migration';

export class CreateProductTable1736900000100 extends CreateTableMigration {
  protected override readonly table = {
    name: 'product',
    columns: [
      { name: 'product_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'type', type: 'varchar', length: '32' },
      { name: 'provider', type: 'varchar', length: '32' },
      { name: 'name', type: 'varchar', length: '100' },
      { name: 'module', type: 'varchar', length: '16' },
      { name: 'price_minor', type: 'varchar', length: '19' },
      { name: 'currency', type: 'varchar', length: '3' },
      { name: 'available', type: 'boolean' },
      { name: 'delisted', type: 'boolean' },
      { name: 'destination', type: 'text' },
      { name: 'pricing', type: 'varchar', length: '8' },
      { name: 'delivery', type: 'varchar', length: '8' },
      { name: 'revision', type: 'bigint' },
      { name: 'updated_at', type: 'varchar', length: '32' },
    ],
  };
  protected override readonly indices = [
    { name: 'product_type_provider', columnNames: ['type', 'provider'] },
  ];
}
