import { KiosProcess } from './kios-process';

/**
 * kios for the order tests of one describe block: started before its tests, killed after them, with
 * `env` on top. DANA's base URL is a closed port: the Order Complete Callbacks fail there, and no
 * callback changes the order these tests look at.
 */
export function kiosForOrderTests(env: Record<string, string>): KiosProcess {
  const kios = new KiosProcess({ env: { ...env, KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' } });
  beforeAll(() => kios.start(), 30_000);
  afterAll(() => kios.kill());
  return kios;
}

// The body every order test sends, shared with the tools that drive kios (bench/).
export { telcoOrderBody } from '../../bench/support/mixed-orders';
