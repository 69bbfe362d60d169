import { appendFileSync, cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCreateOrderTraffic } from './support/create-order-traffic';
import { eventually } from './support/eventually';
import { KiosProcess, tempDataDir } from './support/kios-process';
import { statusesOf } from './support/order-tests';
import { runApp } from './support/run-cli';

/** The embedded stores of a data folder, as KiosProcess configures them. */
const storesIn = (dataDir: string) => ({
  KIOS_DATA_DIR: dataDir,
  KIOS_EVENT_STORE: `sqlite:${join(dataDir, 'events.db')}`,
  KIOS_READ_MODEL: `sqlite:${join(dataDir, 'read.db')}`,
});

/**
 * The restore drill (README "Backups"): `kios-cli backup` while DANA keeps buying, then `kios-cli
 * restore` into an empty data folder and kios started on it. Every order acknowledged before the
 * backup started is there; the backup never overwrites a store and refuses a file that changed.
 */
describe('kios-cli backup while kios serves orders, and kios-cli restore', () => {
  const live = new KiosProcess({ env: { KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' } });
  const backupDir = join(tempDataDir('kios-backup-'), 'backup');
  const restoredDir = tempDataDir('kios-restored-');
  const restored = new KiosProcess({
    dataDir: restoredDir,
    env: { KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' },
  });
  beforeAll(() => live.start(), 30_000);
  afterAll(async () => {
    await live.kill();
    await restored.kill();
  });

  it('holds every order acknowledged before it started, taken while orders kept being answered', async () => {
    const traffic = runCreateOrderTraffic(live.client(), 'BACKUP', 3);
    await eventually(async () => expect(traffic.results.length).toBeGreaterThanOrEqual(60), 30_000);
    const acknowledgedBefore = traffic.results
      .filter((result) => !result.problem)
      .map((result) => result.requestId);

    const backup = await runApp('kios-cli', ['backup', backupDir], live.env());
    const answeredDuringBackup = traffic.results.length - acknowledgedBefore.length;
    const all = await traffic.stop();

    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(/^read-model .* → read\.db/m);
    expect(backup.stdout).toMatch(/^events .* → events\.db/m);
    expect(backup.stdout).toMatch(/^key .* → keys\/kios-private\.pem/m);
    expect(all.filter((result) => result.problem)).toEqual([]);
    // Positive control: DANA was answered while the backup ran, so it was taken under load.
    expect(answeredDuringBackup).toBeGreaterThan(0);

    const restore = await runApp('kios-cli', ['restore', backupDir], storesIn(restoredDir));
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    await restored.start();
    const statuses = await statusesOf(restored.client(), acknowledgedBefore);

    expect(acknowledgedBefore.filter((requestId) => statuses.get(requestId) !== 'SUCCESS')).toEqual([]);
    const verified = await runApp('kios-cli', ['verify', '--all'], restored.env());
    expect(`${verified.code} ${verified.stderr}${verified.stdout}`).toMatch(/^0 /);
  }, 120_000);

  it('never restores over a store', async () => {
    const again = await runApp('kios-cli', ['restore', backupDir], storesIn(restoredDir));

    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists: restore into an empty data folder');
  });

  it('refuses a backup whose file changed since, writing nothing', async () => {
    const tampered = join(tempDataDir('kios-tampered-'), 'backup');
    cpSync(backupDir, tampered, { recursive: true });
    appendFileSync(join(tampered, 'events.db'), 'x');
    const emptyDir = tempDataDir('kios-restore-refused-');

    const refused = await runApp('kios-cli', ['restore', tampered], storesIn(emptyDir));

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('events.db (events) does not match its checksum in the manifest');
    expect(readdirSync(emptyDir)).toEqual([]);
    expect(existsSync(join(backupDir, 'manifest.json'))).toBe(true);
  });
});
