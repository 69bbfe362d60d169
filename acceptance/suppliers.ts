import { join } from 'node:path';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { digiflazzEnv } from '../test/support/digiflazz-env';
import { purchasesBoughtTwice, transactionCallsByCommand } from './supplier-log';

export const SUPPLIERS = ['simulator', 'digiflazz'] as const;
export type SupplierName = (typeof SUPPLIERS)[number];

/** What kios buys from during an acceptance run, and what it has to say about the run afterwards. */
export interface AcceptanceSupplier {
  /** Added to kios's environment. */
  kiosEnv: Record<string, string>;
  /** One line for the "is up" message. */
  description: string;
  /** The expectations the set holds this supplier to instead (see supplier-set.ts); none: the set's own. */
  overridesFile?: string;
  /**
   * After the set ran, from the supplier's own log: what it was asked, and what it saw that the set's
   * expectations cannot (no problems: none); absent for a supplier that keeps no log of its own.
   */
  report?: () => { calls: string; problems: string[] };
  stop(): Promise<void>;
}

/**
 * Timings short enough that every path of docs/architecture.md §7 settles in a second or two: the
 * simulator's pending delay (past run.ts's 500 ms supplier budget). supplier-sim answers over HTTP,
 * and a first call on a busy machine can take a few hundred ms: kios's Digiflazz timeout and budget
 * leave room for that, and supplier-sim holds a …994 answer well past them.
 */
const SIM_DELAY_MS = '500';
const SUPPLIER_SIM_PENDING_DELAY_MS = 500;
const SUPPLIER_SIM_SLOW_ANSWER_MS = 3000;
const DIGIFLAZZ_TIMEOUT_MS = '1500';
const DIGIFLAZZ_SUPPLIER_BUDGET_MS = '2000';

/** The in-process simulator: nothing to start, nothing it can tell afterwards. */
function simulator(): AcceptanceSupplier {
  return {
    kiosEnv: { KIOS_SIM_DELAY_MS: SIM_DELAY_MS },
    description: 'the in-process simulator',
    stop: async () => {},
  };
}

/**
 * supplier-sim in this process as kios's Digiflazz (`KIOS_SUPPLIER=digiflazz`, testing off, so it
 * plays the suffix table). Its request log goes into the run's folder, kept when the run fails.
 */
async function digiflazz(dataDir: string): Promise<AcceptanceSupplier> {
  const sim: SupplierSim = await startSupplierSim({
    pendingDelayMs: SUPPLIER_SIM_PENDING_DELAY_MS,
    slowAnswerMs: SUPPLIER_SIM_SLOW_ANSWER_MS,
    requestLogFile: join(dataDir, 'supplier-sim-requests.jsonl'),
  });
  return {
    kiosEnv: digiflazzEnv(sim, {
      KIOS_DIGIFLAZZ_TIMEOUT_MS: DIGIFLAZZ_TIMEOUT_MS,
      KIOS_SUPPLIER_BUDGET_MS: DIGIFLAZZ_SUPPLIER_BUDGET_MS,
    }),
    description: `supplier-sim on ${sim.url} as Digiflazz`,
    overridesFile: join(__dirname, 'digiflazz.yaml'),
    report: () => {
      const log = sim.requestLog();
      return { calls: transactionCallsByCommand(log), problems: purchasesBoughtTwice(log) };
    },
    stop: () => sim.close(),
  };
}

export function startSupplier(name: SupplierName, dataDir: string): Promise<AcceptanceSupplier> {
  return name === 'digiflazz' ? digiflazz(dataDir) : Promise.resolve(simulator());
}
