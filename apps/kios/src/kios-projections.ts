import {
  callbackOutboxProjection,
  fulfilmentFollowUpProjection,
  orderDetailProjection,
  productProjection,
  type Projection,
} from '@kios/projections';

/** Every read model kios keeps, in the order they are migrated. */
export const kiosProjections: readonly Projection[] = [
  productProjection,
  callbackOutboxProjection,
  orderDetailProjection,
  fulfilmentFollowUpProjection,
];
