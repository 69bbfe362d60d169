import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RebuildAlreadyRunning } from '../../src/rebuild/rebuild-site';
import { SqliteRebuildLock } from '../../src/rebuild/sqlite-rebuild-lock';

const repoRoot = resolve(__dirname, '../../../..');
const owner = { pid: 1234, host: 'ops-box', startedAt: new Date('2025-01-15T03:00:00.000Z') };

/** Another process holding the lock until it is killed. */
function holdLockInChild(lockFile: string) {
  const script = `
    const { SqliteRebuildLock } = require(${JSON.stringify(join(repoRoot, 'libs/projections/src/rebuild/sqlite-rebuild-lock.ts'))});
    SqliteRebuildLock.acquire(${JSON.stringify(lockFile)}, 'order_detail', { pid: process.pid, host: 'child', startedAt: new Date() });
    console.log('locked');
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['-r', join(repoRoot, 'test/support/register-ts.js'), '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((ready) =>
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && ready()),
  );
  return { child, locked };
}

describe('the rebuild lock beside a SQLite read model', () => {
  const lockFile = () =>
    join(mkdtempSync(join(tmpdir(), 'kios-rebuild-lock-')), 'read.db.rebuild-order_detail.lock');

  it('lets one holder at a time, tells who it is, and is free again once released', async () => {
    const file = lockFile();
    const lock = SqliteRebuildLock.acquire(file, 'order_detail', owner);

    expect(() => SqliteRebuildLock.acquire(file, 'order_detail', owner)).toThrow(
      new RebuildAlreadyRunning('order_detail', 'pid 1234 on ops-box, since 2025-01-15T10:00:00+07:00'),
    );
    expect(SqliteRebuildLock.holder(file)).toBe('pid 1234 on ops-box, since 2025-01-15T10:00:00+07:00');
    await lock.release();
    expect(SqliteRebuildLock.holder(file)).toBeUndefined();
    await SqliteRebuildLock.acquire(file, 'order_detail', owner).release();
  });

  it('is freed by the operating system when its holder dies without releasing it', async () => {
    const file = lockFile();
    const { child, locked } = holdLockInChild(file);
    await locked;
    expect(SqliteRebuildLock.holder(file)).toMatch(new RegExp(`^pid ${child.pid} on child, since `));

    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;

    expect(SqliteRebuildLock.holder(file)).toBeUndefined();
    await SqliteRebuildLock.acquire(file, 'order_detail', owner).release();
  });
});
