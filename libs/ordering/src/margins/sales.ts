import type { Logger } from '@nestjs/common';
import type { Money } from '@kios/dana-protocol';
import { isInFlight, type OrderState } from '../order/order.state';

/** One order sold: by which supplier (a routed order's), at DANA's price, for the supplier's cost when known. */
export type Sale = {
  requestId: string;
  supplier?: string;
  sold: Money;
  cost?: Money;
  /** The cost broke the offer's maxCost or DANA's price: an operator must look. */
  costBreach?: string;
};

/** Told of each sale a handler records (the app counts them per supplier: kios_supplier_sales_total, …). */
export interface SaleObserver {
  sold(sale: Sale): void;
}

export const SALE_OBSERVER = Symbol('SALE_OBSERVER');

/** The sale a change of the order records: from in flight to succeeded; none otherwise. */
export function saleOf(before: OrderState, after: OrderState): Sale | undefined {
  if (!isInFlight(before) || after.status !== 'succeeded') return undefined;
  const { order, fulfilment, receipt } = after;
  return {
    requestId: order.requestId,
    ...(fulfilment.offer ? { supplier: fulfilment.offer.supplier } : {}),
    sold: order.price,
    ...(receipt.cost ? { cost: receipt.cost } : {}),
    ...(after.costBreach === undefined ? {} : { costBreach: after.costBreach }),
  };
}

/** The operator's line for a sale whose cost broke a bound (the sale stands: the purchase was made). */
export function costBreachAlert(sale: Sale): string {
  return (
    `OPERATOR ALERT: order ${sale.requestId} sold by ${sale.supplier ?? 'the supplier'}: ${sale.costBreach}. ` +
    'The order stays SUCCESS; check the offer (maxCost, the price list) before more are sold at a loss.'
  );
}

/** Tells the observer of a sale, and an operator when its cost broke a bound. */
export function noteSale(sale: Sale | undefined, observer: SaleObserver | undefined, logger: Logger): void {
  if (!sale) return;
  observer?.sold(sale);
  if (sale.costBreach !== undefined) logger.error(costBreachAlert(sale));
}
