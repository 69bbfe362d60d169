import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import {
  OrderAlreadyFinal,
  OrderNotFound,
  orderStream,
  SettleOrder,
  SettleOrderHandler,
  SettlementIncomplete,
} from '@kios/ordering';
import {
  answeredPending,
  REQUEST_ID,
  requested,
  secondsAfterT0,
  succeededAfterPending,
} from '../order/order.builders';

const NOW = secondsAfterT0(7 * 86_400);
const EVIDENCE = 'Digiflazz mutasi: KIOS-… Sukses SN 0412999988887777';

async function given(events: { type: string; data: object }[]) {
  const clock = new FixedClock(NOW);
  const store = new InMemoryEventStore({ clock });
  if (events.length > 0) {
    await store.append(
      orderStream(REQUEST_ID),
      events.map((event) => ({ type: event.type, data: JSON.parse(JSON.stringify(event.data)) })),
      'any',
    );
  }
  return { store, handler: new SettleOrderHandler(store, clock) };
}

const succeeded = { status: 'succeeded', serialNumber: '0412999988887777' } as const;

describe('SettleOrder handler', () => {
  it('records the settlement and its outcome in one append, caused by the operator’s command, and says a callback is owed', async () => {
    const { store, handler } = await given(answeredPending());

    const result = await handler.execute(
      new SettleOrder(REQUEST_ID, succeeded, 'kios-cli (siti)', EVIDENCE, 'cmd-1'),
    );

    expect(result).toEqual({ status: 'succeeded', callbackOwed: true });
    const written = (await store.readStream(orderStream(REQUEST_ID))).slice(answeredPending().length);
    expect(written).toMatchObject([
      {
        type: 'FulfilmentSettledByOperator',
        data: {
          requestId: REQUEST_ID,
          settledBy: 'kios-cli (siti)',
          decision: 'succeeded',
          evidence: EVIDENCE,
          settledAt: NOW.toISOString(),
        },
        metadata: { correlationId: 'cmd-1', causationId: 'cmd-1' },
      },
      {
        type: 'OrderSucceeded',
        data: { serialNumber: '0412999988887777', succeededAt: NOW.toISOString() },
        metadata: { correlationId: 'cmd-1', causationId: 'cmd-1' },
      },
    ]);
  });

  it('says no callback is owed for an order DANA was never answered PENDING (it reads the status itself)', async () => {
    const { handler } = await given(requested());
    const failed = { status: 'failed', reason: 'no transaction at the supplier' } as const;

    await expect(
      handler.execute(new SettleOrder(REQUEST_ID, failed, 'kios-cli (siti)', EVIDENCE, 'cmd-2')),
    ).resolves.toEqual({ status: 'failed', callbackOwed: false });
  });

  it('refuses an unknown order, a final one and one without evidence, appending nothing', async () => {
    const unknown = await given([]);
    await expect(
      unknown.handler.execute(new SettleOrder(REQUEST_ID, succeeded, 'ops', EVIDENCE, 'cmd-3')),
    ).rejects.toBeInstanceOf(OrderNotFound);
    expect(await unknown.store.readStream(orderStream(REQUEST_ID))).toHaveLength(0);

    const final = await given(succeededAfterPending());
    await expect(
      final.handler.execute(new SettleOrder(REQUEST_ID, succeeded, 'ops', EVIDENCE, 'cmd-4')),
    ).rejects.toBeInstanceOf(OrderAlreadyFinal);
    expect(await final.store.readStream(orderStream(REQUEST_ID))).toHaveLength(
      succeededAfterPending().length,
    );

    const unproven = await given(answeredPending());
    await expect(
      unproven.handler.execute(new SettleOrder(REQUEST_ID, succeeded, 'ops', '', 'cmd-5')),
    ).rejects.toBeInstanceOf(SettlementIncomplete);
    expect(await unproven.store.readStream(orderStream(REQUEST_ID))).toHaveLength(answeredPending().length);
  });
});
