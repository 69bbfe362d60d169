import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

describe('docker-compose.yml', () => {
  it('runs KurrentDB, PostgreSQL, two kios replicas behind a proxy, dana-sim and supplier-sim; a kios on PostgreSQL events in a profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'dana-sim',
      'kios-1',
      'kios-2',
      'kios-postgres',
      'kurrentdb',
      'postgres',
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

  it('builds the image the services run: Node 22 LTS, dist/ built, production dependencies only, node as a non-root user', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map(([, image]) => image);
    expect(bases).toHaveLength(2);
    expect(new Set(bases).size).toBe(1);
    expect(bases[0]).toMatch(/^node:22\.\d+-/);
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
