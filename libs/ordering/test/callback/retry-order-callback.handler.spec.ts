import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '@kios/event-store';
import {
  CallbackNotAbandoned,
  OrderNotFound,
  orderStream,
  RetryOrderCallback,
  RetryOrderCallbackHandler,
} from '@kios/ordering';
import {
  callbackAbandoned,
  REQUEST_ID,
  secondsAfterT0,
  succeededAfterPending,
} from '../order/order.builders';

async function given(events: { type: string; data: object }[]) {
  const clock = new FixedClock(secondsAfterT0(600));
  const store = new InMemoryEventStore({ clock });
  if (events.length > 0) {
    await store.append(
      orderStream(REQUEST_ID),
      events.map((event) => ({ type: event.type, data: JSON.parse(JSON.stringify(event.data)) })),
      'any',
    );
  }
  return { store, handler: new RetryOrderCallbackHandler(store, clock) };
}

describe('RetryOrderCallback handler', () => {
  it('records the retry request of an abandoned callback, caused by the operator’s command', async () => {
    const { store, handler } = await given([...succeededAfterPending(), callbackAbandoned()]);

    await handler.execute(new RetryOrderCallback(REQUEST_ID, 'kios-cli (ops)', 'cmd-1'));

    const events = await store.readStream(orderStream(REQUEST_ID));
    expect(events.at(-1)).toMatchObject({
      type: 'CallbackRetryRequested',
      data: {
        requestId: REQUEST_ID,
        requestedBy: 'kios-cli (ops)',
        requestedAt: secondsAfterT0(600).toISOString(),
      },
      metadata: { correlationId: 'cmd-1', causationId: 'cmd-1' },
    });
  });

  it('refuses an order kios does not know, and a callback that was not abandoned, appending nothing', async () => {
    const unknown = await given([]);
    await expect(
      unknown.handler.execute(new RetryOrderCallback(REQUEST_ID, 'ops', 'cmd-2')),
    ).rejects.toBeInstanceOf(OrderNotFound);

    const owed = await given(succeededAfterPending());
    await expect(
      owed.handler.execute(new RetryOrderCallback(REQUEST_ID, 'ops', 'cmd-3')),
    ).rejects.toBeInstanceOf(CallbackNotAbandoned);
    expect(await owed.store.readStream(orderStream(REQUEST_ID))).toHaveLength(succeededAfterPending().length);
  });
});
