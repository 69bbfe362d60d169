import type { OrderTimeline, StateRow, TimelineEntry } from './order-timeline';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every piece of text on the page goes through here: event data comes from outside (DANA, suppliers). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

const STYLE = `
  :root { color-scheme: light; --line: #c9d2dc; --muted: #5b6675; }
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d2630; background: #f5f7fa; }
  header, main { max-width: 980px; margin: 0 auto; padding: 16px 24px; }
  header { border-bottom: 1px solid var(--line); background: #fff; max-width: none; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; }
  h3 { font-size: 16px; margin: 0; display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
  code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
  .muted { color: var(--muted); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; }
  dl > div { display: contents; } dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
  ol.timeline { list-style: none; margin: 0; padding: 0 0 0 28px; border-left: 3px solid var(--line); }
  ol.timeline > li { position: relative; margin: 0 0 18px; }
  ol.timeline > li::before { content: ""; position: absolute; left: -37px; top: 14px; width: 15px; height: 15px;
    border-radius: 50%; background: #fff; border: 3px solid #8795a8; }
  .card { background: #fff; border: 1px solid var(--line); border-left: 6px solid #8795a8; border-radius: 6px; padding: 10px 14px; }
  .when { font-weight: 600; margin-bottom: 4px; }
  .ids { margin: 8px 0 0; font-size: 13px; }
  .state { margin-top: 10px; padding: 8px 10px; background: #f0f3f7; border-radius: 4px; }
  .state h4 { margin: 0; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  .state .changed dt, .state .changed dd { font-weight: 600; }
  .status { font-weight: 700; }
  .tone-pending .card { border-left-color: #d39e00; } .tone-pending::before { border-color: #d39e00 !important; }
  .tone-warning .card { border-left-color: #e8590c; } .tone-warning::before { border-color: #e8590c !important; }
  .tone-success .card { border-left-color: #2b8a3e; } .tone-success::before { border-color: #2b8a3e !important; }
  .tone-failure .card { border-left-color: #c92a2a; } .tone-failure::before { border-color: #c92a2a !important; }
  .tone-callback-refused .card { border-left-color: #c92a2a; background: #fff5f5; }
  .tone-callback-refused::before { border-color: #c92a2a !important; }
  .tone-callback-delivered .card { border-left-color: #2b8a3e; background: #f4fbf5; }
  .tone-callback-abandoned .card { border-left-color: #862e9c; background: #faf0fc; }
  .reason { background: #ffe3e3; color: #8a1c1c; padding: 1px 4px; border-radius: 3px; font-weight: 600; }
  tr.outcome-not-accepted td, tr.outcome-abandoned td { background: #fff5f5; }
  tr.outcome-delivered td { background: #f4fbf5; }
  table.callbacks td:first-child { white-space: nowrap; }
  form.viewer { float: right; color: var(--muted); }
  form.action { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; }
`;

/** A labelled list; `key` (the raw property path) is the label's title, for finding it in `history --json`. */
function definitionList(
  rows: Array<{ key: string; label: string; value: string; className?: string }>,
): string {
  if (rows.length === 0) return '';
  const items = rows
    .map(({ key, label, value, className }) => {
      const attribute = className ? ` class="${className}"` : '';
      return (
        `<div${attribute}><dt title="${escapeHtml(key)}">${escapeHtml(label)}</dt>` +
        `<dd>${escapeHtml(value)}</dd></div>`
      );
    })
    .join('');
  return `<dl>${items}</dl>`;
}

function stateBlock(rows: StateRow[]): string {
  const changed = rows.filter((row) => row.changed || row.key === 'status');
  const list = (shown: StateRow[]) =>
    definitionList(shown.map((row) => ({ ...row, className: row.changed ? 'changed' : undefined })));
  return (
    `<div class="state"><h4>Order after this event</h4>${list(changed)}` +
    `<details><summary class="muted">full state</summary>${list(rows)}</details></div>`
  );
}

function entryItem(entry: TimelineEntry, index: number): string {
  const facts = entry.facts.filter((fact) => !(entry.callbackReason !== undefined && fact.key === 'reason'));
  const callbackReason =
    entry.callbackReason === undefined
      ? ''
      : `<p>Reason: <span class="reason">${escapeHtml(entry.callbackReason)}</span></p>`;
  return [
    `<li class="event tone-${entry.tone}" id="event-${index + 1}" data-type="${escapeHtml(entry.type)}">`,
    `<div class="when"><time datetime="${escapeHtml(entry.instant)}">${escapeHtml(entry.time)}</time></div>`,
    '<div class="card">',
    `<h3><span class="type">${escapeHtml(entry.type)}</span><code class="muted">${escapeHtml(entry.place)}</code></h3>`,
    callbackReason,
    definitionList(facts),
    `<p class="ids muted">correlation <code>${escapeHtml(entry.correlationId)}</code> · causation ` +
      `<code>${escapeHtml(entry.causationId)}</code> · event <code>${escapeHtml(entry.eventId)}</code></p>`,
    entry.stateAfter
      ? stateBlock(entry.stateAfter)
      : '<p class="muted">(inquiry stream: the order is unchanged)</p>',
    '</div></li>',
  ].join('');
}

