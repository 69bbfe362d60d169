import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './checkpoint/projection-checkpoint.entity';

/** The tail of the transactions queued per SQLite data source. */
const queues = new WeakMap<DataSource, Promise<unknown>>();

function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';
}

/**
 * One read-model transaction. TypeORM runs every SQLite transaction on the same single connection
 * and turns a second concurrent one into a SAVEPOINT inside the first, so two projections committing
 * together would share (and roll back) each other's work; on SQLite they therefore run one after the
 * other, each holding the write lock from its start (claimWriteLock). PostgreSQL gives each
 * transaction its own pooled connection. Do not nest calls.
 */
export function readModelTransaction<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  if (!isSqlite(dataSource)) return dataSource.transaction(work);
  const previous = queues.get(dataSource) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() =>
      dataSource.transaction(async (tx) => {
        await claimWriteLock(tx);
        return work(tx);
      }),
    );
  queues.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * TypeORM begins SQLite transactions DEFERRED. One that reads before it writes works on a snapshot,
 * and its first write fails at once (SQLITE_BUSY_SNAPSHOT, no busy wait) when another connection
 * committed in between, as a rebuild's writer thread does at every flush. Every read-model
 * transaction writes, so each claims the write lock first, as BEGIN IMMEDIATE would, and waits its
 * turn instead: a write that changes nothing still takes the lock.
 */
async function claimWriteLock(tx: EntityManager): Promise<void> {
  const checkpoints = tx.connection.getMetadata(ProjectionCheckpoint).tableName;
  await tx.query(`DELETE FROM "${checkpoints}" WHERE 0`);
}
