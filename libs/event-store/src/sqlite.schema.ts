import Database from 'better-sqlite3';

/**
 * `NORMAL`: with WAL a commit is durable once the WAL is synced at checkpoint; a process crash loses
 * nothing, but an OS crash or power loss can roll back the last few commits (never corrupts the file).
 * `FULL`: every commit fsyncs the WAL — an acknowledged append survives power loss; the event store's
 * default, its group commit sharing one fsync among the appends of an event-loop turn.
 * The setting belongs to a connection, not to the file: the lease store's own connection to the same
 * file stays NORMAL, since a lease row lost to power loss only ends that lease early (its holder
 * renews or another process takes it over), and no answer to DANA depends on it.
 */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

/**
 * The one events table. `position` is the global order (AUTOINCREMENT so a position is never reused,
 * even after the newest rows are deleted by hand); `recorded_at` is milliseconds since the epoch (UTC).
 * `leases` holds who runs each background processor when several processes share the file
 * (leases/sqlite.lease-rows.ts, docs/architecture.md §1 "Leases"); `expires_at` in the same milliseconds.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    id          TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE TABLE IF NOT EXISTS leases (
    name       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL,
    token      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  )`;

/** Opens (creating when absent) an event database file with the pragmas every writer must share. */
export function openEventsDatabase(path: string, synchronous: SqliteSynchronous): Database.Database {
  // Writers wait up to 5 s for another process's write lock instead of failing at once.
  const db = new Database(path, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(SCHEMA);
  return db;
}
