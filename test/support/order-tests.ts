import type { DanaClient, DanaOrder } from '@kios/dana-protocol';
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

/** The statuses Get Order Detail answers for `requestIds`, 100 at a time (its cap). */
export async function statusesOf(client: DanaClient, requestIds: string[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  for (let from = 0; from < requestIds.length; from += 100) {
    const reply = await client.orderDetail({
      orderIdentifiers: requestIds.slice(from, from + 100).map((requestId) => ({ requestId })),
    });
    if (reply.httpStatus !== 200 || !reply.signature.ok)
      throw new Error(`Get Order Detail: HTTP ${reply.httpStatus}`);
    for (const order of reply.envelope.response.body.orders as DanaOrder[]) {
      statuses.set(order.requestId, order.orderStatus.status);
    }
  }
  return statuses;
}

// The body every order test sends, shared with the tools that drive kios (bench/).
export { telcoOrderBody } from '../../bench/support/mixed-orders';
