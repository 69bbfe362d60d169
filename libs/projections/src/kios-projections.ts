import { callbackOutboxProjection } from './callback-outbox/callback-outbox.projection';
import { fulfilmentFollowUpProjection } from './fulfilment-follow-up/fulfilment-follow-up.projection';
import { orderDetailProjection } from './order-detail/order-detail.projection';
import { orderIndexProjection } from './order-index/order-index.projection';
import { productProjection } from './product/product.projection';
import type { Projection } from './projection';

/** Every read model kios keeps, in the order they are migrated (kios runs them; kios-cli lists and rebuilds them). */
export const kiosProjections: readonly Projection[] = [
  productProjection,
  callbackOutboxProjection,
  orderDetailProjection,
  fulfilmentFollowUpProjection,
  orderIndexProjection,
];
