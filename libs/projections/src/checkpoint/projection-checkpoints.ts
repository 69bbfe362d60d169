import { checkpointToPosition, type Position, positionToCheckpoint } from '@kios/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';

export async function loadCheckpoint(
  dataSource: DataSource | EntityManager,
  name: string,
): Promise<Position | undefined> {
  const row = await dataSource.getRepository(ProjectionCheckpoint).findOneBy({ name });
  return row ? checkpointToPosition(row.position) : undefined;
}

export async function saveCheckpoint(
  tx: EntityManager,
  name: string,
  position: Position,
  at: Date,
): Promise<void> {
  await tx
    .getRepository(ProjectionCheckpoint)
    .upsert({ name, position: positionToCheckpoint(position), updatedAt: at.toISOString() }, ['name']);
}

/** Forgets where a projection was, so its next run replays `$all` from the start. */
export async function deleteCheckpoint(tx: DataSource | EntityManager, name: string): Promise<void> {
  await tx.getRepository(ProjectionCheckpoint).delete({ name });
}
