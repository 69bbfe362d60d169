import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { readSettings, type RawSettings } from '@kios/config';
import { FixedClock } from '@kios/dana-protocol';
import { AdminUsers, kiosProjections, openReadModel, passwordMatches } from '@kios/projections';
import { CliContext, CliError } from '../src/cli-context';
import { usersAdd } from '../src/commands/users-add.command';
import { usersList } from '../src/commands/users-list.command';
import { usersRemove } from '../src/commands/users-remove.command';

const NOW = new Date('2026-12-05T01:30:00.000Z');

/** Runs one users command with `stdin` as its standard input; gives what it printed. */
async function run(
  settings: RawSettings,
  command: (args: string[], context: CliContext) => Promise<void>,
  args: string[],
  stdin = '',
): Promise<string> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const context = new CliContext(settings, out, new FixedClock(NOW), Readable.from([Buffer.from(stdin)]));
  try {
    await command(args, context);
  } finally {
    await context.close();
  }
  return printed;
}

async function storedHash(settings: RawSettings, name: string): Promise<string | undefined> {
  const readModel = await openReadModel(settings.readModel, kiosProjections);
  try {
    return (await new AdminUsers(readModel).find(name))?.passwordHash;
  } finally {
    await readModel.destroy();
  }
}

describe('kios-cli users add, list and remove', () => {
  let settings: RawSettings;
  beforeEach(() => {
    settings = readSettings({ KIOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'kios-cli-users-')) });
  });
  afterEach(() => rmSync(settings.dataDir, { recursive: true, force: true }));

  it('adds a user with the password read from the first line of standard input, hashed', async () => {
    const printed = await run(
      settings,
      usersAdd,
      ['siti', '--role', 'auditor'],
      'siti-password-1\nignored\n',
    );
    expect(printed).toBe('user siti added as auditor; they sign in at /admin/sign-in\n');
    const hash = await storedHash(settings, 'siti');
    expect(hash).toMatch(/^scrypt\$/);
    expect(await passwordMatches('siti-password-1', hash!)).toBe(true);
  });

  it('lists users with role and time (GMT+7), never a hash', async () => {
    await run(settings, usersAdd, ['siti', '--role', 'auditor'], 'siti-password-1\n');
    await run(settings, usersAdd, ['budi', '--role', 'admin'], 'budi-password-1');
    const printed = await run(settings, usersList, []);
    expect(printed.split('\n')).toEqual([
      'NAME  ROLE     ADDED (GMT+7)',
      'budi  admin    2026-12-05T08:30:00+07:00',
      'siti  auditor  2026-12-05T08:30:00+07:00',
      '',
    ]);
    expect(printed).not.toContain('scrypt');
    expect(JSON.parse(await run(settings, usersList, ['--json']))).toEqual([
      { name: 'budi', role: 'admin', createdAt: '2026-12-05T08:30:00+07:00' },
      { name: 'siti', role: 'auditor', createdAt: '2026-12-05T08:30:00+07:00' },
    ]);
  });

  it.each([
    [
      'an empty password',
      'siti',
      ['--role', 'auditor'],
      '\n',
      'the password is empty (read from standard input, one line)',
    ],
    [
      'a short password',
      'siti',
      ['--role', 'auditor'],
      'short\n',
      'the password is too short: at least 12 characters (read from standard input, one line)',
    ],
    [
      'an unknown role',
      'siti',
      ['--role', 'root'],
      'siti-password-1\n',
      'role must be auditor or admin, got "root"',
    ],
    ['no role', 'siti', [], 'siti-password-1\n', '--role auditor|admin is required'],
    [
      'a bad name',
      'siti jones',
      ['--role', 'auditor'],
      'siti-password-1\n',
      'user name "siti jones" must be 1-64 letters',
    ],
  ])('refuses %s with a clear message and adds nobody', async (_what, name, options, stdin, message) => {
    await expect(run(settings, usersAdd, [name, ...options], stdin)).rejects.toThrow(CliError);
    await expect(run(settings, usersAdd, [name, ...options], stdin)).rejects.toThrow(message);
    expect(await run(settings, usersList, [])).toContain('no users');
  });

  it('refuses a duplicate name, keeping the first password', async () => {
    await run(settings, usersAdd, ['siti', '--role', 'auditor'], 'siti-password-1\n');
    await expect(run(settings, usersAdd, ['siti', '--role', 'admin'], 'other-password-2\n')).rejects.toThrow(
      new CliError('a user named siti already exists'),
    );
    expect(await passwordMatches('siti-password-1', (await storedHash(settings, 'siti'))!)).toBe(true);
  });

  it('removes a user, and says so when there is none to remove', async () => {
    await run(settings, usersAdd, ['siti', '--role', 'auditor'], 'siti-password-1\n');
    expect(await run(settings, usersRemove, ['siti'])).toBe(
      'user siti removed; their sessions end at their next request\n',
    );
    await expect(run(settings, usersRemove, ['siti'])).rejects.toThrow(new CliError('no user named siti'));
    expect(await run(settings, usersList, [])).toContain('no users');
  });
});
