import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevKeys } from '@kios/dana-protocol';
import type { EventStore, RecordedEvent } from '@kios/event-store';
import { orderStream } from '@kios/ordering';
import { DanaSim } from './dana-sim-process';
import { KiosProcess, tempDataDir } from './kios-process';

/** What the Order Complete Callback e2e suites share: one dana-sim, kios processes configured for fast retries. */
export const PARTNER_ID = '216620000000000000042';
export const AGGREGATOR_ID = 'AGG-CALLBACK-TEST';
export const KIOS_CALLBACK_TIMEOUT_MS = 1000;

/** Ends with 992: pending, then SUCCESS; 993: pending, then FAILED; 991: FAILED at once; others: SUCCESS at once (docs/architecture.md §7). */
export const phone = (ending: string) => `08123456${ending.padStart(4, '7')}`;

export function streamOf(store: EventStore, requestId: string): Promise<RecordedEvent[]> {
  return store.readStream(orderStream(requestId));
}

export const typesOf = (recorded: RecordedEvent[]) => recorded.map((event) => event.type);
export const callbackEvents = (recorded: RecordedEvent[]) =>
  recorded.filter((event) => event.type.startsWith('Callback'));

/** Longer than the dispatcher needs to send anything still due (poll 100 ms, first retry 200 ms). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

export async function createOrder(on: KiosProcess, requestId: string, destination: string): Promise<string> {
  const reply = await on.client().createOrder({
    requestId,
    productId: 'TSEL-10K',
    destinationInfo: { primaryParam: destination },
    danaSellingPrice: { value: '1025000', currency: 'IDR' },
  });
  expect(reply.httpStatus).toBe(200);
  expect(reply.signature).toMatchObject({ ok: true });
  return reply.envelope.response.body.order.orderStatus.status;
}

export interface CallbackE2e {
  /** Started in the suite's first beforeAll. */
  readonly sim: DanaSim;
  /** A kios on its own stores, with the shared keys; `dataDir` reuses the stores of an earlier run. */
  startKios(extra?: Record<string, string>, dataDir?: string): Promise<KiosProcess>;
}

/**
 * Registers the suite's hooks: a dana-sim before all (one pair of dev keys for every kios, so it
 * verifies them all), and after all every kios started and the sim stopped.
 */
export function useCallbackE2e(): CallbackE2e {
  const keysHome = tempDataDir('kios-callback-keys-');
  const started: KiosProcess[] = [];
  let sim: DanaSim | undefined;

  beforeAll(async () => {
    ensureDevKeys(keysHome);
    sim = await DanaSim.start(keysHome);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(started.map((process) => process.kill()));
    await sim?.stop();
  });

  const kiosEnv = (extra: Record<string, string>): Record<string, string> => ({
    KIOS_DANA_BASE_URL: sim!.baseUrl,
    KIOS_PARTNER_ID: PARTNER_ID,
    KIOS_AGGREGATOR_ID: AGGREGATOR_ID,
    KIOS_SIM_DELAY_MS: '300',
    KIOS_FULFILMENT_FIRST_CHECK_MS: '200',
    KIOS_CALLBACK_SCHEDULE: '200ms,400ms,800ms',
    KIOS_CALLBACK_TIMEOUT_MS: String(KIOS_CALLBACK_TIMEOUT_MS),
    KIOS_CALLBACK_POLL_MS: '100',
    ...extra,
  });

  return {
    get sim(): DanaSim {
      if (!sim) throw new Error('dana-sim is not started yet (use it inside a test or a later hook)');
      return sim;
    },
    async startKios(extra = {}, dataDir = tempDataDir()) {
      cpSync(join(keysHome, 'keys'), join(dataDir, 'keys'), { recursive: true });
      const kios = new KiosProcess({ dataDir, env: kiosEnv(extra) });
      started.push(kios);
      return kios.start();
    },
  };
}
