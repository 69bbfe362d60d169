import { Logger } from '@nestjs/common';
import { FollowUpFulfilment, OrderNotStored, OrderPlacementInDoubt } from '@kios/ordering';
import { FaultyEventStore } from './faulty-event-store';
import { orderingFixture } from './ordering.fixture';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

/** Create Order when the event store fails (issue 22, "Store faults"): never SUCCESS without a stored event. */
describe('Create Order when the event store fails', () => {
  const faultyFixture = async () => {
    let faulty!: FaultyEventStore;
    const kios = await orderingFixture({
      storeSeenByHandlers: (store) => (faulty = new FaultyEventStore(store)),
    });
    const followUp = (requestId: string) =>
      kios.followUpHandler.execute(
        new FollowUpFulfilment(requestId, { correlationId: 'follow-up', causationId: 'test' }),
      );
    return { ...kios, faulty, followUp };
  };

  it('given OrderPlaced refused by the store, when Create Order, then not stored, nothing bought, and a retry is a new attempt', async () => {
    const kios = await faultyFixture();
    kios.faulty.failAppends('refused');

    await expect(kios.createOrder({ requestId: 'REQ-FULL' })).rejects.toThrow(OrderNotStored);
    expect(await kios.orderEventTypes('REQ-FULL')).toEqual([]);
    expect(kios.purchases).not.toHaveBeenCalled();

    kios.faulty.heal();
    await expect(kios.createOrder({ requestId: 'REQ-FULL' })).resolves.toMatchObject({ status: 'SUCCESS' });
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('given the append lost after its commit, when Create Order, then the stored order is answered PENDING and the follow-up buys it once', async () => {
    const kios = await faultyFixture();
    kios.faulty.failAppends('lost-after-commit', { times: 1 });

    await expect(kios.createOrder({ requestId: 'REQ-LOST' })).resolves.toMatchObject({ status: 'PENDING' });
    expect(kios.purchases).not.toHaveBeenCalled();
    // DANA heard PENDING: the order owes it a callback.
    expect(await kios.orderEventTypes('REQ-LOST')).toEqual([
      'OrderPlaced',
      'FulfilmentRequested',
      'OrderMarkedPending',
    ]);

    await kios.followUp('REQ-LOST');
    expect((await kios.orderEventTypes('REQ-LOST')).at(-1)).toBe('OrderSucceeded');
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('given the append failed and the order cannot be read back, when Create Order, then it is in doubt, not failed', async () => {
    const kios = await faultyFixture();
    kios.faulty.failAppends('lost-after-commit', { thenReadsFail: true });

    await expect(kios.createOrder({ requestId: 'REQ-DOUBT' })).rejects.toThrow(OrderPlacementInDoubt);
    expect(kios.purchases).not.toHaveBeenCalled();

    kios.faulty.heal();
    await expect(kios.createOrder({ requestId: 'REQ-DOUBT' })).resolves.toMatchObject({ status: 'PENDING' });
    await kios.followUp('REQ-DOUBT');
    expect((await kios.orderEventTypes('REQ-DOUBT')).at(-1)).toBe('OrderSucceeded');
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('given the store unreadable from the start, when Create Order, then it is in doubt: an earlier attempt may have placed it', async () => {
    const kios = await faultyFixture();
    await kios.createOrder({ requestId: 'REQ-EARLIER' });
    kios.faulty.failReads();

    await expect(kios.createOrder({ requestId: 'REQ-EARLIER' })).rejects.toThrow(OrderPlacementInDoubt);
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it("given OrderPlaced stored and the supplier's answer refused by the store, when Create Order, then PENDING, and the follow-up records the answer without buying again", async () => {
    const kios = await faultyFixture();
    kios.faulty.failAppends('refused', { after: 1 });

    await expect(kios.createOrder({ requestId: 'REQ-LATE' })).resolves.toMatchObject({ status: 'PENDING' });
    expect(kios.purchases).toHaveBeenCalledTimes(1);
    expect(await kios.orderEventTypes('REQ-LATE')).toEqual(['OrderPlaced', 'FulfilmentRequested']);

    kios.faulty.heal();
    await kios.followUp('REQ-LATE');
    expect((await kios.orderEventTypes('REQ-LATE')).at(-1)).toBe('OrderSucceeded');
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });
});
