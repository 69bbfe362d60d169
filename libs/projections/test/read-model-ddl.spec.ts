import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Column, type DataSource, Entity, PrimaryColumn } from 'typeorm';
import { tableOf } from '../src/create-table.migration';
import { kiosProjections } from '../src/kios-projections';
import { OrderDetailRow } from '../src/order-detail/order-detail.row';
import { createReadModelDataSource } from '../src/read-model.data-source';
import { readModelSchema } from '../src/read-model-schema';
import { POSTGRES_URL, sqliteTarget } from './read-model.targets';

/** A schema of its own (fixed: PostgreSQL's primary key names hash the qualified table name). */
const SCHEMA = 'kios_read_model_ddl_spec';

async function dropSchema(): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * The DDL each read-model migration runs, up then down, by migration name. All go up in order, then
 * down in reverse, as on a real database: a later migration may change a table an earlier one made.
 */
async function migrationDdl(url: string): Promise<Record<string, string[]>> {
  const { entities, migrations } = readModelSchema(kiosProjections);
  const dataSource: DataSource = await createReadModelDataSource(url, entities, []);
  const runner = dataSource.createQueryRunner();
  let statements: string[] = [];
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, ...rest: unknown[]) => {
    if (/^\s*(CREATE|DROP|ALTER)\b/i.test(sql)) statements.push(sql);
    return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
  }) as typeof runner.query;
  const ddl: Record<string, string[]> = {};
  try {
    for (const Migration of migrations) {
      statements = [];
      await new Migration().up(runner);
      ddl[Migration.name] = statements;
    }
    for (const Migration of [...migrations].reverse()) {
      statements = [];
      await new Migration().down(runner);
      ddl[Migration.name].push(...statements);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
  return ddl;
}

/**
 * What the migrations ran when each table was written out by hand in its migration (recorded from those
 * migrations, before they were derived from the entities): a database migrated then must match one
 * migrated now, statement for statement.
 */
const RECORDED: Record<'sqlite' | 'postgres', Record<string, string[]>> = JSON.parse(
  readFileSync(join(__dirname, 'read-model-ddl.expected.json'), 'utf8'),
);

describe('read-model migrations', () => {
  it('run on SQLite the DDL the hand-written migrations ran', async () => {
    const sqlite = sqliteTarget.create();
    try {
      expect(await migrationDdl(sqlite.url)).toEqual(RECORDED.sqlite);
    } finally {
      await sqlite.dispose();
    }
  });

  it('run on PostgreSQL the DDL the hand-written migrations ran', async () => {
    await dropSchema();
    try {
      expect(await migrationDdl(`${POSTGRES_URL}?schema=${SCHEMA}`)).toEqual(RECORDED.postgres);
    } finally {
      await dropSchema();
    }
  });

  it('are each derived from the entity of their table, columns and indices included', () => {
    expect(tableOf(OrderDetailRow)).toMatchObject({
      table: { name: 'order_detail' },
      indices: [
        { name: 'order_detail_order_id', columnNames: ['order_id'], isUnique: true },
        { name: 'order_detail_status', columnNames: ['status'] },
      ],
    });
    expect(tableOf(OrderDetailRow).table.columns).toContainEqual({
      name: 'operator_flagged_at',
      type: 'varchar',
      length: '32',
      isNullable: true,
    });
  });

  it('refuse an entity declaring what they would leave out of the table', () => {
    @Entity('with_default')
    class WithDefault {
      @PrimaryColumn({ type: 'varchar', length: 8 })
      id!: string;

      @Column({ type: 'integer', default: 0 })
      count!: number;
    }
    expect(() => tableOf(WithDefault)).toThrow('WithDefault.count: default would not be migrated');
    class NoTable {}
    expect(() => tableOf(NoTable)).toThrow('NoTable has no @Entity(<table name>)');
  });
});
