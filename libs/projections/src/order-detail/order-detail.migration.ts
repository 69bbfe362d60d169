import { CreateTableMigration } from '../create-table.migration';
import { OrderDetailRow } from './order-detail.row';

/** Creates `order_detail` as OrderDetailRow declares it. */
export class CreateOrderDetailTable1736900000200 extends CreateTableMigration {
  protected override readonly entity = OrderDetailRow;
}
