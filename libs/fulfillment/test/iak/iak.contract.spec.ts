import type { Product } from '@kios/catalog';
import { IakSupplier } from '@kios/fulfillment';
import { aProduct, plnToken } from '@kios/testing';
import { DEFAULT_SEED, startSupplierSim } from '../../../../apps/supplier-sim/src';
import { supplierContract } from '../supplier.contract';

const PENDING_DELAY_MS = 1000;
/** supplier-sim holds a `…994` purchase's answer this long; the adapter gives up sooner. */
const SLOW_ANSWER_MS = 3000;
const ADAPTER_TIMEOUT_MS = 500;

/** IAK's product_code for a catalog product: supplier-sim's seed sku, which both of its sides sell. */
const CODE_BY_PRODUCT = new Map(
  DEFAULT_SEED.prepaid.flatMap((entry) =>
    entry.kios_product_id ? [[entry.kios_product_id, entry.buyer_sku_code] as const] : [],
  ),
);

/**
 * The IAK adapter against supplier-sim's IAK side in this process, over HTTP on a free port, by
 * kios's suffix table (…991 fails, …992 and …993 pending then succeed or fail, …994 answers only
 * after SLOW_ANSWER_MS: in doubt, and found succeeded afterwards). `ownListener` puts IAK's API on a
 * listener of its own, as part 2's tests take it down; otherwise it shares Digiflazz's port.
 */
function iakUnderContract(product: Product, numberBase: string, ownListener: boolean) {
  return async () => {
    const sim = await startSupplierSim({
      pendingDelayMs: PENDING_DELAY_MS,
      slowAnswerMs: SLOW_ANSWER_MS,
      ...(ownListener ? { iakPort: 0 } : {}),
    });
    const supplier = new IakSupplier({
      baseUrl: sim.iakUrl,
      username: sim.username,
      apiKey: sim.key,
      timeoutMs: ADAPTER_TIMEOUT_MS,
      productCodeFor: (wanted) => CODE_BY_PRODUCT.get(wanted.productId),
    });
    const at = (suffix: string) => ({ product, destination: { primaryParam: `${numberBase}${suffix}` } });
    return {
      supplier,
      scenarios: {
        succeedsAtOnce: at('123'),
        failsAtOnce: at('991'),
        pendingThenSucceeds: at('992'),
        pendingThenFails: at('993'),
        inDoubt: { ...at('994'), deadlineMs: 2 * ADAPTER_TIMEOUT_MS, thenStatus: 'succeeded' as const },
      },
      purchasesFor: (supplierRef: string) => (sim.transaction(supplierRef)?.supplier === 'iak' ? 1 : 0),
      close: async () => {
        supplier.close();
        await sim.close();
      },
    };
  };
}

supplierContract(
  'IAK against supplier-sim, telco (suffix table)',
  iakUnderContract(aProduct(), '081234567', false),
);

supplierContract(
  "IAK against supplier-sim on IAK's own listener, prepaid electricity (suffix table)",
  iakUnderContract(plnToken, '14234567', true),
);
