import type { OrderEvent } from '@kios/ordering';

/** The key of an order read model's row: every order event names its order's requestId. */
export const orderRequestIdOf = (event: OrderEvent): string => event.data.requestId;
