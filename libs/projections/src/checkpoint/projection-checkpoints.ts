import { checkpointToPosition, type Position, positionToCheckpoint } from '@kios/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { StaleCheckpoint } from './stale-checkpoint';

export async function loadCheckpoint(
  dataSource: DataSource | EntityManager,
  name: string,
): Promise<Position | undefined> {
  const row = await dataSource.getRepository(ProjectionCheckpoint).findOneBy({ name });
  return row ? checkpointToPosition(row.position) : undefined;
}

/** A checkpoint write: from the checkpoint the writer read (undefined: none stored) to the new one. */
export interface CheckpointMove {
  expected: Position | undefined;
  position: Position;
}

/**
 * Moves a checkpoint by compare-and-set, inside the transaction that wrote what it covers: when the
 * stored checkpoint is not `move.expected`, it throws StaleCheckpoint and the caller's transaction
 * rolls back, so two writers of one checkpoint can never overwrite each other (docs/architecture.md
 * §1 rule 2). On PostgreSQL a concurrent writer's UPDATE waits for the row and then finds it changed;
 * on SQLite read-model transactions hold the write lock from their start.
 */
export async function saveCheckpoint(
  tx: EntityManager,
  name: string,
  move: CheckpointMove,
  at: Date,
): Promise<void> {
  const values = { position: positionToCheckpoint(move.position), updatedAt: at.toISOString() };
  const column = (name: string) => tx.connection.driver.escape(name);
  const query =
    move.expected === undefined
      ? tx
          .createQueryBuilder()
          .insert()
          .into(ProjectionCheckpoint)
          .values({ name, ...values })
          .orIgnore()
      : tx
          .createQueryBuilder()
          .update(ProjectionCheckpoint)
          .set(values)
          .where(`${column('name')} = :name AND ${column('position')} = :expected`, {
            name,
            expected: positionToCheckpoint(move.expected),
          });
  if ((await affectedRows(tx, query.getQueryAndParameters())) !== 1) {
    throw new StaleCheckpoint(name, move.expected, await loadCheckpoint(tx, name));
  }
}

/** Rows a write changed, as both drivers count them (an ignored insert changes none). */
async function affectedRows(tx: EntityManager, [sql, parameters]: [string, unknown[]]): Promise<number> {
  if (!tx.queryRunner) throw new Error('a checkpoint is saved inside a read-model transaction');
  const result = await tx.queryRunner.query(sql, parameters, true);
  return result.affected ?? 0;
}

/** Forgets where a projection was, so its next run replays `$all` from the start. */
export async function deleteCheckpoint(tx: DataSource | EntityManager, name: string): Promise<void> {
  await tx.getRepository(ProjectionCheckpoint).delete({ name });
}
