import type Database from 'better-sqlite3';
import { assertExpectedVersion } from '../append-rules';
import type { AppendResult, ExpectedVersion } from '../event-store.port';
import type { NewRow } from '../new-rows';

/**
 * One append's statements, run inside its batch's transaction (GroupCommit, docs/architecture.md
 * §5): the stream's last revision, the expected-version check, one INSERT per event.
 *
 * A failing append must leave nothing behind, since the rest of its batch commits. The check runs
 * before any write, and SQLite undoes a failed INSERT by itself (a statement is atomic), so an append
 * of one event needs nothing more; an append of several events runs its INSERTs under a savepoint, so
 * a later one failing (an event id already stored) takes the earlier ones back with it.
 */
export class SqliteAppender {
  private readonly sql;
  private executed = 0;

  constructor(private readonly db: Database.Database) {
    this.sql = {
      lastRevision: db
        .prepare('SELECT MAX(revision) FROM events WHERE stream = ?')
        .pluck()
        .safeIntegers(true),
      insert: db
        .prepare(
          'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .safeIntegers(true),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackTo: db.prepare('ROLLBACK TO append'),
    };
  }

  /** SQL statements run so far. */
  get statements(): number {
    return this.executed;
  }

  /** Must run inside a transaction; throws, having written nothing, when the append is refused. */
  append(stream: string, rows: NewRow[], expected: ExpectedVersion, recordedAt: number): AppendResult {
    this.executed += 1;
    const last = this.sql.lastRevision.get(stream) as bigint | null;
    assertExpectedVersion(stream, expected, last ?? undefined);
    const first = last === null ? 0n : last + 1n;
    if (rows.length === 1) return this.insert(stream, rows, first, recordedAt);
    this.run(this.sql.savepoint);
    try {
      const result = this.insert(stream, rows, first, recordedAt);
      this.run(this.sql.release);
      return result;
    } catch (error) {
      // A failure that already rolled the whole transaction back leaves no savepoint to go back to.
      if (this.db.inTransaction) {
        this.run(this.sql.rollbackTo);
        this.run(this.sql.release);
      }
      throw error;
    }
  }

  private insert(stream: string, rows: NewRow[], first: bigint, recordedAt: number): AppendResult {
    let revision = first;
    let position = 0n;
    for (const row of rows) {
      this.executed += 1;
      const result = this.sql.insert.run(
        stream,
        revision,
        row.id,
        row.type,
        row.data,
        row.metadata,
        recordedAt,
      );
      position = result.lastInsertRowid as bigint;
      revision += 1n;
    }
    return { nextExpectedRevision: revision - 1n, position: { commit: position, prepare: position } };
  }

  private run(statement: Database.Statement): void {
    this.executed += 1;
    statement.run();
  }
}
