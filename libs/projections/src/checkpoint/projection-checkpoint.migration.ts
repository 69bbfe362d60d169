import { CreateTableMigration } from '../create-table.migration';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';

/** Creates `projection_checkpoint` as ProjectionCheckpoint declares it. */
export class CreateProjectionCheckpoint1736900000000 extends CreateTableMigration {
  protected override readonly entity = ProjectionCheckpoint;
}
