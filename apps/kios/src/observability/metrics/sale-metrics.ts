import type { Sale } from '@kios/ordering';
import type { KiosMetrics } from './kios-metrics';

/** A sale into the per-supplier counters (float counters: minor units stay exact up to 2^53). */
export function countSale(metrics: KiosMetrics, sale: Sale): void {
  const supplier = sale.supplier ?? 'configured';
  metrics.supplierSales.inc({ supplier, cost_breach: sale.costBreach === undefined ? 'no' : 'yes' });
  if (sale.cost === undefined) return;
  metrics.supplierSoldMinorUnits.inc({ supplier }, Number(sale.sold.minor));
  metrics.supplierCostMinorUnits.inc({ supplier }, Number(sale.cost.minor));
}
