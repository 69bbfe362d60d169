import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { ProjectionCheckpoint } from '../src/checkpoint/projection-checkpoint.entity';
import { productProjection } from '../src/product/product.projection';
import { createReadModelDataSource, UnsupportedReadModelUrl } from '../src/read-model.data-source';
import { openReadModel } from '../src/read-model-schema';
import { readModelTransaction } from '../src/read-model-transaction';
import { POSTGRES_URL, postgresTarget, sqliteTarget } from './read-model.targets';

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const tables = await runner.getTables(['projection_checkpoint', 'product', 'migrations']);
    return tables.map((table) => table.name.split('.').pop() as string).sort();
  } finally {
    await runner.release();
  }
}

describe('read-model data source', () => {
  it.each([
    [
      'mysql://root@localhost/kios',
      /unsupported read model "mysql:\/\/root@localhost\/kios": expected one of sqlite:<path>/,
    ],
    ['sqlite:', /sqlite: needs a file path/],
    ['postgres://u@h/db?schema=a;drop', /schema "a;drop" must be letters, digits and '_'/],
  ])('refuses %s with a clear message', async (url, message) => {
    await expect(createReadModelDataSource(url, [], [])).rejects.toThrow(message);
    await expect(createReadModelDataSource(url, [], [])).rejects.toBeInstanceOf(UnsupportedReadModelUrl);
  });

  it('keeps a password out of the message', async () => {
    await expect(createReadModelDataSource('mssql://sa:s3cret@db/kios', [], [])).rejects.toThrow(
      'unsupported read model "mssql://sa:***@db/kios"',
    );
  });

  describe('on SQLite', () => {
    let database: ReturnType<typeof sqliteTarget.create>;
    beforeEach(() => {
      database = sqliteTarget.create();
    });
    afterEach(() => database.dispose());

    it('creates the parent folder, opens the file in WAL mode and migrates it', async () => {
      const path = database.url.slice('sqlite:'.length);
      expect(existsSync(dirname(path))).toBe(false);

      const dataSource = await openReadModel(database.url, [productProjection]);
      try {
        expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
        expect(await tableNames(dataSource)).toEqual(['migrations', 'product', 'projection_checkpoint']);
      } finally {
        await dataSource.destroy();
      }
    });

    it('opens an already migrated file without migrating again', async () => {
      await (await openReadModel(database.url, [productProjection])).destroy();
      const reopened = await openReadModel(database.url, [productProjection]);
      try {
        expect(await reopened.query('SELECT name FROM migrations ORDER BY id')).toEqual([
          { name: 'CreateProjectionCheckpoint1736900000000' },
          { name: 'CreateProductTable1736900000100' },
          { name: 'CreateAdminUserTable1736900001000' },
          { name: 'CreateSignInFailureTable1736900001100' },
        ]);
      } finally {
        await reopened.destroy();
      }
    });

    it('runs concurrent transactions one after the other, so one rollback cannot undo the other', async () => {
      const dataSource = await openReadModel(database.url, []);
      try {
        const checkpoints = (tx: import('typeorm').EntityManager) => tx.getRepository(ProjectionCheckpoint);
        const failing = readModelTransaction(dataSource, async (tx) => {
          await checkpoints(tx).insert({ name: 'a', position: '1/1', updatedAt: 'x' });
          await sleep(20);
          throw new Error('handler failed');
        });
        const succeeding = readModelTransaction(dataSource, async (tx) => {
          await checkpoints(tx).insert({ name: 'b', position: '1/1', updatedAt: 'x' });
        });

        await expect(failing).rejects.toThrow('handler failed');
        await succeeding;
        expect((await dataSource.getRepository(ProjectionCheckpoint).find()).map((row) => row.name)).toEqual([
          'b',
        ]);
      } finally {
        await dataSource.destroy();
      }
    });
  });

  describe('on PostgreSQL', () => {
    let database: ReturnType<typeof postgresTarget.create>;
    beforeEach(() => {
      database = postgresTarget.create();
    });
    afterEach(() => database.dispose());

    it('creates the schema named in the URL and migrates inside it', async () => {
      const schema = new URL(database.url).searchParams.get('schema');
      const dataSource = await openReadModel(database.url, [productProjection]);
      try {
        const tables = await dataSource.query(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
          [schema],
        );
        // Besides the projections' tables, every read model keeps the checkpoints and the admin users.
        expect(tables).toEqual([
          { table_name: 'admin_user' },
          { table_name: 'migrations' },
          { table_name: 'product' },
          { table_name: 'projection_checkpoint' },
          { table_name: 'sign_in_failure' },
        ]);
      } finally {
        await dataSource.destroy();
      }
    });

    it('lets several processes start at once: one migrates, the others find it done', async () => {
      const opened = await Promise.all([1, 2, 3].map(() => openReadModel(database.url, [productProjection])));
      try {
        expect(
          await opened[0].query(
            `SELECT count(*)::int AS n FROM "${new URL(database.url).searchParams.get('schema')}".migrations`,
          ),
        ).toEqual([{ n: 4 }]);
      } finally {
        await Promise.all(opened.map((dataSource) => dataSource.destroy()));
      }
    });

    it('works without a schema parameter too', async () => {
      const dataSource = await createReadModelDataSource(POSTGRES_URL, [], []);
      try {
        expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await dataSource.destroy();
      }
    });
  });
});
