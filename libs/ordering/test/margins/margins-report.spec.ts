import { FixedClock, formatEventTime, idr } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import { formatMarginsReport, marginsReport, type OrderCommand } from '@kios/ordering';
import { writeOrderCommands } from '@kios/testing';
import { placeOrder, T0 } from '../order/order.builders';

const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** An order placed at `minutes`, bought at `supplier` a second later for `cost` (none: the answer gave no price). */
function sale(requestId: string, minutes: number, supplier: string, cost?: number): OrderCommand[] {
  return [
    placeOrder({ requestId, route: [{ supplier, sku: `${supplier}-TSEL10` }], now: at(minutes) }),
    {
      type: 'RecordOutcome',
      data: {
        requestId,
        outcome: {
          status: 'succeeded',
          serialNumber: `SN-${requestId}`,
          ...(cost === undefined ? {} : { cost: idr(cost) }),
        },
        now: new Date(at(minutes).getTime() + 1000),
      },
    },
  ];
}

describe('margins report (kios-cli margins)', () => {
  async function storeWith(...sales: [string, OrderCommand[]][]) {
    const clock = new FixedClock(T0);
    const store = new InMemoryEventStore({ clock });
    for (const [requestId, commands] of sales) await writeOrderCommands(store, clock, requestId, commands);
    return store;
  }

  it('sums cost, DANA’s price and the margin per supplier over the successes in the period', async () => {
    const store = await storeWith(
      ['R1', sale('R1', 1, 'iak', 1_000_000)],
      ['R2', sale('R2', 2, 'iak', 1_010_000)],
      ['R3', sale('R3', 3, 'digiflazz', 1_009_000)],
      ['R4', sale('R4', 4, 'digiflazz')],
      ['R5', sale('R5', 90, 'iak', 900_000)], // after the period
    );
    const report = await marginsReport(store.readAll(), at(0), at(60));
    expect(report.suppliers).toEqual([
      {
        supplier: 'digiflazz',
        orders: 2,
        withoutCost: 1,
        breaches: 0,
        cost: 1_009_000n,
        sold: 2_050_000n,
        margin: 16_000n,
      },
      {
        supplier: 'iak',
        orders: 2,
        withoutCost: 0,
        breaches: 0,
        cost: 2_010_000n,
        sold: 2_050_000n,
        margin: 40_000n,
      },
    ]);
    expect(formatMarginsReport(report).at(-1)).toMatch(
      /^total +orders +4 +cost +Rp 30\.190 +sold +Rp 41\.000 +margin +Rp 560/,
    );
  });

  it('counts a success above a bound, and shows a loss with a minus', async () => {
    const store = await storeWith(['R1', sale('R1', 1, 'iak', 1_030_000)]);
    const report = await marginsReport(store.readAll(), at(0), at(60));
    expect(report.suppliers[0]).toMatchObject({ breaches: 1, margin: -5_000n });
    expect(formatMarginsReport(report)[1]).toMatch(/margin +-Rp 50 +1 above a bound$/);
  });

  it('says so when nothing succeeded in the period', async () => {
    const store = await storeWith(['R1', sale('R1', 1, 'iak', 1_000_000)]);
    expect(formatMarginsReport(await marginsReport(store.readAll(), at(10), at(20)))).toEqual([
      `margins of orders succeeded from ${formatEventTime(at(10))} to ${formatEventTime(at(20))} (GMT+7)`,
      'no order succeeded in that period',
    ]);
  });
});
