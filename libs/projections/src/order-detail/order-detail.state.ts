import { productData, productFromData } from '@kios/catalog';
import {
  billAmountsData,
  billAmountsFromData,
  type CallbackState,
  type Fulfilment,
  instantData,
  instantFromData,
  minorData,
  moneyFromData,
  type OrderState,
  type PlacedOrder,
} from '@kios/ordering';
import { OrderDetailRow } from './order-detail.row';

export type KnownOrder = Exclude<OrderState, { status: 'none' }>;

function placedOrder(row: OrderDetailRow): PlacedOrder {
  return {
    requestId: row.requestId,
    orderId: row.orderId,
    productId: row.productId,
    ...(row.product === null ? {} : { product: productFromData(row.product) }),
    destination: row.destination,
    price: moneyFromData(row.priceMinor),
    ...(row.inquiryId === null ? {} : { inquiryId: row.inquiryId }),
    ...(row.billAmounts === null ? {} : { billAmounts: billAmountsFromData(row.billAmounts) }),
    createdAt: instantFromData(row.createdAt),
    modifiedAt: instantFromData(row.modifiedAt),
    answeredPending: row.answeredPending,
    ...(row.operatorFlagReason === null || row.operatorFlaggedAt === null
      ? {}
      : {
          flaggedForOperator: {
            reason: row.operatorFlagReason,
            flaggedAt: instantFromData(row.operatorFlaggedAt),
          },
        }),
  };
}

/**
 * The callback an order owes at the moment it becomes final. This read model does not follow
 * callback attempts (the callback outbox does), so that is all it can say about them.
 */
const callbackAtFinal = (order: PlacedOrder): CallbackState =>
  order.answeredPending ? { status: 'owed', attempts: 0 } : { status: 'not_owed' };

function fulfilmentOf(row: OrderDetailRow): Fulfilment | undefined {
  if (row.supplierRef === null || row.fulfilmentDestination === null) return undefined;
  return { supplierRef: row.supplierRef, destination: row.fulfilmentDestination };
}

function requireFulfilment(row: OrderDetailRow): Fulfilment {
  const fulfilment = fulfilmentOf(row);
  if (!fulfilment)
    throw new Error(`order_detail ${row.requestId} is ${row.status} but has no supplier reference`);
  return fulfilment;
}

/** The order state a row holds: what folding the order's stream up to `row.revision` gives. */
export function orderStateFromRow(row: OrderDetailRow): KnownOrder {
  const order = placedOrder(row);
  switch (row.status) {
    case 'placed':
      return { status: 'placed', order };
    case 'requested':
    case 'pending':
    case 'in_doubt':
      return { status: row.status, order, fulfilment: requireFulfilment(row) };
    case 'succeeded':
      return {
        status: 'succeeded',
        order,
        fulfilment: requireFulfilment(row),
        receipt: {
          serialNumber: row.serialNumber ?? '',
          ...(row.token === null ? {} : { token: row.token }),
        },
        callback: callbackAtFinal(order),
      };
    case 'failed': {
      const fulfilment = fulfilmentOf(row);
      return {
        status: 'failed',
        order,
        ...(fulfilment ? { fulfilment } : {}),
        failure: { code: row.failureCode ?? 'supplier_failed', reason: row.failureReason ?? '' },
        callback: callbackAtFinal(order),
      };
    }
  }
}

/** The row for an order state after the event at `revision` of its stream. */
export function orderDetailRow(state: KnownOrder, revision: bigint): OrderDetailRow {
  const { order } = state;
  const fulfilment = state.status === 'placed' ? undefined : state.fulfilment;
  return Object.assign(new OrderDetailRow(), {
    requestId: order.requestId,
    orderId: order.orderId,
    productId: order.productId,
    product: order.product ? productData(order.product) : null,
    destination: order.destination,
    priceMinor: minorData(order.price),
    inquiryId: order.inquiryId ?? null,
    billAmounts: order.billAmounts ? billAmountsData(order.billAmounts) : null,
    status: state.status,
    supplierRef: fulfilment?.supplierRef ?? null,
    fulfilmentDestination: fulfilment?.destination ?? null,
    failureCode: state.status === 'failed' ? state.failure.code : null,
    failureReason: state.status === 'failed' ? state.failure.reason : null,
    serialNumber: state.status === 'succeeded' ? state.receipt.serialNumber : null,
    token: state.status === 'succeeded' ? (state.receipt.token ?? null) : null,
    answeredPending: order.answeredPending,
    operatorFlagReason: order.flaggedForOperator?.reason ?? null,
    operatorFlaggedAt: order.flaggedForOperator ? instantData(order.flaggedForOperator.flaggedAt) : null,
    createdAt: instantData(order.createdAt),
    modifiedAt: instantData(order.modifiedAt),
    revision,
  });
}
