import { type OrderAnchoring, orderAnchoringVerdict } from '@kios/audit';
import { escapeHtml } from './order-timeline.page';

/**
 * The timeline page's evidence block (issue 21): "verified" when the order's streams' chains are
 * intact and an anchor covers every event, "verified, N events not yet anchored" while the newest
 * wait for the next anchor, and every break otherwise.
 */
export function evidenceSection(anchoring: OrderAnchoring): string {
  const broken = anchoring.breaks.length > 0;
  const colour = broken ? '#c92a2a' : anchoring.notYetAnchored > 0 ? '#d39e00' : '#2b8a3e';
  const breaks = broken
    ? `<ul class="breaks">${anchoring.breaks.map((line) => `<li><code>${escapeHtml(line)}</code></li>`).join('')}</ul>`
    : '';
  return (
    `<section class="evidence" id="evidence"><h2>Evidence</h2>` +
    `<p class="verdict" data-verdict="${broken ? 'broken' : 'verified'}" style="font-weight:700;color:${colour}">` +
    `${escapeHtml(orderAnchoringVerdict(anchoring))}</p>` +
    `<p class="muted">the hash chain of the order's streams, and the signed anchors of the log (kios-cli verify ${'&lt;requestId&gt;'})</p>` +
    `${breaks}</section>`
  );
}
