import { readSettings } from '@kios/config';
import { runsProcessorsHere, startsWorkerProcess, withRoleArgument } from '../../src/roles/kios-role';

describe('a kios process role (docs/architecture.md §1 "Processes and roles")', () => {
  it('is all by default, KIOS_ROLE otherwise, and --role on the command line wins', () => {
    expect(readSettings({}).role).toBe('all');
    expect(readSettings({ KIOS_ROLE: 'worker' }).role).toBe('worker');
    expect(readSettings(withRoleArgument(['--role', 'api'], { KIOS_ROLE: 'worker' })).role).toBe('api');
    expect(readSettings(withRoleArgument(['--role=worker'], {})).role).toBe('worker');
    expect(withRoleArgument(['--port', '1'], { KIOS_ROLE: 'api' })).toEqual({ KIOS_ROLE: 'api' });
  });

  it('refuses an unknown role or a --role without one, naming the setting', () => {
    expect(() => readSettings(withRoleArgument(['--role', 'cron'], {}))).toThrow(/KIOS_ROLE/);
    expect(() => withRoleArgument(['--role'], {})).toThrow(/--role needs a value: all, api or worker/);
    expect(() => withRoleArgument(['--role', '--port'], {})).toThrow(/--role needs a value/);
    expect(() => withRoleArgument(['--role='], {})).toThrow(/--role needs a value/);
  });

  it.each([
    ['all', 'sqlite:/data/events.db', false, true],
    ['all', 'postgres://kios@db/kios', false, true],
    ['all', 'memory:', true, false],
    ['api', 'sqlite:/data/events.db', false, false],
    ['worker', 'sqlite:/data/events.db', true, false],
  ] as const)(
    'role %s on %s: runs the processors itself %s, starts a worker process %s',
    (role, eventStore, here, forks) => {
      expect(runsProcessorsHere({ role, eventStore })).toBe(here);
      expect(startsWorkerProcess({ role, eventStore })).toBe(forks);
    },
  );
});
