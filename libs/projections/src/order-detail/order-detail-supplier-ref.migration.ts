import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

export const ORDER_DETAIL_SUPPLIER_REF_INDEX = 'order_detail_supplier_ref';

/**
 * Indexes `order_detail.supplier_ref`: a supplier's webhook names an order only by the reference
 * kios gave it (a hash of the requestId, so not reversible), and the webhook endpoint finds the
 * order by it (docs/digiflazz.md §6). Not declared on OrderDetailRow: the table's create migration
 * is derived from that entity and must keep running the DDL it ran before
 * (libs/projections/src/create-table.migration.ts). A SQLite rebuild copies the live indices, a
 * PostgreSQL one runs this migration too.
 */
export class AddOrderDetailSupplierRefIndex1736900000500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'order_detail',
      new TableIndex({ name: ORDER_DETAIL_SUPPLIER_REF_INDEX, columnNames: ['supplier_ref'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('order_detail', ORDER_DETAIL_SUPPLIER_REF_INDEX);
  }
}
