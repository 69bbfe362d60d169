import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TEST_POSTGRES_URL } from '@kios/testing';

/** A fresh, empty read-model database per test, and how to throw it away. */
export interface ReadModelTarget {
  name: string;
  create(): { url: string; dispose(): Promise<void> };
}

export const sqliteTarget: ReadModelTarget = {
  name: 'SQLite',
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'kios-read-model-'));
    return {
      url: `sqlite:${join(dir, 'nested', 'read.db')}`,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** KIOS_TEST_POSTGRES, by default postgres://postgres@127.0.0.1:5432/test. */
export const POSTGRES_URL = TEST_POSTGRES_URL;

/** Each test gets its own schema, so parallel test files never see each other's tables. */
export const postgresTarget: ReadModelTarget = {
  name: 'PostgreSQL',
  create() {
    const schema = `kios_test_${randomBytes(6).toString('hex')}`;
    return {
      url: `${POSTGRES_URL}?schema=${schema}`,
      dispose: async () => {
        const client = new Client({ connectionString: POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
};
