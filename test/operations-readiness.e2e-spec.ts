import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from './support/eventually';
import { KiosProcess } from './support/kios-process';
import { TEST_POSTGRES_URL } from '@kios/testing';

const POSTGRES = TEST_POSTGRES_URL;

/**
 * A read-model database kios can be cut off from and reconnected to: a role of its own (and a
 * schema it owns) that the test can forbid to log in, with its open sessions ended.
 */
class ReadModelRole {
  readonly name = `kios_ready_${randomBytes(4).toString('hex')}`;
  private readonly admin = new Client({ connectionString: POSTGRES });

  get url(): string {
    const url = new URL(POSTGRES);
    url.username = this.name;
    url.password = '';
    url.search = '';
    url.searchParams.set('schema', this.name);
    return url.toString();
  }

  async create(): Promise<void> {
    await this.admin.connect();
    await this.admin.query(`CREATE ROLE ${this.name} LOGIN`);
    // kios runs `CREATE SCHEMA IF NOT EXISTS`, which PostgreSQL checks against the database.
    const database = decodeURIComponent(new URL(POSTGRES).pathname.slice(1));
    await this.admin.query(`GRANT CREATE ON DATABASE "${database}" TO ${this.name}`);
    await this.admin.query(`CREATE SCHEMA ${this.name} AUTHORIZATION ${this.name}`);
  }

  async block(): Promise<void> {
    await this.admin.query(`ALTER ROLE ${this.name} NOLOGIN`);
    await this.admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      this.name,
    ]);
  }

  async unblock(): Promise<void> {
    await this.admin.query(`ALTER ROLE ${this.name} LOGIN`);
  }

  async drop(): Promise<void> {
    await this.block();
    await this.admin.query(`DROP SCHEMA IF EXISTS ${this.name} CASCADE`);
    await this.admin.query(`DROP OWNED BY ${this.name}`);
    await this.admin.query(`DROP ROLE IF EXISTS ${this.name}`);
    await this.admin.end();
  }
}

describe('/health and /ready (issue #9)', () => {
  const readModel = new ReadModelRole();
  let kios: KiosProcess;
  let origin: string;

  beforeAll(async () => {
    await readModel.create();
    kios = new KiosProcess({
      env: { KIOS_READ_MODEL: readModel.url, KIOS_READY_CHECK_TIMEOUT_MS: '1000', KIOS_BASE_PATH: '/dana' },
    });
    await kios.start();
    origin = `http://127.0.0.1:${kios.port}`;
  }, 30_000);

  afterAll(async () => {
    await kios.kill();
    await readModel.drop();
  });

  const get = async (path: string) => {
    const response = await fetch(`${origin}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, never> };
  };

  it('is ready when the event store, the read model and every projection are up, outside the DANA base path', async () => {
    // Caught up before the next test cuts the database, so that the lag read below is the runner's own.
    const ready = await eventually(async () => {
      const answer = await get('/ready');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ details: { projections: { product: { lagEvents: 0 } } } });
      return answer;
    });
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: {
        eventStore: { status: 'up' },
        readModel: { status: 'up' },
        // The worker process runs the projections (docs/architecture.md §1 "Processes and roles").
        projections: { status: 'up', order_detail: { state: 'elsewhere', behind: false } },
      },
    });
    expect((await get('/health')).status).toBe(200);
    expect((await fetch(`${origin}/dana/ready`)).status).toBe(404);
  });

  it('turns unready while the read-model database is unreachable, alive all along, and ready again when it is back', async () => {
    await readModel.block();
    const unready = await eventually(async () => {
      const answer = await get('/ready');
      expect(answer.status).toBe(503);
      return answer;
    });
    expect(unready.body).toMatchObject({
      status: 'error',
      error: { readModel: { status: 'down' } },
      details: { eventStore: { status: 'up' } },
    });
    expect((await get('/health')).status).toBe(200);

    await readModel.unblock();
    await eventually(async () => expect((await get('/ready')).status).toBe(200));
    expect(kios.log).toContain('not ready: ');
  });
});
