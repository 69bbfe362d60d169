import { FixedClock } from '@kios/dana-protocol';
import { scenarioOf, SimulatorSupplier } from '@kios/fulfillment';
import { simulatedCustomerName, simulatedNickname } from '../src/simulator/simulated-accounts';
import { mobileLegendsDiamonds, plnPostpaid, telkomselCredit } from '@kios/testing';

const supplier = () => new SimulatorSupplier({ clock: new FixedClock(new Date(0)), latencyMs: 0 });

/** One product per module and a destination ending in the account's three digits. */
const modules = [
  { module: 'telco', product: telkomselCredit, primaryParam: (end: string) => `081234567${end}` },
  { module: 'biller', product: plnPostpaid, primaryParam: (end: string) => `532110012${end}` },
  { module: 'games', product: mobileLegendsDiamonds, primaryParam: (end: string) => `12345${end}` },
];

describe.each(modules)('simulator supplier account check, $module', ({ product, primaryParam }) => {
  const check = (end: string) =>
    supplier().checkAccount({ product, destination: { primaryParam: primaryParam(end) } });

  it('997: the account exists but is inactive', async () => {
    await expect(check('997')).resolves.toEqual({ status: 'inactive' });
  });

  it('998: no such account (nor 990, the destination no call of the simulator knows)', async () => {
    await expect(check('998')).resolves.toEqual({ status: 'unknown' });
    await expect(check('990')).resolves.toEqual({ status: 'unknown' });
  });

  it('any other ending: active, under the same name every time', async () => {
    const first = await check('345');
    expect(first).toEqual({ status: 'active', customerName: expect.any(String) });
    await expect(check('345')).resolves.toEqual(first);
  });
});

describe('simulator supplier account names', () => {
  const check = (product = plnPostpaid, primaryParam = '532110012345') =>
    supplier().checkAccount({ product, destination: { primaryParam } });

  it('names a biller or telco account by its holder, as the inquiry does', async () => {
    await expect(check()).resolves.toEqual({
      status: 'active',
      customerName: simulatedCustomerName('532110012345'),
    });
    await expect(check(telkomselCredit, '081234567345')).resolves.toEqual({
      status: 'active',
      customerName: simulatedCustomerName('081234567345'),
    });
  });

  it('names a game account by its nickname', async () => {
    await expect(check(mobileLegendsDiamonds, '123456345')).resolves.toEqual({
      status: 'active',
      customerName: simulatedNickname('123456345'),
    });
  });

  it('keeps 997 and 998 out of the purchase scenarios: those accounts buy like any other', () => {
    expect(scenarioOf('081234567997')).toBe('success');
    expect(scenarioOf('081234567998')).toBe('success');
  });
});
