import type { Offer } from '@kios/catalog';
import { idr, type Money } from '@kios/dana-protocol';
import {
  RoutedSupplier,
  type HealthVerdict,
  type PriceListRead,
  type PurchaseRequest,
  type SupplierAccount,
} from '@kios/fulfillment';
import { aProduct, ScriptedSupplier, type ScriptedAnswer } from '@kios/testing';

const T0 = new Date('2025-01-15T03:00:00.000Z');
const offer = (supplier: string, maxCost: number): Offer => ({
  supplier,
  sku: `${supplier.toUpperCase()}-10`,
  maxCost: idr(maxCost),
});
const product = aProduct({ offers: [offer('digiflazz', 1_010_000), offer('iak', 1_000_000)] });

class FakeAccount implements SupplierAccount {
  balanceAnswer: Money | Error = idr(10_000_000);
  prices: Record<string, number> = {};
  constructor(readonly supplier: string) {}
  readPriceList(): Promise<PriceListRead> {
    const quotes = Object.entries(this.prices).map(([sku, price]) => ({ sku, price: idr(price) }));
    return Promise.resolve({ status: 'read', priceList: { supplier: this.supplier, quotes } });
  }
  balance(): Promise<Money> {
    return this.balanceAnswer instanceof Error
      ? Promise.reject(this.balanceAnswer)
      : Promise.resolve(this.balanceAnswer);
  }
}

function routedOver(scripts: Record<string, ScriptedAnswer[]>) {
  const now = { at: T0 };
  const members = Object.entries(scripts).map(([name, script]) => new ScriptedSupplier(name, script));
  const accounts = Object.fromEntries(members.map((member) => [member.name, new FakeAccount(member.name)]));
  const changes: [string, HealthVerdict][] = [];
  const routed = new RoutedSupplier({
    members: members.map((supplier) => ({
      name: supplier.name,
      supplier,
      account: accounts[supplier.name],
      minBalance: idr(1_000_000),
    })),
    health: { unhealthyAfter: 2, windowMs: 60_000 },
    minMargin: 0n,
    now: () => now.at,
    onHealthChange: (supplier, verdict) => changes.push([supplier, verdict]),
  });
  return { routed, members, accounts, changes };
}

const buy = (supplierRef: string, choice?: { supplier: string; sku: string }): PurchaseRequest => ({
  product,
  destination: { primaryParam: '081234567890' },
  supplierRef,
  ...(choice ? { offer: choice } : {}),
});

