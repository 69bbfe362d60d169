import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { hideUrlPassword } from '@kios/event-store';
import { DataSource, type DataSourceOptions, type EntitySchema, type MigrationInterface } from 'typeorm';

export const ACCEPTED_READ_MODEL_URLS = ['sqlite:<path>', 'postgres://user@host:5432/db[?schema=name]'];

export class UnsupportedReadModelUrl extends Error {
  override readonly name = 'UnsupportedReadModelUrl';
  constructor(
    readonly url: string,
    reason = `expected one of ${ACCEPTED_READ_MODEL_URLS.join(', ')}`,
  ) {
    super(`unsupported read model "${hideUrlPassword(url)}": ${reason}`);
  }
}

/** An entity class (or schema) of a read model. */
export type ReadModelEntity = (new (...args: never[]) => object) | EntitySchema;
/** A hand-written migration class. */
export type ReadModelMigration = new () => MigrationInterface;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

type DriverOptions =
  | { kind: 'sqlite'; options: DataSourceOptions }
  | { kind: 'postgres'; options: DataSourceOptions; schema?: string };

function driverOptions(url: string): DriverOptions {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw new UnsupportedReadModelUrl(url, 'sqlite: needs a file path, e.g. sqlite:./data/read.db');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return {
      kind: 'sqlite',
      options: {
        type: 'better-sqlite3',
        database: path,
        enableWAL: path !== ':memory:',
        // TypeORM keeps the last 100 statements prepared by default, first in first out; the
        // projections' row statements alone come to more (five tables, a few texts each, see
        // statement-chunks.ts), and re-preparing them was a visible share of the worker's CPU.
        statementCacheSize: 1000,
        // With WAL, NORMAL does not fsync every commit (FULL, the default, does: a disk flush per
        // projection batch). What it risks is only that an OS crash or power loss rolls back the last
        // commits, each batch together with its checkpoint, so the runners apply those events again;
        // the read model is rebuilt from the event store anyway.
        prepareDatabase: (db: Database.Database) => {
          db.pragma('synchronous = NORMAL');
        },
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new UnsupportedReadModelUrl(url, `schema "${schema}" must be letters, digits and '_'`);
    }
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', schema, options: { type: 'postgres', url: parsed.toString(), schema } };
  }
  throw new UnsupportedReadModelUrl(url);
}

/**
 * Opens the read-model database a configuration URL names (docs/architecture.md §6, `KIOS_READ_MODEL`) and
 * brings its tables up to date with hand-written migrations: the schema never comes from
 * `synchronize`, so a deploy can never silently drop a column.
 */
export async function createReadModelDataSource(
  url: string,
  entities: ReadModelEntity[],
  migrations: ReadModelMigration[],
): Promise<DataSource> {
  const driver = driverOptions(url);
  const dataSource = await initialize(driver.options, entities, migrations);
  try {
    if (driver.kind === 'postgres') await migratePostgres(dataSource, driver.schema);
    else await dataSource.runMigrations({ transaction: 'all' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Opens the entities' tables under prefixed names (`<prefix><table>`), in a database that already
 * holds them: the twins a SQLite rebuild makes beside the live tables. Nothing is migrated.
 */
export function openPrefixedTables(
  url: string,
  entities: ReadModelEntity[],
  tablePrefix: string,
): Promise<DataSource> {
  return initialize({ ...driverOptions(url).options, entityPrefix: tablePrefix }, entities, []);
}

async function initialize(
  options: DataSourceOptions,
  entities: ReadModelEntity[],
  migrations: ReadModelMigration[],
): Promise<DataSource> {
  const dataSource = new DataSource({
    ...options,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as DataSourceOptions);
  await dataSource.initialize();
  return dataSource;
}

/**
 * Several kios replicas may start together against one PostgreSQL; a session advisory lock lets one
 * of them migrate while the others wait, then find nothing left to do.
 */
async function migratePostgres(dataSource: DataSource, schema: string | undefined): Promise<void> {
  const lockHolder = dataSource.createQueryRunner();
  const lockKey = `kios-read-model-migrations:${schema ?? 'default'}`;
  try {
    await lockHolder.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    if (schema !== undefined) await lockHolder.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await lockHolder.release();
  }
}
