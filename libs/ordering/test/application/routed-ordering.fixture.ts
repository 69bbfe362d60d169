import { importCatalog, type Offer, type Product } from '@kios/catalog';
import { FixedClock, idr, type Money } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { RoutedSupplier } from '@kios/fulfillment';
import {
  CreateOrder,
  CreateOrderHandler,
  CurrentProducts,
  FollowUpFulfilment,
  FollowUpFulfilmentHandler,
  orderDecider,
  orderStream,
  type OrderingSettings,
  type OrderState,
  type SaleObserver,
} from '@kios/ordering';
import { AggregateRepository } from '@kios/event-store';
import { aProduct, ScriptedSupplier, type ScriptedAnswer } from '@kios/testing';

export const T0 = new Date('2025-01-15T03:00:00.000Z');

/** Offers of suppliers `a`, `b`, `c`: `a` the cheapest, then `b`, then `c`. */
export const OFFERS: Record<string, Offer> = {
  a: { supplier: 'a', sku: 'A-TSEL10', maxCost: idr(1_000_000) },
  b: { supplier: 'b', sku: 'B-TSEL10', maxCost: idr(1_010_000) },
  c: { supplier: 'c', sku: 'C-TSEL10', maxCost: idr(1_020_000) },
};

/**
 * The ordering handlers on an in-memory store with a RoutedSupplier over scripted suppliers, one per
 * key of `scripts`, selling Telkomsel credit through one offer of each (in the order given). The
 * clock moves only when the test moves it, so Create Order's budget never runs out by itself.
 */
export async function routedOrderingFixture(
  scripts: Record<string, ScriptedAnswer[]>,
  options: {
    product?: Product;
    afterScripts?: Record<string, ScriptedAnswer>;
    costs?: Record<string, Money>;
    sales?: SaleObserver;
  } = {},
) {
  const clock = new FixedClock(T0);
  const store = new InMemoryEventStore({ clock });
  const names = Object.keys(scripts);
  const members = names.map(
    (name) =>
      new ScriptedSupplier(name, [...scripts[name]], options.afterScripts?.[name], options.costs?.[name]),
  );
  const routed = new RoutedSupplier({
    members: members.map((supplier) => ({ name: supplier.name, supplier })),
    health: { unhealthyAfter: 5, windowMs: 60_000 },
    minMargin: 0n,
    now: () => clock.now(),
  });
  const sold = options.product ?? aProduct({ offers: names.map((name) => OFFERS[name]) });
  await importCatalog(store, [sold], { clock, metadata: { correlationId: 'catalog-import' } });
  const settings: OrderingSettings = {
    supplierBudgetMs: 5_000,
    inquiryValidityMs: 30 * 60_000,
    fulfilmentHorizonMs: 86_400_000,
  };
  const createOrderHandler = new CreateOrderHandler(
    store,
    routed,
    clock,
    settings,
    new CurrentProducts(store),
    routed,
    options.sales,
  );
  const followUpHandler = new FollowUpFulfilmentHandler(
    store,
    routed,
    clock,
    settings,
    routed,
    options.sales,
  );
  const repository = new AggregateRepository(store);
  let messages = 0;

  return {
    clock,
    store,
    routed,
    members,
    product: sold,
    createOrder(requestId: string) {
      return createOrderHandler.execute(
        new CreateOrder(
          {
            requestId,
            productId: sold.productId,
            destination: { primaryParam: '081234567890' },
            danaSellingPrice: sold.price,
          },
          `msg-${(messages += 1)}`,
        ),
      );
    },
    /** One follow-up step, a minute later than the last. */
    followUp(requestId: string) {
      clock.advance(60_000);
      return followUpHandler.execute(
        new FollowUpFulfilment(requestId, { correlationId: 'follow-up', causationId: 'follow-up' }),
      );
    },
    async state(requestId: string): Promise<OrderState> {
      return (await repository.load(orderStream(requestId), orderDecider)).state;
    },
    async eventTypes(requestId: string): Promise<string[]> {
      return (await store.readStream(orderStream(requestId))).map((event) => event.type);
    },
    /** Every reference a supplier sold or may still sell (pending), as `supplier:ref`. */
    openOrSoldRefs(): string[] {
      return members.flatMap((member) => member.liveRefs().map((ref) => `${member.name}:${ref}`));
    },
    /** Every reference any supplier sold, as `supplier:ref`. */
    soldRefs(): string[] {
      return members.flatMap((member) => member.succeededRefs().map((ref) => `${member.name}:${ref}`));
    },
  };
}
