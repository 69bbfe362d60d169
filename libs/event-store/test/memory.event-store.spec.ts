import { FixedClock } from '@kios/dana-protocol';
import { InMemoryEventStore } from '../src';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('in-memory', async () => new InMemoryEventStore());

describe('in-memory event store', () => {
  it('records the time its clock gives', async () => {
    const clock = new FixedClock(new Date('2025-01-15T03:00:00Z'));
    const store = new InMemoryEventStore({ clock });
    await store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'no_stream');

    const [read] = await store.readStream('order-1');
    expect(read.recordedAt.toISOString()).toBe('2025-01-15T03:00:00.000Z');
  });

  it('hands out copies, so a caller mutating an event cannot change the store', async () => {
    const store = new InMemoryEventStore();
    const data = { items: ['pulsa'] };
    await store.append('order-1', [{ type: 'OrderPlaced', data }], 'no_stream');
    data.items.push('changed after append');
    const [first] = await store.readStream('order-1');
    (first.data.items as string[]).push('changed after read');

    const [again] = await store.readStream('order-1');
    expect(again.data).toEqual({ items: ['pulsa'] });
  });

  it('refuses to be used after close', async () => {
    const store = new InMemoryEventStore();
    await store.close();

    await expect(store.append('order-1', [{ type: 'OrderPlaced', data: {} }], 'any')).rejects.toThrow(
      /closed/,
    );
  });
});
