import { randomBytes } from 'node:crypto';
import { TEST_POSTGRES_URL } from '@kios/testing';
import { eventually } from './support/eventually';
import { freePort, KiosProcess } from './support/kios-process';
import { dropSchemasOf } from './support/read-model-check';
import { proxyTo, type TcpProxy } from './support/tcp-proxy';

/**
 * kios started before its store (README "Store faults at start"): it tries again with backoff for
 * KIOS_STARTUP_WAIT_MS, starts once the store answers, and otherwise gives up naming the store and
 * its address.
 */
describe('kios started while its read model is unreachable', () => {
  const readModelOn = (port: number, schema: string) =>
    `postgres://postgres:secret-pw@127.0.0.1:${port}${new URL(TEST_POSTGRES_URL).pathname}?schema=${schema}`;

  it('starts once the store comes up within KIOS_STARTUP_WAIT_MS', async () => {
    const port = await freePort();
    const url = readModelOn(port, `kios_e2e_startup_${randomBytes(5).toString('hex')}`);
    const kios = new KiosProcess({ env: { KIOS_READ_MODEL: url, KIOS_STARTUP_WAIT_MS: '30000' } });
    const starting = kios.start();
    let proxy: TcpProxy | undefined;
    try {
      // The store comes up only once kios has found it unreachable twice (however slowly kios starts).
      await eventually(
        () => expect(kios.log.match(/is unreachable \(/g)?.length ?? 0).toBeGreaterThanOrEqual(2),
        20_000,
      );
      proxy = proxyTo(TEST_POSTGRES_URL, port);
      await proxy.open();

      await starting;

      expect(kios.log).toContain(`read model postgres://postgres:***@127.0.0.1:${port}/`);
      expect(kios.log).toMatch(/is unreachable \(.*ECONNREFUSED.*\): trying again in \d+ ms/);
      expect(kios.log).not.toContain('secret-pw');
      const reply = await kios.client().productQuery({ type: 'MOBILE_CREDIT', provider: 'telkomsel' });
      expect(reply.httpStatus).toBe(200);
    } finally {
      await kios.kill();
      await proxy?.cut();
      await dropSchemasOf(url);
    }
  }, 60_000);

  it('gives up after KIOS_STARTUP_WAIT_MS, naming the store and its address', async () => {
    const port = await freePort();
    const kios = new KiosProcess({
      env: { KIOS_READ_MODEL: readModelOn(port, 'kios_e2e_never'), KIOS_STARTUP_WAIT_MS: '1500' },
    });
    const startedAt = Date.now();

    const failure = await kios.start().then(
      () => 'started',
      (error: Error) => error.message,
    );

    expect(failure).toContain('exited with 1 before listening');
    expect(failure).toContain(`kios cannot start: read model postgres://postgres:***@127.0.0.1:${port}/`);
    expect(failure).toContain('is unreachable after 1500 ms (KIOS_STARTUP_WAIT_MS)');
    expect(failure).not.toContain('secret-pw');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
  }, 30_000);
});
