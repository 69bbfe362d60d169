import { optional } from '../event-data';
import type { CallbackState, OrderFailure, OrderState, PlacedOrder } from './order.state';

/** An order as kios reports it; the DANA mapping (status codes, envelope) is the API layer's. */
export type OrderView = PlacedOrder & {
  /** Everything short of final is PENDING to DANA (docs/dana-protocol.md §4.4). */
  status: 'PENDING' | 'SUCCESS' | 'FAILED';
  failure?: OrderFailure;
  serialNumber?: string;
  token?: string;
  supplierRef?: string;
  /** Only once final. */
  callback?: CallbackState;
};

/** The order in `state`, or undefined when there is none (DANA's `40 EMPTY`). */
export function orderView(state: OrderState): OrderView | undefined {
  if (state.status === 'none') return undefined;
  const { order } = state;
  const facts = {
    requestId: order.requestId,
    orderId: order.orderId,
    productId: order.productId,
    ...optional('product', order.product),
    destination: order.destination,
    price: order.price,
    ...optional('inquiryId', order.inquiryId),
    ...optional('billAmounts', order.billAmounts),
    ...optional('supplierRef', state.status === 'placed' ? undefined : state.fulfilment?.supplierRef),
    createdAt: order.createdAt,
    modifiedAt: order.modifiedAt,
    answeredPending: order.answeredPending,
    ...optional('flaggedForOperator', order.flaggedForOperator),
  };
  switch (state.status) {
    case 'placed':
    case 'requested':
    case 'pending':
    case 'in_doubt':
      return { ...facts, status: 'PENDING' };
    case 'succeeded':
      return {
        ...facts,
        status: 'SUCCESS',
        serialNumber: state.receipt.serialNumber,
        ...optional('token', state.receipt.token),
        callback: state.callback,
      };
    case 'failed':
      return { ...facts, status: 'FAILED', failure: state.failure, callback: state.callback };
  }
}
