import type { DataSource } from 'typeorm';
import { ProjectionCheckpoint } from './checkpoint/projection-checkpoint.entity';
import { CreateProjectionCheckpoint1736900000000 } from './checkpoint/projection-checkpoint.migration';
import { AdminUserRow } from './admin-users/admin-user.row';
import {
  CreateAdminUserTable1736900001000,
  CreateSignInFailureTable1736900001100,
} from './admin-users/admin-users.migration';
import { SignInFailureRow } from './admin-users/sign-in-failure.row';
import type { Projection } from './projection';
import {
  createReadModelDataSource,
  type ReadModelEntity,
  type ReadModelMigration,
} from './read-model.data-source';

/**
 * The checkpoint table, the admin users and their failed sign-ins (kept here so replicas share them;
 * not projections, so no rebuild replaces them), plus every projection's tables.
 */
export function readModelSchema(projections: readonly Projection[]): {
  entities: ReadModelEntity[];
  migrations: ReadModelMigration[];
} {
  return {
    entities: [
      ProjectionCheckpoint,
      AdminUserRow,
      SignInFailureRow,
      ...projections.flatMap((projection) => projection.entities),
    ],
    migrations: [
      CreateProjectionCheckpoint1736900000000,
      CreateAdminUserTable1736900001000,
      CreateSignInFailureTable1736900001100,
      ...projections.flatMap((projection) => projection.migrations),
    ],
  };
}

/** Opens (and migrates) the read-model database for these projections. */
export function openReadModel(url: string, projections: readonly Projection[]): Promise<DataSource> {
  const { entities, migrations } = readModelSchema(projections);
  return createReadModelDataSource(url, entities, migrations);
}
