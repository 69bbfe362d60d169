import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_POSTGRES_URL } from '@kios/testing';

/**
 * Throwaway schemas on the test PostgreSQL (KIOS_TEST_POSTGRES): each test stores its events in a
 * fresh one, so tests and parallel test files never see each other's events; `dropAll` removes them.
 */
export class ThrowawaySchemas {
  private readonly created: string[] = [];

  /** A store URL naming a schema no one has used yet. */
  newUrl(): string {
    const schema = `kios_es_test_${randomBytes(6).toString('hex')}`;
    this.created.push(schema);
    return `${TEST_POSTGRES_URL}?schema=${schema}`;
  }

  async dropAll(): Promise<void> {
    const schemas = this.created.splice(0);
    if (schemas.length === 0) return;
    await withClient(async (client) => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
  }
}

/** Runs `work` on a connection of its own to the test database. */
export async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function schemaOf(url: string): string {
  return new URL(url).searchParams.get('schema')!;
}
