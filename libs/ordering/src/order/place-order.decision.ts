import { productData } from '@kios/catalog';
import { supplierReferenceFor } from '@kios/fulfillment';
import { billAmountsData, ifDefined, instantData, minorData, optional } from '../event-data';
import type { PlaceOrder } from './order.commands';
import type { OrderEvent, OrderPlaced } from './order.events';
import type { OrderFailure } from './order.state';
import { placement } from './place-order.rules';

/** PlaceOrder (docs/architecture.md §4 step 2): the order, then its first attempt or its refusal. */

const NO_SUPPLIER_NOW: OrderFailure = {
  code: 'product_unavailable',
  reason: 'no supplier can sell it now: every offer is unavailable or its supplier unhealthy',
};

export const orderFailed = (requestId: string, failure: OrderFailure, failedAt: string): OrderEvent => ({
  type: 'OrderFailed',
  data: { requestId, ...failure, failedAt },
});

export function place({ data }: PlaceOrder): OrderEvent[] {
  const decision = placement(data);
  const at = instantData(data.now);
  const placed: OrderPlaced = {
    type: 'OrderPlaced',
    data: {
      requestId: data.requestId,
      orderId: data.orderId,
      productId: data.productId,
      ...optional(
        'product',
        data.product.status === 'unlisted' ? undefined : productData(data.product.product),
      ),
      destination: { ...data.destination },
      price: minorData(data.danaSellingPrice),
      ...optional('inquiryId', data.inquiry?.inquiryId),
      ...optional(
        'billAmounts',
        decision.accepted ? ifDefined(decision.billAmounts, billAmountsData) : undefined,
      ),
      placedAt: at,
    },
  };
  // Refused orders are recorded too: DANA gets a FAILED order it can look up, and no supplier is asked.
  if (!decision.accepted) return [placed, orderFailed(data.requestId, decision.failure, at)];
  // A routed kios with no offer it can buy from now refuses, as for an unavailable product.
  if (data.route?.length === 0) return [placed, orderFailed(data.requestId, NO_SUPPLIER_NOW, at)];
  const offer = data.route?.[0];
  return [
    placed,
    {
      type: 'FulfilmentRequested',
      data: {
        requestId: data.requestId,
        // A bill inquired under a reference is paid under it (docs/digiflazz.md §5); else the order's own.
        supplierRef: decision.inquiredRef ?? supplierReferenceFor(data.requestId),
        destination: { ...decision.destination },
        requestedAt: at,
        ...optional('supplier', offer?.supplier),
        ...optional('sku', offer?.sku),
      },
    },
  ];
}
