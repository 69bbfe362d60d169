import { idr } from '@kios/dana-protocol';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';
import { countSale } from '../../src/observability/metrics/sale-metrics';

describe('sales per supplier as metrics (kios-cli margins for Prometheus)', () => {
  it('counts each sale by supplier and breach, and the price and cost of those with a cost', async () => {
    const metrics = new KiosMetrics();
    countSale(metrics, { requestId: 'R1', supplier: 'iak', sold: idr(1_025_000), cost: idr(1_000_000) });
    countSale(metrics, {
      requestId: 'R2',
      supplier: 'iak',
      sold: idr(1_025_000),
      cost: idr(1_030_000),
      costBreach: "cost 1030000 is above DANA's price 1025000 (minor units)",
    });
    countSale(metrics, { requestId: 'R3', sold: idr(1_025_000) });
    const text = await metrics.registry.metrics();
    expect(text).toContain('kios_supplier_sales_total{supplier="iak",cost_breach="no"} 1');
    expect(text).toContain('kios_supplier_sales_total{supplier="iak",cost_breach="yes"} 1');
    expect(text).toContain('kios_supplier_sales_total{supplier="configured",cost_breach="no"} 1');
    expect(text).toContain('kios_supplier_costed_sold_minor_units_total{supplier="iak"} 2050000');
    expect(text).toContain('kios_supplier_cost_minor_units_total{supplier="iak"} 2030000');
  });
});
