import Database from 'better-sqlite3';

/**
 * A consistent copy of a live SQLite database at `target`, taken with `VACUUM INTO` inside one read
 * transaction: kios's writers never wait on it (WAL), and it always finishes, unlike the incremental
 * backup API, which starts over whenever the source is written and may never end under load.
 */
export function snapshotSqlite(source: string, target: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}
