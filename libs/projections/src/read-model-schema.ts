import type { DataSource } from 'typeorm';
import { ProjectionCheckpoint } from './checkpoint/projection-checkpoint.entity';
import { CreateProjectionCheckpoint1736900000000 } from './checkpoint/projection-checkpoint.migration';
import type { Projection } from './projection';
import {
  createReadModelDataSource,
  type ReadModelEntity,
  type ReadModelMigration,
} from './read-model.data-source';

/** The checkpoint table plus every projection's tables. */
export function readModelSchema(projections: readonly Projection[]): {
  entities: ReadModelEntity[];
  migrations: ReadModelMigration[];
} {
  return {
    entities: [ProjectionCheckpoint, ...projections.flatMap((projection) => projection.entities)],
    migrations: [
      CreateProjectionCheckpoint1736900000000,
      ...projections.flatMap((projection) => projection.migrations),
    ],
  };
}

/** Opens (and migrates) the read-model database for these projections. */
export function openReadModel(url: string, projections: readonly Projection[]): Promise<DataSource> {
  const { entities, migrations } = readModelSchema(projections);
  return createReadModelDataSource(url, entities, migrations);
}
