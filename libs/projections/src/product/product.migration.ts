import { CreateTableMigration } from '../create-table.migration';
import { ProductRow } from './product.row';

/** Creates `product` as ProductRow declares it. */
export class CreateProductTable1736900000100 extends CreateTableMigration {
  protected override readonly entity = ProductRow;
}
