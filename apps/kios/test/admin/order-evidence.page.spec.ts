import type { OrderAnchoring } from '@kios/audit';
import { evidenceSection } from '../../src/admin/order-evidence.page';

const chain = { eventCount: 7, streamCount: 2, breaks: [] };
const verdictOf = (html: string) =>
  /<p class="verdict" data-verdict="(\w+)"[^>]*>([^<]*)<\/p>/.exec(html)!.slice(1);

describe("the timeline page's evidence block", () => {
  it('says "verified" when the chains are intact and an anchor covers every event', () => {
    const anchoring: OrderAnchoring = { chain, breaks: [], notYetAnchored: 0 };
    expect(verdictOf(evidenceSection(anchoring))).toEqual(['verified', 'verified']);
  });

  it('says how many events wait for the next anchor', () => {
    const anchoring: OrderAnchoring = { chain, breaks: [], notYetAnchored: 3 };
    expect(verdictOf(evidenceSection(anchoring))).toEqual([
      'verified',
      'verified, 3 events not yet anchored',
    ]);
  });

  it('lists every break, escaped', () => {
    const anchoring: OrderAnchoring = {
      chain,
      breaks: ['break: stream order-<x> is missing', 'break: anchor #0 in the store: signature invalid'],
      notYetAnchored: 0,
    };
    const html = evidenceSection(anchoring);
    expect(verdictOf(html)).toEqual(['broken', '2 breaks']);
    expect(html).toContain('<li><code>break: stream order-&lt;x&gt; is missing</code></li>');
    expect(html).toContain('<li><code>break: anchor #0 in the store: signature invalid</code></li>');
  });
});
