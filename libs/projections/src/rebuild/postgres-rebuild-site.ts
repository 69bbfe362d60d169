import { createHash } from 'node:crypto';
import { formatDanaTime } from '@kios/dana-protocol';
import { checkpointToPosition, type Position } from '@kios/event-store';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Projection } from '../projection';
import { openReadModel } from '../read-model-schema';
import { readModelTransaction } from '../read-model-transaction';
import { quoteIdentifier as quote } from '../sql-identifier';
import {
  type AfterReplace,
  projectionTables,
  RebuildAlreadyRunning,
  type RebuildLock,
  type RebuildOwner,
  type RebuildSite,
} from './rebuild-site';
import type { RebuildWriter, TableStatements } from './row-batch';
import { TransactionRebuildWriter } from './transaction-rebuild-writer';

const LOCK_NAMESPACE = 'kios-projection-rebuild';
const MAX_IDENTIFIER = 63;
const APPLICATION_NAME = 'kios-rebuild';

/**
 * Rebuilds beside a PostgreSQL read model in schema `s`: each projection builds into its own schema
 * `s_rebuild_<projection>` (the same migrations) and switches in by moving its tables into `s` in
 * one transaction, the live ones dropped: no row is copied, so the live tables are locked only for
 * as long as the catch-up takes. The rebuild lock is a session advisory lock, freed by PostgreSQL
 * when the session ends, however the process ends.
 */
export class PostgresRebuildSite implements RebuildSite {
  private constructor(
    readonly live: DataSource,
    private readonly url: string,
    private readonly liveSchema: string,
  ) {}

  static async open(url: string, projections: readonly Projection[]): Promise<PostgresRebuildSite> {
    const live = await openReadModel(url, projections);
    const [{ schema }] = await live.query('SELECT current_schema() AS schema');
    return new PostgresRebuildSite(live, url, (live.options as { schema?: string }).schema ?? schema);
  }

  async lock(projection: Projection, owner: RebuildOwner): Promise<RebuildLock> {
    const session = this.live.createQueryRunner();
    await session.connect();
    try {
      // Who holds the lock, for a second rebuild (see lockHolder); application_name holds at most 63 bytes.
      const since = Math.floor(owner.startedAt.getTime() / 1000);
      await session.query(`SELECT set_config('application_name', $1, false)`, [
        `${APPLICATION_NAME} ${since} ${owner.pid} ${owner.host}`.slice(0, MAX_IDENTIFIER),
      ]);
      const [{ locked }] = await session.query(
        'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked',
        [LOCK_NAMESPACE, this.lockKey(projection)],
      );
      if (!locked) {
        throw new RebuildAlreadyRunning(projection.name, (await this.lockHolder(projection)) ?? 'just now');
      }
      return new AdvisoryLock(session, this.lockKey(projection));
    } catch (error) {
      await session.query('RESET application_name').catch(() => undefined);
      await session.release();
      throw error;
    }
  }

  async lockHolder(projection: Projection): Promise<string | undefined> {
    const [holder] = await this.live.query(
      `SELECT a.application_name AS name, a.pid AS session
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = (hashtext($1)::bigint & 4294967295)
          AND l.objid::bigint = (hashtext($2)::bigint & 4294967295)`,
      [LOCK_NAMESPACE, this.lockKey(projection)],
    );
    if (!holder) return undefined;
    const owner = new RegExp(`^${APPLICATION_NAME} (\\d+) (\\d+) (.*)$`).exec(holder.name);
    if (!owner) return `PostgreSQL session ${holder.session}`;
    const [, since, pid, host] = owner;
    return `pid ${pid} on ${host}, since ${formatDanaTime(new Date(Number(since) * 1000))}`;
  }

  async leftover(projection: Projection): Promise<Position | 'started' | undefined> {
    const schema = this.targetSchema(projection);
    const [{ exists, checkpoints }] = await this.live.query(
      `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists,
              to_regclass($2) IS NOT NULL AS checkpoints`,
      [schema, `${quote(schema)}.projection_checkpoint`],
    );
    if (!exists) return undefined;
    if (!checkpoints) return 'started';
    const [row] = await this.live.query(
      `SELECT position FROM ${quote(schema)}.projection_checkpoint WHERE name = $1`,
      [projection.name],
    );
    return row ? checkpointToPosition(row.position) : 'started';
  }

  openTarget(projection: Projection): Promise<DataSource> {
    const url = new URL(this.url);
    url.searchParams.set('schema', this.targetSchema(projection));
    return openReadModel(url.toString(), [projection]);
  }

  async openWriter(
    _projection: Projection,
    target: DataSource,
    statements: TableStatements,
  ): Promise<RebuildWriter> {
    return new TransactionRebuildWriter(target, statements);
  }

  async dropTarget(projection: Projection, target?: DataSource): Promise<void> {
    if (target?.isInitialized) await target.destroy();
    await this.live.query(`DROP SCHEMA IF EXISTS ${quote(this.targetSchema(projection))} CASCADE`);
  }

  async replaceLive(projection: Projection, target: DataSource, afterReplace: AfterReplace): Promise<void> {
    if (target.isInitialized) await target.destroy();
    const live = quote(this.liveSchema);
    const rebuilt = quote(this.targetSchema(projection));
    const tables = projectionTables(this.live, projection).map(quote);
    await readModelTransaction(this.live, async (tx) => {
      // The live runner writes rows then its checkpoint: waiting for the table locks lets a batch it
      // began commit first, and the row lock keeps a checkpoint-only batch from slipping past.
      await tx.query(
        `LOCK TABLE ${tables.map((table) => `${live}.${table}`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
      );
      const [checkpoint] = await tx.query(
        `SELECT position FROM ${live}.projection_checkpoint WHERE name = $1 FOR UPDATE`,
        [projection.name],
      );
      for (const table of tables) {
        await tx.query(`DROP TABLE ${live}.${table}`);
        await tx.query(`ALTER TABLE ${rebuilt}.${table} SET SCHEMA ${live}`);
      }
      await afterReplace(tx, checkpoint ? checkpointToPosition(checkpoint.position) : undefined);
      await tx.query(`DROP SCHEMA ${rebuilt} CASCADE`);
    });
  }

  async close(): Promise<void> {
    if (this.live.isInitialized) await this.live.destroy();
  }

  private targetSchema(projection: Projection): string {
    const name = `${this.liveSchema}_rebuild_${projection.name}`;
    if (name.length <= MAX_IDENTIFIER) return name;
    const digest = createHash('sha256').update(name).digest('hex').slice(0, 16);
    return `${this.liveSchema.slice(0, MAX_IDENTIFIER - '_rebuild_'.length - digest.length)}_rebuild_${digest}`;
  }

  private lockKey(projection: Projection): string {
    return `${this.liveSchema}.${projection.name}`;
  }
}

class AdvisoryLock implements RebuildLock {
  constructor(
    private readonly session: QueryRunner,
    private readonly key: string,
  ) {}

  async release(): Promise<void> {
    try {
      await this.session.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [
        LOCK_NAMESPACE,
        this.key,
      ]);
      await this.session.query('RESET application_name');
    } finally {
      await this.session.release();
    }
  }
}
