import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { settings } from '@kios/config';
import { ENVIRONMENT_VARIABLES } from '../apps/supplier-sim/src/cli/options';

/** Docker cannot run here: these checks keep the compose file honest against the code instead. */
const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
const knownVariables = new Set(Object.values(settings).map((setting) => setting.name));

describe('docker-compose.yml', () => {
  it('runs KurrentDB, PostgreSQL, kios, dana-sim and supplier-sim', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'dana-sim',
      'kios',
      'kurrentdb',
      'postgres',
      'supplier-sim',
    ]);
  });

  it.each(['kios', 'dana-sim'])('sets only KIOS_* variables the configuration knows (%s)', (service) => {
    const variables = Object.keys(compose.services[service].environment ?? {}).filter((name) =>
      name.startsWith('KIOS_'),
    );
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((name) => !knownVariables.has(name))).toEqual([]);
  });

  it('configures kios for KurrentDB and PostgreSQL, reaching them by their service names', () => {
    const environment = compose.services.kios.environment;
    expect(environment.KIOS_EVENT_STORE).toMatch(/^kurrentdb:\/\/kurrentdb:2113/);
    expect(environment.KIOS_READ_MODEL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(environment.KIOS_DANA_BASE_URL).toBe('http://dana-sim:8090');
  });

  it('has kios buy from supplier-sim as Digiflazz with its credentials, and supplier-sim send webhooks to kios', () => {
    const kios = compose.services.kios.environment;
    const sim = compose.services['supplier-sim'].environment;
    const simPort = compose.services['supplier-sim'].command.at(-1);
    expect(kios.KIOS_SUPPLIER).toBe('digiflazz');
    expect(kios.KIOS_DIGIFLAZZ_URL).toBe(`http://supplier-sim:${simPort}`);
    expect(kios.KIOS_DIGIFLAZZ_USERNAME).toBe(sim.SUPPLIER_SIM_USERNAME);
    expect(kios.KIOS_DIGIFLAZZ_KEY).toBe(sim.SUPPLIER_SIM_KEY);
    expect(kios.KIOS_DIGIFLAZZ_WEBHOOK_SECRET).toBe(sim.SUPPLIER_SIM_WEBHOOK_SECRET);
    expect(sim.SUPPLIER_SIM_WEBHOOK_URL).toBe(`http://kios:${kios.KIOS_PORT}/suppliers/digiflazz/webhook`);
  });

  it('sets only SUPPLIER_SIM_* variables supplier-sim reads', () => {
    const variables = Object.keys(compose.services['supplier-sim'].environment ?? {});
    const known = new Set(Object.values(ENVIRONMENT_VARIABLES));
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((name) => !known.has(name))).toEqual([]);
  });

  it('starts kios, dana-sim and supplier-sim with commands the package scripts define', () => {
    for (const service of ['kios', 'dana-sim', 'supplier-sim']) {
      const [npm, run, script] = compose.services[service].command;
      expect([npm, run]).toEqual(['npm', 'run']);
      expect(scripts[script]).toBeDefined();
    }
    expect(scripts[compose.services.kios.command[2]]).toBe('node dist/apps/kios/src/main.js');
    expect(scripts['dana-sim']).toBe('node dist/apps/dana-sim/src/main.js');
    expect(scripts['supplier-sim']).toBe('node dist/apps/supplier-sim/src/main.js');
  });

  it('builds the image the services run: the Dockerfile builds dist/ and runs the same script', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toContain(`CMD ["npm", "run", "${compose.services.kios.command[2]}"]`);
  });
});
