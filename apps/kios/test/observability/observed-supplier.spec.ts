import { Logger } from '@nestjs/common';
import type {
  AccountOutcome,
  AccountRequest,
  InquiryRequest,
  PurchaseOutcome,
  PurchaseRequest,
  StatusOutcome,
  Supplier,
} from '@kios/fulfillment';
import { KiosMetrics } from '../../src/observability/metrics/kios-metrics';
import { observeSupplier } from '../../src/observability/metrics/observed-supplier';

/** Answers purchases by the supplierRef it is given; cannot be reached for status checks. */
class ScriptedSupplier implements Supplier {
  closed = false;
  async inquire(_request: InquiryRequest) {
    return { status: 'valid' as const };
  }
  async purchase({ supplierRef }: PurchaseRequest): Promise<PurchaseOutcome> {
    return supplierRef === 'fail'
      ? { status: 'failed', reason: 'rejected' }
      : { status: 'succeeded', serialNumber: 'SN1' };
  }
  async checkStatus(_request: PurchaseRequest): Promise<StatusOutcome> {
    throw new Error('supplier unreachable');
  }
  async checkAccount(_request: AccountRequest): Promise<AccountOutcome> {
    return { status: 'inactive' };
  }
  close() {
    this.closed = true;
  }
}

describe('the observed supplier', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('times each call by operation and outcome, failures to answer as error', async () => {
    const metrics = new KiosMetrics();
    const supplier = observeSupplier(new ScriptedSupplier(), metrics);
    const purchase = (supplierRef: string) => supplier.purchase({ supplierRef } as PurchaseRequest);
    expect(await purchase('ok')).toEqual({ status: 'succeeded', serialNumber: 'SN1' });
    await purchase('ok');
    await purchase('fail');
    await supplier.inquire({} as InquiryRequest);
    await expect(supplier.checkStatus({ supplierRef: 'ref' } as PurchaseRequest)).rejects.toThrow(
      'supplier unreachable',
    );
    await supplier.checkAccount({} as AccountRequest);

    const counts = (await metrics.supplierCalls.get()).values
      .filter((value) => value.metricName?.endsWith('_count'))
      .map(({ labels, value }) => [labels.operation, labels.outcome, value]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ['purchase', 'succeeded', 2],
        ['purchase', 'failed', 1],
        ['inquire', 'valid', 1],
        ['checkStatus', 'error', 1],
        ['checkAccount', 'inactive', 1],
      ]),
    );
    expect(counts).toHaveLength(5);
  });

  it('keeps the adapter it observes, close included', () => {
    const inner = new ScriptedSupplier();
    observeSupplier(inner, new KiosMetrics()).close();
    expect(inner.closed).toBe(true);
  });
});