function callbacksTable(timeline: OrderTimeline): string {
  if (timeline.callbacks.length === 0) {
    return '<p class="muted">No Order Complete Callback attempt recorded.</p>';
  }
  const rows = timeline.callbacks
    .map(
      (line) =>
        `<tr class="outcome-${line.outcome.replace(/ /g, '-')}"><td>${escapeHtml(line.time)}</td>` +
        `<td>${escapeHtml(line.attempt)}</td><td>${escapeHtml(line.outcome)}</td><td>${escapeHtml(line.detail)}</td></tr>`,
    )
    .join('');
  return `<table class="callbacks"><thead><tr><th>time (GMT+7)</th><th>attempt</th><th>outcome</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The order's inquiry in words, and a link to each of its events on the timeline. */
function inquirySection(timeline: OrderTimeline): string {
  const links = timeline.inquiry.entries
    .map((index) => {
      const entry = timeline.entries[index];
      return (
        `<li><a href="#event-${index + 1}">${escapeHtml(entry.type)}</a> ` +
        `<span class="muted">${escapeHtml(entry.time)}</span></li>`
      );
    })
    .join('');
  return (
    `<p class="inquiry">${escapeHtml(timeline.inquiry.summary)}</p>` + (links ? `<ul>${links}</ul>` : '')
  );
}

/** Who reads the page: an admin's session gets the action forms, carrying its CSRF token. */
export interface TimelineViewer {
  name: string;
  role: 'auditor' | 'admin';
  /** The session's CSRF token; undefined for the bearer token, which posts no form. */
  csrf?: string;
}

function hiddenCsrf(csrf: string): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">`;
}

/** Sign-out, for a signed-in viewer (a POST with the CSRF token, like every action). */
function viewerBar(viewer: TimelineViewer | undefined): string {
  if (!viewer?.csrf) return '';
  return (
    `<form class="viewer" method="post" action="/admin/sign-out">signed in as <b>${escapeHtml(viewer.name)}</b> ` +
    `(${escapeHtml(viewer.role)}) ${hiddenCsrf(viewer.csrf)}<button type="submit">Sign out</button></form>`
  );
}

/** The admin's forms for what the order's state allows: retry an abandoned callback, settle an order in flight. */
function actionForms(timeline: OrderTimeline, viewer: TimelineViewer | undefined): string {
  if (viewer?.role !== 'admin' || !viewer.csrf) return '';
  const base = `/admin/orders/${encodeURIComponent(timeline.requestId)}`;
  const forms: string[] = [];
  if (timeline.actions.retryCallback) {
    forms.push(
      `<form class="action" method="post" action="${escapeHtml(`${base}/callback/retry`)}">${hiddenCsrf(viewer.csrf)}` +
        '<button type="submit">Send the callback again</button></form>',
    );
  }
  if (timeline.actions.settle) {
    forms.push(
      `<form class="action" method="post" action="${escapeHtml(`${base}/settle`)}">${hiddenCsrf(viewer.csrf)}` +
        '<label>outcome <select name="outcome"><option value="succeeded">succeeded</option>' +
        '<option value="failed">failed</option></select></label> ' +
        '<label>serial number <input name="serialNumber"></label> <label>token <input name="token"></label> ' +
        '<label>reason (failed) <input name="reason"></label> ' +
        '<label>evidence <input name="evidence" required></label> <button type="submit">Settle</button></form>',
    );
  }
  return forms.length === 0 ? '' : `<h2>Actions</h2>${forms.join('')}`;
}

/**
 * The auditor's page for one order: its events as a vertical timeline, the order after each, every
 * callback attempt; `evidence`, when given, the HTML of its evidence block (order-evidence.page.ts);
 * `viewer`, who reads it (the sign-out button, and an admin's action forms).
 */
export function renderOrderTimelinePage(
  timeline: OrderTimeline,
  evidence = '',
  viewer?: TimelineViewer,
): string {
  const status = timeline.current.find((row) => row.key === 'status')?.value ?? 'unknown';
  const id = escapeHtml(timeline.requestId);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Order ${id} · kios timeline</title><style>${STYLE}</style></head><body>`,
    `<header>${viewerBar(viewer)}<h1>Order <code>${id}</code></h1>`,
    `<p class="muted">${timeline.entries.length} events in ${timeline.streams.map(escapeHtml).join(', ')} · ` +
      `times are GMT+7 · now <span class="status">${escapeHtml(status)}</span></p></header>`,
    '<main>',
    '<h2>Order now</h2>',
    definitionList(timeline.current),
    evidence,
    actionForms(timeline, viewer),
    '<h2>Inquiry</h2>',
    inquirySection(timeline),
    '<h2>Order Complete Callback attempts</h2>',
    callbacksTable(timeline),
    '<h2>Events, oldest first</h2>',
    `<ol class="timeline">${timeline.entries.map(entryItem).join('')}</ol>`,
    '</main></body></html>',
  ].join('\n');
}
