import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, KiosProcess, spawnApp, tempDataDir } from './support/kios-process';

describe('starting kios', () => {
  it('starts on embedded defaults with no configuration, generating dev keys and a session secret, saying where', async () => {
    const kios = new KiosProcess();
    try {
      await kios.start();
      expect(kios.log).toContain(
        `generated development key pairs for kios and DANA in ${join(kios.dataDir, 'keys')}`,
      );
      const secretFile = join(kios.dataDir, 'session-secret');
      expect(kios.log).toContain(`generated a development session secret in ${secretFile}`);
      expect(kios.log).not.toContain(readFileSync(secretFile, 'utf8').trim());
      expect(existsSync(join(kios.dataDir, 'keys', 'kios-private.pem'))).toBe(true);
      expect(existsSync(join(kios.dataDir, 'events.db'))).toBe(true);
      const reply = await kios.client().productQuery({ type: 'MOBILE_CREDIT', provider: 'xl' });
      expect(reply.signature).toMatchObject({ ok: true });
    } finally {
      await kios.kill();
    }
  });

  async function exitOf(env: Record<string, string>) {
    const child = spawnApp('kios', [], {
      KIOS_DATA_DIR: tempDataDir(),
      KIOS_PORT: String(await freePort()),
      ...env,
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, output };
  }

  it('exits non-zero with a clear message in production without keys', async () => {
    const { code, output } = await exitOf({ NODE_ENV: 'production' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/kios cannot start: NODE_ENV is production and no key is configured/);
  });

  it('exits non-zero naming an event store URL it does not know', async () => {
    const { code, output } = await exitOf({ KIOS_EVENT_STORE: 'mongodb://localhost' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/kios cannot start: .*mongodb:\/\/localhost/);
  });
});
