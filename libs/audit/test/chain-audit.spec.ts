import { FixedClock } from '@kios/dana-protocol';
import { HashChainedEventStore, InMemoryEventStore } from '@kios/event-store';
import { chainSummary, formatChainBreaks, verifyAllChains, verifyOrderChains } from '../src/chain-audit';
import { REQUEST_ID, writeOrderStory } from '@kios/testing';

describe('chain audit', () => {
  let store: HashChainedEventStore;
  beforeEach(async () => {
    const clock = new FixedClock(new Date(0));
    store = new HashChainedEventStore(new InMemoryEventStore({ clock }));
    await writeOrderStory(store, clock);
  });
  afterEach(() => store.close());

  it('verifies an order’s and its inquiry’s streams', async () => {
    const report = await verifyOrderChains(store.underlying, REQUEST_ID);

    expect(report).toEqual({ eventCount: 7, streamCount: 2, breaks: [] });
    expect(chainSummary(report!)).toBe('verified 7 events in 2 streams: no break');
  });

  it('knows no order for an unknown requestId', async () => {
    expect(await verifyOrderChains(store.underlying, 'no-such-request')).toBeUndefined();
  });

  it('names an event written around the chain, in every stream of the store', async () => {
    await store.append('product-TSEL-10K', [{ type: 'ProductListed', data: {} }], 'no_stream');
    const { nextExpectedRevision } = await store.underlying.append(
      'product-TSEL-10K',
      [{ type: 'ProductDelisted', data: {} }],
      'any',
    );
    const [unchained] = await store.underlying.readStream('product-TSEL-10K', {
      fromRevision: nextExpectedRevision,
    });

    const report = await verifyAllChains(store.underlying);
    expect([report.eventCount, report.streamCount]).toEqual([9, 3]);
    expect(formatChainBreaks(report)).toEqual([
      `break in product-TSEL-10K at revision 1, event ${unchained.id}: missing hash; the event carries no hash`,
    ]);
    expect(chainSummary(report)).toBe('verified 9 events in 3 streams: 1 break');
  });

  it('sees no chain through the chained store itself, which hides it from readers', async () => {
    const report = await verifyOrderChains(store, REQUEST_ID);

    expect(report?.breaks.map((found) => found.problem)).toEqual(Array(7).fill('missing_hash'));
  });
});
