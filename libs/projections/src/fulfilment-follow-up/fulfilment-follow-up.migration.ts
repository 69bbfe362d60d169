import { CreateTableMigration } from '../create-table.migration';
import { FulfilmentFollowUpRow } from './fulfilment-follow-up.row';

/** Creates `fulfilment_followup` as FulfilmentFollowUpRow declares it. */
export class CreateFulfilmentFollowUpTable1736900000300 extends CreateTableMigration {
  protected override readonly entity = FulfilmentFollowUpRow;
}
