import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { formatDanaTime } from '@kios/dana-protocol';
import Database from 'better-sqlite3';
import { RebuildAlreadyRunning, type RebuildLock, type RebuildOwner } from './rebuild-site';

/**
 * A projection's rebuild lock beside a SQLite read model: SQLite's own write lock, held on an empty
 * database file for as long as the rebuild runs. The operating system frees it when the process
 * ends, however it ends, so a crashed rebuild never leaves a stale lock behind. Who holds it is
 * written to `<lock>.owner.json`, for the message a second rebuild gets.
 */
export class SqliteRebuildLock implements RebuildLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly ownerFile: string,
  ) {}

  static acquire(lockFile: string, projection: string, owner: RebuildOwner): SqliteRebuildLock {
    const db = tryLock(lockFile);
    if (!db) throw new RebuildAlreadyRunning(projection, describeHolder(lockFile));
    const ownerFile = ownerFileOf(lockFile);
    writeFileSync(
      ownerFile,
      JSON.stringify({ pid: owner.pid, host: owner.host, startedAt: owner.startedAt.toISOString() }),
    );
    return new SqliteRebuildLock(db, ownerFile);
  }

  /** Who holds the lock, described; undefined when it is free. */
  static holder(lockFile: string): string | undefined {
    const db = tryLock(lockFile);
    if (!db) return describeHolder(lockFile);
    releaseLock(db);
    return undefined;
  }

  async release(): Promise<void> {
    rmSync(this.ownerFile, { force: true });
    releaseLock(this.db);
  }
}

function tryLock(lockFile: string): Database.Database | undefined {
  // No waiting: a rebuild in progress holds it for minutes.
  const db = new Database(lockFile, { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw error;
  }
}

function releaseLock(db: Database.Database): void {
  db.exec('ROLLBACK');
  db.close();
}

const ownerFileOf = (lockFile: string): string => `${lockFile}.owner.json`;

function describeHolder(lockFile: string): string {
  try {
    const owner = JSON.parse(readFileSync(ownerFileOf(lockFile), 'utf8'));
    return `pid ${owner.pid} on ${owner.host}, since ${formatDanaTime(new Date(owner.startedAt))}`;
  } catch {
    return `another process holds ${lockFile}`;
  }
}
