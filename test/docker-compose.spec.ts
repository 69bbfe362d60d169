// Long on purpose: one static check of the whole compose stack (no Docker engine runs here) against the code, the README and deploy/, service by service.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { settings } from '@kios/config';
import { ENVIRONMENT_VARIABLES } from '../apps/supplier-sim/src/cli/options';

/** Docker cannot run here: these checks keep the compose file honest against the code instead. */
const root = join(__dirname, '..');
// Merge keys (`<<: *kios`) as Docker Compose reads them.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const caddyfile = readFileSync(join(root, 'deploy', 'Caddyfile'), 'utf8');
const REPLICAS = ['kios-1', 'kios-2'];
const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
const knownVariables = new Set(Object.values(settings).map((setting) => setting.name));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The names deploy/make-env.sh writes into .env, which compose reads its secrets from. */
const envNames = [
  ...readFileSync(join(root, 'deploy', 'env.example'), 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm),
].map(([, name]) => name);
type Service = {
  image?: string;
  restart?: string;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  environment?: Record<string, string | number>;
};
const services = compose.services as Record<string, Service>;
const KIOS_SERVICES = [...REPLICAS, 'kios-postgres'];
const STORES = ['kurrentdb', 'postgres'];

describe('docker-compose.yml', () => {
  it('runs KurrentDB, PostgreSQL, two kios replicas behind a proxy, dana-sim and supplier-sim; a kios on PostgreSQL events in a profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'dana-sim',
      'grafana',
      'kios-1',
      'kios-2',
      'kios-postgres',
      'kurrentdb',
      'postgres',
      'prometheus',
      'proxy',
      'supplier-sim',
    ]);
    const profiled = Object.keys(compose.services).filter((name) => compose.services[name].profiles);
    expect(profiled).toEqual(['kios-postgres']);
    expect(compose.services['kios-postgres'].profiles).toEqual(['postgres-events']);
  });

  it.each([...REPLICAS, 'kios-postgres', 'dana-sim'])(
    'sets only KIOS_* variables the configuration knows (%s)',
    (service) => {
      const variables = Object.keys(compose.services[service].environment ?? {}).filter((name) =>
        name.startsWith('KIOS_'),
      );
      expect(variables.length).toBeGreaterThan(0);
      expect(variables.filter((name) => !knownVariables.has(name))).toEqual([]);
    },
  );

  it.each(REPLICAS)(
    'configures %s for KurrentDB and PostgreSQL, reaching them by their service names',
    (replica) => {
      const environment = compose.services[replica].environment;
      expect(environment.KIOS_EVENT_STORE).toMatch(/^kurrentdb:\/\/kurrentdb:2113/);
      expect(environment.KIOS_READ_MODEL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(environment.KIOS_DANA_BASE_URL).toBe('http://dana-sim:8090');
    },
  );

  it('has the replicas share the stores, the configuration and the data folder (the dev keys)', () => {
    const [first, second] = REPLICAS.map((replica) => compose.services[replica]);
    expect(second.environment).toEqual(first.environment);
    expect(second.image ?? second.build).toEqual(first.image ?? first.build);
    expect(second.command).toEqual(first.command);
    const dataVolume = (service: { volumes: string[]; environment: Record<string, string> }) =>
      service.volumes.find((volume) => volume.endsWith(`:${service.environment.KIOS_DATA_DIR}`));
    expect(dataVolume(first)).toBe('kios-data:/data');
    expect(dataVolume(second)).toBe(dataVolume(first));
    expect(compose.services['dana-sim'].volumes).toContain(dataVolume(first));
    // The keys are made by the first replica's first start; the second waits until it is healthy.
    expect(second.depends_on['kios-1']).toEqual({ condition: 'service_healthy' });
    expect(first.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8080/health');
    // Neither publishes a port of its own: DANA reaches them through the proxy only.
    expect(first.ports).toBeUndefined();
    expect(second.ports).toBeUndefined();
  });

  it('routes the proxy’s port to both replicas, and DANA and supplier-sim’s webhooks go through it', () => {
    const proxy = compose.services.proxy;
    expect(proxy.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    const [site] = caddyfile.match(/^:(\d+) \{/m)!.slice(1);
    expect(proxy.ports).toEqual([`${site}:${site}`]);
    const upstreams = caddyfile.match(/^\s*reverse_proxy (.+) \{$/m)![1].split(' ');
    expect(upstreams).toEqual(
      REPLICAS.map((replica) => `${replica}:${compose.services[replica].environment.KIOS_PORT}`),
    );
    expect(caddyfile).toMatch(/^\s*health_uri \/health$/m);
    expect(compose.services['dana-sim'].command.at(-1)).toBe(`http://proxy:${site}`);
    expect(compose.services['dana-sim'].environment.DANA_SIM_KIOS_URL).toBe(`http://proxy:${site}`);
    expect(compose.services['supplier-sim'].environment.SUPPLIER_SIM_WEBHOOK_URL).toBe(
      `http://proxy:${site}/suppliers/digiflazz/webhook`,
    );
  });

  it('has the postgres-events profile’s kios use PostgreSQL for events, in schemas apart from the replicas’ read model', () => {
    const kios = compose.services['kios-postgres'];
    const replicas = compose.services['kios-1'].environment;
    expect(kios.environment.KIOS_EVENT_STORE).toMatch(/^postgres:\/\/[^@]+@postgres:5432\/kios\?schema=\w+$/);
    expect(kios.environment.KIOS_READ_MODEL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\/kios\?schema=\w+$/);
    expect(kios.environment.KIOS_READ_MODEL).not.toBe(replicas.KIOS_READ_MODEL);
    expect(kios.environment.KIOS_EVENT_STORE).not.toBe(kios.environment.KIOS_READ_MODEL);
    expect(kios.depends_on.postgres).toEqual({ condition: 'service_healthy' });
    expect(kios.ports).toEqual(['8082:8080']);
    // Otherwise as the replicas: the same supplier, DANA and data folder.
    const { KIOS_EVENT_STORE: _events, KIOS_READ_MODEL: _read, ...rest } = kios.environment;
    const { KIOS_EVENT_STORE: _e, KIOS_READ_MODEL: _r, ...replicaRest } = replicas;
    expect(rest).toEqual(replicaRest);
  });

  it.each([...REPLICAS, 'kios-postgres'])(
    'has %s buy from supplier-sim as Digiflazz with its credentials',
    (service) => {
      const kios = compose.services[service].environment;
      const sim = compose.services['supplier-sim'].environment;
      const simPort = compose.services['supplier-sim'].command.at(-1);
      expect(kios.KIOS_SUPPLIER).toBe('digiflazz');
      expect(kios.KIOS_DIGIFLAZZ_URL).toBe(`http://supplier-sim:${simPort}`);
      expect(kios.KIOS_DIGIFLAZZ_USERNAME).toBe(sim.SUPPLIER_SIM_USERNAME);
      expect(kios.KIOS_DIGIFLAZZ_KEY).toBe(sim.SUPPLIER_SIM_KEY);
      expect(kios.KIOS_DIGIFLAZZ_WEBHOOK_SECRET).toBe(sim.SUPPLIER_SIM_WEBHOOK_SECRET);
    },
  );

  it('sets only SUPPLIER_SIM_* variables supplier-sim reads', () => {
    const variables = Object.keys(compose.services['supplier-sim'].environment ?? {});
    const known = new Set(Object.values(ENVIRONMENT_VARIABLES));
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((name) => !known.has(name))).toEqual([]);
  });

  it('starts kios, dana-sim and supplier-sim with node on the entry points the package scripts run', () => {
    const entries = {
      kios: scripts['start:prod'],
      'dana-sim': scripts['dana-sim'],
      'supplier-sim': scripts['supplier-sim'],
    };
    for (const service of [...REPLICAS, 'kios-postgres', 'dana-sim', 'supplier-sim']) {
      const [node, entry] = compose.services[service].command;
      const app = service.startsWith('kios') ? 'kios' : (service as 'dana-sim' | 'supplier-sim');
      expect(`${node} ${entry}`).toBe(entries[app]);
    }
    expect(entries.kios).toBe('node dist/apps/kios/src/main.js');
  });

  it('builds the image the services run: the Node major CI tests on, dist/ built, production dependencies only, node as a non-root user', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map(([, image]) => image);
    expect(bases).toHaveLength(2);
    expect(new Set(bases).size).toBe(1);
    const ciNodeMajor = /^NODE_MAJOR=(\d+)$/m.exec(readFileSync(join(root, '.ci/use-node.sh'), 'utf8'))?.[1];
    expect(ciNodeMajor).toBe('24');
    expect(bases[0]).toMatch(new RegExp(`^node:${ciNodeMajor}\\.\\d+-`));
    expect(dockerfile).toMatch(/RUN npm run build && npm prune --omit=dev/);
    const runStage = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runStage).toMatch(/^ENV NODE_ENV=production/m);
    expect(runStage).toMatch(/^USER node$/m);
    expect(runStage).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "-e", ".*\/health/m);
    expect(runStage).toContain(`CMD ["node", "${scripts['start:prod'].replace(/^node /, '')}"]`);
  });

  it('runs the demo stack on generated development keys, said in its configuration', () => {
    for (const service of [...REPLICAS, 'kios-postgres']) {
      expect(compose.services[service].environment.NODE_ENV).toBe('development');
    }
  });
});

