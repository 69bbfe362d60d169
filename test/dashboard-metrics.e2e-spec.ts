import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { eventually } from './support/eventually';
import { freePort, KiosProcess, spawnApp } from './support/kios-process';
import { telcoOrderBody } from './support/order-tests';
import { exposedMetricNames, parsePrometheusText, sampleValue } from './support/prometheus-text';
import { metricNamesIn } from './support/promql-names';

/**
 * The Grafana dashboard and the alert rules kept in deploy/ query only metrics kios exposes: every
 * metric name in every PromQL expression of both files is among the names a real kios's /metrics
 * answers — role all as docker compose runs it (its worker's metrics summed in), and an api and a
 * worker process started apart. A panel or rule naming a metric kios does not have (a typo, a
 * rename) fails here instead of showing "No data" to the person on call.
 */
const root = join(__dirname, '..');
const DASHBOARD = 'deploy/grafana/dashboards/kios.json';
const RULES = 'deploy/prometheus/alerts.yml';
/** Series Prometheus makes itself about each scrape, not kios. */
const PROMETHEUS_OWN = new Set(['up']);
/** Set to a value of its own, so the bound the alert reads is seen to be the configured one. */
const READY_MAX_LAG_EVENTS = '1234';

interface Query {
  where: string;
  expr: string;
}

type Panel = { title: string; targets?: { expr?: string }[]; panels?: Panel[] };

function dashboardQueries(): Query[] {
  const dashboard = JSON.parse(readFileSync(join(root, DASHBOARD), 'utf8')) as { panels: Panel[] };
  // Rows may hold their panels inside them (a collapsed row).
  const walk = (panels: Panel[]): Query[] =>
    panels.flatMap((panel) => [
      ...(panel.targets ?? []).flatMap((target) =>
        target.expr ? [{ where: `${DASHBOARD}: "${panel.title}"`, expr: target.expr }] : [],
      ),
      ...walk(panel.panels ?? []),
    ]);
  return walk(dashboard.panels);
}

function ruleQueries(): Query[] {
  const file = parse(readFileSync(join(root, RULES), 'utf8')) as {
    groups: { rules: { alert?: string; record?: string; expr: string }[] }[];
  };
  return file.groups.flatMap((group) =>
    group.rules.map((rule) => ({ where: `${RULES}: ${rule.alert ?? rule.record}`, expr: rule.expr })),
  );
}

/** `where: name` for each metric a query names that is not exposed. */
function unknownNames(queries: Query[], exposed: Set<string>): string[] {
  return queries.flatMap(({ where, expr }) =>
    metricNamesIn(expr)
      .filter((name) => !exposed.has(name) && !PROMETHEUS_OWN.has(name))
      .map((name) => `${where}: ${name}`),
  );
}

async function metricsText(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** One order that succeeds at once and one left pending (…992, with the simulator slowed right down). */
async function placeOrders(kios: KiosProcess): Promise<void> {
  const dana = kios.client();
  const statuses = [];
  for (const number of ['081234567123', '081234567992']) {
    const reply = await dana.send(dana.presign('createOrder', telcoOrderBody(number)));
    statuses.push(reply.envelope.response.body.order.orderStatus.status);
  }
  expect(statuses).toEqual(['SUCCESS', 'PENDING']);
}

const env = {
  // Callbacks go nowhere: attempts are counted as not accepted, which is all the names need.
  KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
  KIOS_SIM_DELAY_MS: '600000',
  KIOS_READY_MAX_LAG_EVENTS: READY_MAX_LAG_EVENTS,
};

const queries = [...dashboardQueries(), ...ruleQueries()];

it('reads the queries of the dashboard’s panels and of every alert rule', () => {
  // Positive control for the reading itself: an empty list would pass every check below.
  expect(dashboardQueries().length).toBeGreaterThanOrEqual(15);
  expect(ruleQueries().map((query) => query.where.split(': ')[1])).toEqual([
    'KiosDown',
    'KiosCallbacksAbandoned',
    'KiosOrdersUnsettledPastAnHour',
    'KiosProjectionLagAboveReadiness',
    'KiosSupplierBalanceLow',
  ]);
  expect(queries.every((query) => metricNamesIn(query.expr).length > 0)).toBe(true);
});

describe('kios in role all, as docker compose runs each replica', () => {
  const kios = new KiosProcess({ env });
  beforeAll(async () => {
    await kios.start();
    await placeOrders(kios);
  }, 40_000);
  afterAll(() => kios.kill());

  it('exposes every metric the dashboard and the alert rules query', async () => {
    const text = await eventually(async () => {
      const scraped = await metricsText(kios.baseUrl);
      // The worker's metrics are in: it ran the order_detail projection and the callback dispatcher.
      expect(sampleValue(parsePrometheusText(scraped), 'kios_orders', { status: 'succeeded' })).toBe(1);
      return scraped;
    }, 15_000);
    expect(unknownNames(queries, exposedMetricNames(text))).toEqual([]);
  });

  it('shows the pending order’s age and the configured readiness bound, the two the alerts compare with', async () => {
    // The gauge reads the order-detail read model, which the worker process brings up to date.
    const samples = await eventually(async () => {
      const read = parsePrometheusText(await metricsText(kios.baseUrl));
      expect(sampleValue(read, 'kios_orders_unsettled_oldest_seconds', { status: 'pending' })).toBeDefined();
      return read;
    });
    const age = sampleValue(samples, 'kios_orders_unsettled_oldest_seconds', { status: 'pending' });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    expect(
      sampleValue(samples, 'kios_orders_unsettled_oldest_seconds', { status: 'in_doubt' }),
    ).toBeUndefined();
    expect(sampleValue(samples, 'kios_ready_max_lag_events')).toBe(Number(READY_MAX_LAG_EVENTS));
  });
});

describe('an api process and a worker process started apart', () => {
  const api = new KiosProcess({ env: { ...env, KIOS_ROLE: 'api' } });
  let worker: ChildProcess | undefined;
  let workerUrl = '';

  beforeAll(async () => {
    await api.start();
    const port = await freePort();
    workerUrl = `http://127.0.0.1:${port}`;
    worker = spawnApp('kios', ['--role', 'worker'], { ...api.env(), KIOS_PORT: String(port) });
    await eventually(async () => expect((await fetch(`${workerUrl}/health`)).status).toBe(200), 20_000);
    await placeOrders(api);
  }, 40_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await api.kill();
  });

  it('exposes, between the two, every metric the dashboard and the alert rules query', async () => {
    const [apiText, workerText] = await eventually(async () => {
      const texts = await Promise.all([metricsText(api.baseUrl), metricsText(workerUrl)]);
      // Scraped once the worker has projected the orders the api process placed.
      expect(sampleValue(parsePrometheusText(texts[1]), 'kios_orders', { status: 'succeeded' })).toBe(1);
      return texts;
    }, 20_000);
    const exposed = new Set([...exposedMetricNames(apiText), ...exposedMetricNames(workerText)]);
    expect(unknownNames(queries, exposed)).toEqual([]);
  });
});
