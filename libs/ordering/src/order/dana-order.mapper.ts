import {
  type DanaDestinationInfo,
  type DanaOrder,
  type DanaOrderNotFound,
  type DanaStatus,
  formatDanaTime,
  formatMoney,
  orderStatus,
} from '@kios/dana-protocol';
import type { Destination } from '@kios/fulfillment';
import type { OrderView } from './order.view';

/** What DANA is told about an order; callbacks are kios's business. */
export type ReportedOrder = Omit<OrderView, 'callback'>;

/** docs/dana-protocol.md §4.4: 10/20/30 only; a failure says why in its message. */
function danaOrderStatus(order: ReportedOrder): DanaStatus {
  return order.status === 'FAILED' ? orderStatus('FAILED', order.failure?.reason) : orderStatus(order.status);
}

/** The destination as DANA sent it (docs/dana-protocol.md §3.3 echoes it). */
export function danaDestinationInfo(destination: Destination): DanaDestinationInfo {
  return {
    primaryParam: destination.primaryParam,
    ...(destination.secondaryParam === undefined ? {} : { secondaryParam: destination.secondaryParam }),
  };
}

/** The bill behind a bill-priced order; HARNESS checks that product.price is their sum (docs/dana-protocol.md §3.3). */
function extendInfo(order: ReportedOrder): { extendInfo?: string } {
  if (!order.billAmounts) return {};
  const { baseAmount, adminFee, fineAmount } = order.billAmounts;
  return {
    extendInfo: JSON.stringify({
      baseAmount: formatMoney(baseAmount),
      adminFee: formatMoney(adminFee),
      fineAmount: formatMoney(fineAmount),
    }),
  };
}

/**
 * The order object of Create Order and Get Order Detail (docs/dana-protocol.md §3.3, §3.4): GMT+7 times, the product
 * as it was when ordered with the order's amount as its price, "" for a serial number or token not
 * (yet) delivered.
 */
export function toDanaOrder(order: ReportedOrder): DanaOrder {
  return {
    requestId: order.requestId,
    orderId: order.orderId,
    createdTime: formatDanaTime(order.createdAt),
    modifiedTime: formatDanaTime(order.modifiedAt),
    destinationInfo: danaDestinationInfo(order.destination),
    orderStatus: danaOrderStatus(order),
    serialNumber: order.serialNumber ?? '',
    token: order.token ?? '',
    product: {
      productId: order.productId,
      type: order.product?.type ?? '',
      provider: order.product?.provider ?? '',
      price: formatMoney(order.price),
      availability: order.product?.available ?? false,
    },
    ...extendInfo(order),
  };
}

/** Get Order Detail's answer for a requestId kios never saw (docs/dana-protocol.md §3.4). */
export function orderNotFound(requestId: string): DanaOrderNotFound {
  return { requestId, orderStatus: orderStatus('EMPTY') };
}
