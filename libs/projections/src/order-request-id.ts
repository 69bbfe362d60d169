import type { RecordedEvent } from '@kios/event-store';
import type { OrderEvent } from '@kios/ordering';

/** The key of an order read model's row: every order event names its order's requestId. */
export const orderRequestIdOf = (recorded: RecordedEvent): string =>
  (recorded.data as OrderEvent['data']).requestId;
