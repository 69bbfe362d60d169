import { CreateTableMigration } from '../create-table.migration';
import { CallbackOutboxRow } from './callback-outbox.row';

/** Creates `callback_outbox` as CallbackOutboxRow declares it. */
export class CreateCallbackOutboxTable1736900000400 extends CreateTableMigration {
  protected override readonly entity = CallbackOutboxRow;
}
