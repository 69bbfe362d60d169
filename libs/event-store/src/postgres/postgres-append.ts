import type { Pool } from 'pg';
import { DatabaseError } from 'pg';
import { assertExpectedVersion } from '../append-rules';
import type { AppendResult, ExpectedVersion } from '../event-store.port';
import type { NewRow } from '../new-rows';
import { STREAM_REVISION_CONSTRAINT } from './postgres.migrations';

const UNIQUE_VIOLATION = '23505';

/**
 * The write side of the PostgreSQL store (docs/architecture.md §5): one append is one INSERT
 * statement, so one round trip and one commit, with no lock held between statements.
 *
 * Optimistic concurrency rests on two facts: revisions of a stream are contiguous, and
 * (stream, revision) is unique. An insert of revisions `last + 1 …` that also requires revision
 * `last` to exist succeeds only if `last` is the stream's newest revision at that moment, so the
 * port's rule (`assertExpectedVersion`) is checked against the revision the insert proves. When
 * the guess was wrong (another writer got in first), the stream's newest revision is read and the
 * rule decides again: a ConcurrencyError, or, for 'any' and 'stream_exists', another try.
 */
export class PostgresAppender {
  private readonly sql;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    const events = `"${schema}".events`;
    this.sql = {
      lastRevision: `SELECT max(revision) AS revision FROM ${events} WHERE stream = $1`,
      // $2 is the revision the stream must end at (NULL: no stream). No row inserted means it did not.
      insertAfter: `
        INSERT INTO ${events} (stream, revision, id, type, data, metadata, recorded_at)
        SELECT $1, coalesce($2::bigint, -1) + e.ord, e.id, e.type, e.data::json, e.metadata::json, $7
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e (id, type, data, metadata, ord)
        WHERE $2::bigint IS NULL OR EXISTS (SELECT 1 FROM ${events} WHERE stream = $1 AND revision = $2)
        ORDER BY e.ord
        RETURNING position, transaction_id`,
    };
  }

  async append(
    stream: string,
    rows: NewRow[],
    expected: ExpectedVersion,
    recordedAt: Date,
  ): Promise<AppendResult> {
    // 'no_stream' and an exact revision say what the stream must end at: no read before the insert.
    let last =
      expected === 'no_stream'
        ? undefined
        : typeof expected === 'bigint'
          ? expected
          : await this.lastRevision(stream);
    for (;;) {
      assertExpectedVersion(stream, expected, last);
      const appended = await this.insertAfter(stream, last, rows, recordedAt);
      if (appended) return appended;
      last = await this.lastRevision(stream);
    }
  }

  private async insertAfter(
    stream: string,
    last: bigint | undefined,
    rows: NewRow[],
    recordedAt: Date,
  ): Promise<AppendResult | undefined> {
    try {
      const { rows: inserted } = await this.pool.query<{ position: string; transaction_id: string }>({
        // Named: each pooled connection parses and plans it once (docs/architecture.md §5).
        name: `append:${this.schema}`,
        text: this.sql.insertAfter,
        values: [
          stream,
          last ?? null,
          rows.map((row) => row.id),
          rows.map((row) => row.type),
          rows.map((row) => row.data),
          rows.map((row) => row.metadata),
          recordedAt,
        ],
      });
      if (inserted.length === 0) return undefined;
      // One transaction, so one transaction id; the last event holds the highest position.
      const newest = inserted.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
      return {
        nextExpectedRevision: (last ?? -1n) + BigInt(rows.length),
        position: { commit: BigInt(newest.transaction_id), prepare: BigInt(newest.position) },
      };
    } catch (error) {
      if (
        error instanceof DatabaseError &&
        error.code === UNIQUE_VIOLATION &&
        error.constraint === STREAM_REVISION_CONSTRAINT
      ) {
        return undefined;
      }
      throw error;
    }
  }

  private async lastRevision(stream: string): Promise<bigint | undefined> {
    const { rows } = await this.pool.query<{ revision: string | null }>(this.sql.lastRevision, [stream]);
    return rows[0].revision === null ? undefined : BigInt(rows[0].revision);
  }
}
