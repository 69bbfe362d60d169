import { AddColumnMigration, CreateTableMigration } from '../create-table.migration';
import { CallbackOutboxRow } from './callback-outbox.row';

/** Creates `callback_outbox` as CallbackOutboxRow declared it before `last_attempt_at`. */
export class CreateCallbackOutboxTable1736900000400 extends CreateTableMigration {
  protected override readonly entity = CallbackOutboxRow;
  protected override readonly columnsAddedLater = ['last_attempt_at'];
}

/**
 * Adds `callback_outbox.last_attempt_at` (`kios-cli callbacks list` shows it). Rows folded before it
 * show no last attempt until `kios-cli projections rebuild callback_outbox`.
 */
export class AddCallbackOutboxLastAttemptAt1736900000700 extends AddColumnMigration {
  protected override readonly entity = CallbackOutboxRow;
  protected override readonly column = 'last_attempt_at';
}
