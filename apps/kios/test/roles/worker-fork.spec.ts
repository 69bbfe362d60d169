import { join } from 'node:path';
import { ForkedWorker } from '../../src/roles/worker-fork';

/**
 * The worker of `--role all` is forked as kios starts and opens its stores only once kios's are
 * open and migrated (docs/architecture.md §1 "Processes and roles"): the handshake, with a forked
 * program that does only that (fixtures/awaiting-worker.ts).
 */
const awaitingWorker = join(__dirname, 'fixtures', 'awaiting-worker.ts');
const fromSources = ['-r', join(__dirname, '../../../../test/support/register-ts.js')];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function said(worker: ForkedWorker, what: string): Promise<void> {
  return new Promise((resolve) =>
    worker.child.on('message', (message) => {
      if ((message as { fixture?: string }).fixture === what) resolve();
    }),
  );
}

describe('a worker process forked as kios starts', () => {
  const forked: ForkedWorker[] = [];
  // The fixture is TypeScript: the child loads it as the end-to-end tests run kios from its sources.
  const fork = (preloads: string[] = []) => {
    const worker = new ForkedWorker(awaitingWorker, [...fromSources, ...preloads]);
    forked.push(worker);
    return worker;
  };
  afterEach(async () => {
    for (const worker of forked.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill();
      await worker.exited;
    }
  });

  it('opens its stores only once told that kios has opened and migrated its own', async () => {
    const worker = fork();
    let opening = false;
    const opened = said(worker, 'opening stores').then(() => (opening = true));
    await said(worker, 'asking');
    await sleep(300);
    expect(opening).toBe(false);

    worker.storesReady();
    await opened;
    expect(opening).toBe(true);
  });

  it('stays up while it waits though its IPC channel is unreferenced, as the bench probe does', async () => {
    const worker = fork(['-r', join(__dirname, 'fixtures', 'unref-ipc-channel.ts')]);
    const opened = said(worker, 'opening stores');
    await said(worker, 'asking');
    await sleep(300);
    expect(worker.child.exitCode).toBeNull();

    worker.storesReady();
    await opened;
  });

  it('is answered when kios was ready before the worker asked', async () => {
    const worker = fork();
    worker.storesReady();
    await said(worker, 'opening stores');
  });

  it('exits when kios is gone before answering', async () => {
    const worker = fork();
    await said(worker, 'asking');
    worker.child.disconnect();
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });
});
