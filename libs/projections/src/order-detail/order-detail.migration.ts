import { CreateTableMigration } from '../create-table.migration';

export class CreateOrderDetailTable1736900000200 extends CreateTableMigration {
  protected override readonly table = {
    name: 'order_detail',
    columns: [
      { name: 'request_id', type: 'varchar', length: '64', isPrimary: true },
      { name: 'order_id', type: 'varchar', length: '64' },
      { name: 'product_id', type: 'varchar', length: '64' },
      { name: 'product', type: 'text', isNullable: true },
      { name: 'destination', type: 'text' },
      { name: 'price_minor', type: 'varchar', length: '19' },
      { name: 'inquiry_id', type: 'varchar', length: '64', isNullable: true },
      { name: 'bill_amounts', type: 'text', isNullable: true },
      { name: 'status', type: 'varchar', length: '16' },
      { name: 'supplier_ref', type: 'varchar', length: '64', isNullable: true },
      { name: 'fulfilment_destination', type: 'text', isNullable: true },
      { name: 'failure_code', type: 'varchar', length: '32', isNullable: true },
      { name: 'failure_reason', type: 'text', isNullable: true },
      { name: 'serial_number', type: 'varchar', length: '128', isNullable: true },
      { name: 'token', type: 'varchar', length: '128', isNullable: true },
      { name: 'answered_pending', type: 'boolean' },
      { name: 'operator_flag_reason', type: 'text', isNullable: true },
      { name: 'operator_flagged_at', type: 'varchar', length: '32', isNullable: true },
      { name: 'created_at', type: 'varchar', length: '32' },
      { name: 'modified_at', type: 'varchar', length: '32' },
      { name: 'revision', type: 'bigint' },
    ],
  };
  protected override readonly indices = [
    { name: 'order_detail_order_id', columnNames: ['order_id'], isUnique: true },
    { name: 'order_detail_status', columnNames: ['status'] },
  ];
}
