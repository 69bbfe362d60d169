import { CreateTableMigration } from '../create-table.migration';
import { OrderIndexRow } from './order-index.row';

/** Creates `order_index` as OrderIndexRow declares it. */
export class CreateOrderIndexTable1736900000600 extends CreateTableMigration {
  protected override readonly entity = OrderIndexRow;
}
