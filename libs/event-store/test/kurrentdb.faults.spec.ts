import { ConcurrencyError } from '../src';
import { KurrentDbEventStore } from '../src/kurrentdb.event-store';
import { FakeKurrentDb } from './kurrentdb.fake-server';

/**
 * The KurrentDB adapter when its server fails (issue 22, "Store faults"): an append whose call is
 * reset, before or after the server stored it, rejects rather than reporting success, and what the
 * server holds can be read back (Create Order reads the order back to tell the two apart); an
 * unreachable server rejects appends instead of leaving Create Order waiting.
 */
describe('KurrentDB adapter when the server fails (gRPC fake)', () => {
  describe.each([
    { server: 'a server with BatchAppend', batchAppend: true },
    { server: 'a server without server features (Append)', batchAppend: false },
  ])('against $server', ({ batchAppend }) => {
    let fake: FakeKurrentDb;
    let store: KurrentDbEventStore;
    let tests = 0;
    let stream: string;

    beforeAll(async () => {
      fake = await FakeKurrentDb.start({ batchAppend, firstCommitPosition: 100n, created: new Date() });
      store = KurrentDbEventStore.connect(fake.url, { reconnect: { initialDelayMs: 5, maxDelayMs: 20 } });
    });
    afterAll(async () => {
      await store.close();
      await fake.stop();
    });
    beforeEach(() => {
      stream = `order-fault-${++tests}`;
    });

    const typesIn = async (name: string) => (await store.readStream(name)).map((event) => event.type);

    it('rejects an append reset before the server stored it: nothing stored, and the next append goes through', async () => {
      fake.resetNextAppend('before-storing');

      await expect(store.append(stream, [{ type: 'OrderPlaced', data: {} }], 'no_stream')).rejects.toThrow();
      expect(await typesIn(stream)).toEqual([]);

      await store.append(stream, [{ type: 'OrderPlaced', data: {} }], 'no_stream');
      expect(await typesIn(stream)).toEqual(['OrderPlaced']);
    });

    it('rejects an append reset after the server stored it, and the stored event reads back', async () => {
      fake.resetNextAppend('after-storing');

      await expect(store.append(stream, [{ type: 'OrderPlaced', data: {} }], 'no_stream')).rejects.toThrow();
      expect(await typesIn(stream)).toEqual(['OrderPlaced']);
      // The client's retry under the same expectation meets the stored event, not a second copy.
      await expect(store.append(stream, [{ type: 'OrderPlaced', data: {} }], 'no_stream')).rejects.toThrow(
        ConcurrencyError,
      );
    });
  });

  it('rejects appends and reads when the server is unreachable', async () => {
    const gone = await FakeKurrentDb.start({
      batchAppend: true,
      firstCommitPosition: 1n,
      created: new Date(),
    });
    const url = gone.url;
    await gone.stop();
    const store = KurrentDbEventStore.connect(url, { reconnect: { initialDelayMs: 5, maxDelayMs: 20 } });
    try {
      await expect(
        store.append('order-unreachable', [{ type: 'OrderPlaced', data: {} }], 'no_stream'),
      ).rejects.toThrow();
      await expect(store.readStream('order-unreachable')).rejects.toThrow();
    } finally {
      await store.close();
    }
  }, 30_000);
});
