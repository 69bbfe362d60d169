import type { ChildProcess } from 'node:child_process';
import type { DanaClient } from '@kios/dana-protocol';
import { kiosProjections } from '@kios/projections';
import { eventually } from './support/eventually';
import { freePort, KiosProcess, spawnApp } from './support/kios-process';
import { telcoOrderBody } from './support/order-tests';
import { type Sample, sampleValue, scrape } from './support/prometheus-text';
import { runApp } from './support/run-cli';

/**
 * Processes with roles (docs/architecture.md §1 "Processes and roles"): a `--role api` process
 * answers DANA and runs no background processor — no projection runner, no subscription on `$all`,
 * so no checkpoint moves while it alone serves orders; a `--role worker` started beside it on the
 * same files brings every read model up to the store. The default role, `all`, does the same with a
 * worker process of its own.
 */
type ProjectionStatus = { name: string; checkpoint: string | null; lag: { events: number } };

async function projections(kios: KiosProcess): Promise<ProjectionStatus[]> {
  const run = await runApp('kios-cli', ['projections', 'status', '--json'], kios.env());
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ProjectionStatus[];
}

async function placeSuccessfulOrders(dana: DanaClient, count: number): Promise<string[]> {
  const requestIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const body = telcoOrderBody('081234567345');
    const reply = await dana.send(dana.presign('createOrder', body));
    expect(reply.envelope.response.body.order.orderStatus.status).toBe('SUCCESS');
    requestIds.push(body.requestId);
  }
  return requestIds;
}

/** What a process's /metrics says about the background work it runs itself. */
function backgroundWorkHere(samples: Sample[]) {
  return {
    feedSubscribers: sampleValue(samples, 'kios_all_feed_subscribers'),
    projectionsRunning: samples
      .filter((sample) => sample.name === 'kios_projection_running')
      .reduce((sum, sample) => sum + sample.value, 0),
    leases: samples.filter((sample) => sample.name === 'kios_processor_lease_held').length,
  };
}

function waitForOutput(child: ChildProcess, text: string, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within 20 s:\n${output.join('')}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

describe('kios --role api, then a --role worker beside it', () => {
  const api = new KiosProcess({ env: { KIOS_ROLE: 'api', KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' } });
  let worker: ChildProcess | undefined;

  beforeAll(() => api.start(), 30_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await api.kill();
  });

  it('serves orders with no processor of its own, and the worker brings every read model up', async () => {
    expect(api.log).toContain('no background processor runs in this process');
    expect(api.log).not.toContain('took lease');
    expect(backgroundWorkHere(await scrape(api.baseUrl))).toEqual({
      feedSubscribers: 0,
      projectionsRunning: 0,
      leases: 0,
    });

    const before = await projections(api);
    const dana = api.client();
    const requestIds = await placeSuccessfulOrders(dana, 5);
    // Get Order Detail folds the order's stream when its read model lacks the order.
    const detail = await dana.send(
      dana.presign('orderQuery', { orderIdentifiers: requestIds.map((requestId) => ({ requestId })) }),
    );
    expect(
      detail.envelope.response.body.orders.map(
        (order: { orderStatus: { status: string } }) => order.orderStatus.status,
      ),
    ).toEqual(requestIds.map(() => 'SUCCESS'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const whileApiAlone = await projections(api);
    expect(whileApiAlone.map(({ name, checkpoint }) => ({ name, checkpoint }))).toEqual(
      before.map(({ name, checkpoint }) => ({ name, checkpoint })),
    );
    // The orders are in the store, unread by any projection.
    expect(Math.min(...whileApiAlone.map((projection) => projection.lag.events))).toBeGreaterThan(0);
    expect(backgroundWorkHere(await scrape(api.baseUrl)).feedSubscribers).toBe(0);

    const output: string[] = [];
    const workerPort = await freePort();
    worker = spawnApp('kios', ['--role', 'worker'], { ...api.env(), KIOS_PORT: String(workerPort) });
    await waitForOutput(worker, 'kios worker running the background processors', output);
    expect(output.join('')).toContain('took lease order_detail');
    // Started on its own, the worker serves its metrics: it holds the leases and follows $all.
    const workerMetrics = backgroundWorkHere(await scrape(`http://127.0.0.1:${workerPort}`));
    expect(workerMetrics.leases).toBeGreaterThan(0);
    expect(workerMetrics.projectionsRunning).toBeGreaterThan(0);
    expect(workerMetrics.feedSubscribers).toBeGreaterThan(0);
    await eventually(
      async () =>
        expect((await projections(api)).map((projection) => projection.lag.events)).toEqual(
          before.map(() => 0),
        ),
      20_000,
      200,
    );
    expect(
      (await projections(api)).every((projection, i) => projection.checkpoint !== before[i].checkpoint),
    ).toBe(true);
  }, 60_000);
});

describe('kios with the default role (all)', () => {
  const kios = new KiosProcess({
    env: { KIOS_DANA_BASE_URL: 'http://127.0.0.1:9', KIOS_LEASE_TTL_MS: '2000' },
  });
  beforeAll(() => kios.start(), 30_000);
  afterAll(() => kios.kill());

  it('answers in this process and runs the background processors in a worker process it started', async () => {
    const apiPid = /"pid":(\d+)[^\n]*kios listening on/.exec(kios.log)![1];
    await eventually(
      async () => expect(kios.log).toContain('kios worker running the background processors'),
      20_000,
    );
    const workerPid = /started the worker process (\d+)/.exec(kios.log)![1];
    expect(workerPid).not.toBe(apiPid);
    expect(kios.log).toMatch(new RegExp(`"pid":${workerPid}[^\\n]*took lease order_detail`));
    expect(kios.log).not.toMatch(new RegExp(`"pid":${apiPid}[^\\n]*took lease`));
    // Its /metrics adds the worker's to its own: the leases and runners are counted there.
    const both = await scrape(kios.baseUrl);
    expect(backgroundWorkHere(both).leases).toBeGreaterThan(0);
    expect(backgroundWorkHere(both).projectionsRunning).toBe(kiosProjections.length);
    expect(sampleValue(both, 'kios_processor_lease_held', { processor: 'order_detail' })).toBe(1);

    await placeSuccessfulOrders(kios.client(), 3);
    await eventually(
      async () =>
        expect((await projections(kios)).every((projection) => projection.lag.events === 0)).toBe(true),
      20_000,
      200,
    );
  }, 60_000);

  it('starts a new worker process when its worker dies, and the new one takes the leases up', async () => {
    const dead = kios.workerPid;
    process.kill(dead, 'SIGKILL');
    await eventually(async () => expect(kios.workerPid).not.toBe(dead), 20_000);
    expect(kios.log).toContain(`worker process ${dead} exited (SIGKILL)`);
    const restarted = kios.workerPid;
    // It takes each lease once the dead worker's expires (KIOS_LEASE_TTL_MS).
    await eventually(
      async () => expect(kios.log).toMatch(new RegExp(`"pid":${restarted},[^\\n]*took lease order_detail`)),
      20_000,
    );
    await placeSuccessfulOrders(kios.client(), 2);
    await eventually(
      async () =>
        expect((await projections(kios)).every((projection) => projection.lag.events === 0)).toBe(true),
      20_000,
      200,
    );
  }, 60_000);
});
