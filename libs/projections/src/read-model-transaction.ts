import type { DataSource, EntityManager } from 'typeorm';

/** The tail of the transactions queued per SQLite data source. */
const queues = new WeakMap<DataSource, Promise<unknown>>();

function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';
}

/**
 * One read-model transaction. TypeORM runs every SQLite transaction on the same single connection
 * and turns a second concurrent one into a SAVEPOINT inside the first, so two projections committing
 * together would share (and roll back) each other's work; on SQLite they therefore run one after the
 * other. PostgreSQL gives each transaction its own pooled connection. Do not nest calls.
 */
export function readModelTransaction<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  if (!isSqlite(dataSource)) return dataSource.transaction(work);
  const previous = queues.get(dataSource) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  queues.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}