describe('routed supplier', () => {
  it("sends each call to the supplier of the attempt's offer, showing its adapter that offer alone", async () => {
    const { routed, members } = routedOver({ digiflazz: ['success'], iak: ['success'] });
    const seen = jest.spyOn(members[0], 'purchase');
    await expect(
      routed.purchase(buy('REF-1', { supplier: 'digiflazz', sku: 'DIGIFLAZZ-10' })),
    ).resolves.toMatchObject({
      status: 'succeeded',
      serialNumber: 'digiflazz-REF-1',
    });
    expect(seen.mock.calls[0][0].product.offers).toEqual([offer('digiflazz', 1_010_000)]);
    expect(members[1].calls).toEqual([]);
  });

  it('sends a status check to the same supplier as its purchase', async () => {
    const { routed, members } = routedOver({ digiflazz: [], iak: ['timeout_then_success'] });
    const iak = { supplier: 'iak', sku: 'IAK-10' };
    await routed.purchase(buy('REF-1', iak));
    await expect(routed.checkStatus(buy('REF-1', iak))).resolves.toMatchObject({ status: 'succeeded' });
    expect(members[0].calls).toEqual([]);
  });

  it('takes a supplier out of the route after its in-doubt or refused answers, and a probe brings it back', async () => {
    const { routed, accounts, changes } = routedOver({
      digiflazz: [],
      iak: ['refused', 'timeout_then_success'],
    });
    const iak = { supplier: 'iak', sku: 'IAK-10' };
    expect(routed.routeFor(product)[0].supplier).toBe('iak');
    await routed.purchase(buy('REF-1', iak));
    await routed.purchase(buy('REF-2', iak));
    expect(routed.routeFor(product).map((choice) => choice.supplier)).toEqual(['digiflazz']);
    expect(changes).toEqual([['iak', expect.objectContaining({ healthy: false })]]);

    accounts.iak.balanceAnswer = new Error('connect ECONNREFUSED');
    await routed.probe();
    expect(routed.routeFor(product).map((choice) => choice.supplier)).toEqual(['digiflazz']);

    accounts.iak.balanceAnswer = idr(5_000_000);
    await routed.probe();
    expect(routed.routeFor(product).map((choice) => choice.supplier)).toEqual(['iak', 'digiflazz']);
    expect(changes[1]).toEqual(['iak', { healthy: true }]);
  });

  it('takes out a supplier whose balance read is below its minimum', async () => {
    const { routed, accounts } = routedOver({ digiflazz: [], iak: [] });
    accounts.iak.balanceAnswer = idr(999_900);
    await routed.accountOf('iak')!.balance();
    expect(routed.routeFor(product).map((choice) => choice.supplier)).toEqual(['digiflazz']);
  });

  it('routes by the price list the sync read through it', async () => {
    const { routed, accounts } = routedOver({ digiflazz: [], iak: [] });
    accounts.digiflazz.prices = { 'DIGIFLAZZ-10': 990_000 };
    await routed.accountOf('digiflazz')!.readPriceList();
    expect(routed.routeFor(product).map((choice) => choice.supplier)).toEqual(['digiflazz', 'iak']);
  });

  it("gives the sync every member's price list in turn, and the first member's balance", async () => {
    const { routed, accounts } = routedOver({ digiflazz: [], iak: [] });
    accounts.digiflazz.prices = { 'DIGIFLAZZ-10': 990_000 };
    accounts.iak.prices = { 'IAK-10': 995_000 };
    const sync = routed.syncAccount()!;
    const read = async () => {
      const list = await sync.readPriceList();
      return list.status === 'read' ? list.priceList.supplier : list.status;
    };
    expect([await read(), await read(), await read()]).toEqual(['digiflazz', 'iak', 'digiflazz']);
    // Both lists remembered: digiflazz is now the cheaper.
    expect(routed.routeFor(product).map((choice) => choice.supplier)).toEqual(['digiflazz', 'iak']);
    accounts.digiflazz.balanceAnswer = idr(7_000_000);
    await expect(sync.balance()).resolves.toEqual(idr(7_000_000));
    expect(sync.supplier).toBe('digiflazz');
  });

  it('sends the calls of an order placed before routing (no offer named) to its first callable offer, whatever health or cost say', async () => {
    const { routed, members, accounts } = routedOver({
      digiflazz: ['timeout_then_success'],
      iak: ['success'],
    });
    // IAK is the cheaper: a new order would go there; the old order's reference went to digiflazz, listed first.
    accounts.digiflazz.balanceAnswer = idr(1);
    await routed.accountOf('digiflazz')!.balance(); // and digiflazz is even unhealthy now
    expect(routed.routeFor(product).map((choice) => choice.supplier)).toEqual(['iak']);
    await routed.purchase(buy('OLD-REF'));
    await expect(routed.checkStatus(buy('OLD-REF'))).resolves.toMatchObject({ status: 'succeeded' });
    expect(members[1].calls).toEqual([]);
  });

  it('answers a call naming a supplier kios does not have with an error, never a purchase elsewhere', async () => {
    const { routed, members } = routedOver({ digiflazz: ['success'], iak: ['success'] });
    await expect(routed.purchase(buy('REF-1', { supplier: 'other', sku: 'X' }))).rejects.toThrow(
      /through other/,
    );
    expect(members.flatMap((member) => member.calls)).toEqual([]);
  });
});
