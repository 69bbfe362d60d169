// The stored shapes of an order's facts (events, and the read models that copy them): one converter each.
export {
  type BillAmountsData,
  billAmountsData,
  billAmountsFromData,
  instantData,
  instantFromData,
  minorData,
  moneyFromData,
} from './event-data';
export * from './inquiry/inquiry.events';
export * from './inquiry/inquiry.errors';
export * from './inquiry/inquiry.decider';
export * from './inquiry/inquiry-for-order';
export * from './order/order.events';
export * from './order/order.errors';
export * from './order/order.commands';
export * from './order/order.state';
export * from './order/place-order.rules';
export * from './order/order.decider';
export * from './order/order.view';
export * from './order/dana-order.mapper';
export * from './callback/retry-policy';
export * from './callback/due-callback';
export * from './callback/callback-verdict';
export * from './callback/callback-result';
export * from './callback/order-complete-request';
export * from './callback/completed-order';
export * from './callback/order-callback.settings';
export * from './callback/callbacks-in-flight';
export * from './callback/deliver-order-callback.command';
export * from './callback/deliver-order-callback.handler';
export * from './callback/retry-order-callback.command';
export * from './callback/retry-order-callback.handler';
export * from './callback/order-callback.module';
export * from './operator/settle-order.command';
export * from './operator/settle-order.handler';
export * from './operator/operator-settlement.module';
export * from './application/ordering.settings';
export * from './application/event-metadata';
export * from './application/supplier-deadline';
export * from './application/decide-in-sequence';
export * from './application/purchase-commands';
export * from './application/create-order.command';
export * from './application/current-products';
export * from './application/create-order.handler';
export * from './application/order-placement-failure';
export * from './application/record-destination-inquiry.command';
export * from './application/record-destination-inquiry.handler';
export * from './application/follow-up-fulfilment.command';
export * from './application/fulfilment-follow-up.decision';
export * from './application/follow-up-fulfilment.handler';
export * from './application/get-order-details.query';
export * from './application/get-order-details.handler';
export * from './application/ordering.module';
export * from './application/follow-up-schedule';
export * from './user-validation/user-validation.events';
export * from './user-validation/user-validation.decider';
export * from './user-validation/user-validation.decision';
export * from './application/validate-user.command';
export * from './application/validate-user.handler';
export * from './supplier-webhook/digiflazz-delivery';
export * from './supplier-webhook/supplier-news';
export * from './supplier-webhook/supplier-news-recorder';
export * from './supplier-webhook/supplier-references';
export * from './supplier-webhook/record-digiflazz-webhook.command';
export * from './supplier-webhook/record-digiflazz-webhook.handler';
export * from './supplier-webhook/supplier-webhook.module';
export * from './margins/margins-report';
export * from './margins/sales';