describe('docker-compose.yml, hardened (issue 22)', () => {
  it.each(Object.keys(compose.services))('restarts %s unless it was stopped', (name) => {
    expect(services[name].restart).toBe('unless-stopped');
  });

  it('pins every image it pulls to a version with at least its minor number, never latest', () => {
    const images = Object.values(services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.length).toBeGreaterThanOrEqual(5);
    // the tag after the last colon that is not part of a registry's host:port
    const unpinned = images.filter(
      (image) => !/:v?\d+\.\d+[\w.-]*$/.test(image.slice(image.lastIndexOf('/') + 1)),
    );
    expect(unpinned).toEqual([]);
  });

  it('checks the health of the stores, every kios, Prometheus and Grafana, each on its own service', () => {
    const test = (name: string) => services[name].healthcheck?.test.join(' ') ?? '';
    expect(test('kurrentdb')).toMatch(/^CMD curl --fail .*http:\/\/127\.0\.0\.1:2113\/health\/live$/);
    expect(test('kurrentdb')).toContain(`:${services.kurrentdb.environment!.KURRENTDB_NODE_PORT}/`);
    expect(test('postgres')).toBe(
      `CMD pg_isready -U ${services.postgres.environment!.POSTGRES_USER} -d kios`,
    );
    for (const kios of KIOS_SERVICES) expect(test(kios)).toContain('http://127.0.0.1:8080/health');
    expect(test('prometheus')).toContain('http://127.0.0.1:9090/-/ready');
    expect(test('grafana')).toContain('http://127.0.0.1:3000/api/health');
  });

  it.each(KIOS_SERVICES)('starts %s only once every store it is configured for is healthy', (name) => {
    const environment = services[name].environment!;
    const used = STORES.filter((store) =>
      [environment.KIOS_EVENT_STORE, environment.KIOS_READ_MODEL].some((url) =>
        new RegExp(`^\\w+://([^@]*@)?${store}:`).test(String(url)),
      ),
    );
    expect(used.length).toBeGreaterThan(0);
    const dependsOn = services[name].depends_on as Record<string, { condition: string }>;
    for (const store of used) expect(dependsOn[store]).toEqual({ condition: 'service_healthy' });
  });

  it('publishes no database port by default; the opt-in override publishes them on the loopback only', () => {
    for (const store of STORES) expect(services[store].ports).toBeUndefined();
    const override = parse(readFileSync(join(root, 'docker-compose.ports.yml'), 'utf8'));
    expect(Object.keys(override.services).sort()).toEqual(STORES);
    for (const store of STORES) {
      for (const port of override.services[store].ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
    // What has no login of its own is on the loopback only too.
    expect(services.prometheus.ports).toEqual(['127.0.0.1:9090:9090']);
    expect(services.grafana.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('holds no secret: every password, key, secret and token, and every URL’s password, comes from .env and must be set', () => {
    const secretName = /(PASSWORD|SECRET|TOKEN|_KEY)$/;
    const required = /^\$\{([A-Z_][A-Z0-9_]*):\?[^}]+\}$/;
    const found: string[] = [];
    for (const [service, { environment = {} }] of Object.entries(services)) {
      for (const [name, raw] of Object.entries(environment)) {
        const value = String(raw);
        const where = `${service}.${name}`;
        if (secretName.test(name) && !required.test(value)) found.push(`${where} is a literal`);
        const password = /^\w+:\/\/[^:/@]+:([^@]+)@/.exec(value)?.[1];
        if (password !== undefined && !required.test(password)) found.push(`${where} has a literal password`);
      }
    }
    expect(found).toEqual([]);
    // The checks above can tell: the admin token is among the secrets, read from .env.
    expect(services['kios-1'].environment!.KIOS_ADMIN_TOKEN).toMatch(required);
  });

  it('interpolates only names deploy/env.example lists (what deploy/make-env.sh fills), each required', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const interpolations = [...text.matchAll(/\$\{([^}]*)\}/g)].map(([, inside]) => inside);
    expect(interpolations.length).toBeGreaterThan(5);
    expect(interpolations.filter((inside) => !/^[A-Z_][A-Z0-9_]*:\?/.test(inside))).toEqual([]);
    const names = new Set(interpolations.map((inside) => inside.split(':')[0]));
    expect([...names].sort()).toEqual([...envNames].sort());
    // A secret's literal value may not sit in the example either: every name there is empty.
    expect(readFileSync(join(root, 'deploy', 'env.example'), 'utf8')).not.toMatch(/^[A-Z_][A-Z0-9_]*=./m);
  });

  it('sets only KIOS_* variables README’s configuration table lists', () => {
    const used = new Set(
      Object.values(services).flatMap((service) =>
        Object.keys(service.environment ?? {}).filter((name) => name.startsWith('KIOS_')),
      ),
    );
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm').test(readme))).toEqual(
      [],
    );
  });

  it('mounts only files and folders that are in the repository', () => {
    const mounted = Object.values(services).flatMap((service) =>
      (service.volumes ?? [])
        .filter((volume) => volume.startsWith('./'))
        .map((volume) => volume.split(':')[0]),
    );
    expect(mounted.length).toBeGreaterThanOrEqual(4);
    expect(mounted.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });
});

describe('Prometheus and Grafana in docker-compose.yml', () => {
  const mountOf = (service: string, source: string) =>
    services[service].volumes!.find((volume) => volume.startsWith(`${source}:`))!.split(':')[1];
  const prometheusConfig = parse(readFileSync(join(root, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8'));

  it('scrapes /metrics of both replicas on their port, and reads its rules from the folder it mounts', () => {
    const [job] = prometheusConfig.scrape_configs;
    expect(job.metrics_path).toBe('/metrics');
    expect(job.static_configs[0].targets).toEqual(
      REPLICAS.map((replica) => `${replica}:${services[replica].environment!.KIOS_PORT}`),
    );
    const folder = mountOf('prometheus', './deploy/prometheus');
    expect(compose.services.prometheus.command).toContain(`--config.file=${folder}/prometheus.yml`);
    for (const rules of prometheusConfig.rule_files) {
      expect(existsSync(join(root, 'deploy', 'prometheus', rules))).toBe(true);
    }
  });

  it('provisions Grafana with that Prometheus and the dashboard kept in the repository', () => {
    const provisioning = mountOf('grafana', './deploy/grafana/provisioning');
    expect(provisioning).toBe('/etc/grafana/provisioning');
    const grafana = join(root, 'deploy', 'grafana');
    const [source] = parse(
      readFileSync(join(grafana, 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'),
    ).datasources;
    expect(source.url).toBe(`http://prometheus:${services.prometheus.ports![0].split(':').at(-1)}`);
    const [provider] = parse(
      readFileSync(join(grafana, 'provisioning', 'dashboards', 'kios.yml'), 'utf8'),
    ).providers;
    const dashboards = mountOf('grafana', './deploy/grafana/dashboards');
    expect(provider.options.path).toBe(dashboards);
    expect(services.grafana.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(
      posix.join(dashboards, 'kios.json'),
    );
    // Every panel and query asks the provisioned data source, by its uid.
    const dashboard = readFileSync(join(grafana, 'dashboards', 'kios.json'), 'utf8');
    const uids = new Set([...dashboard.matchAll(/"uid": "([^"]+)"/g)].map(([, uid]) => uid));
    expect(uids).toEqual(new Set(['kios', source.uid]));
    expect((services.grafana.depends_on as Record<string, { condition: string }>).prometheus).toEqual({
      condition: 'service_healthy',
    });
  });
});
