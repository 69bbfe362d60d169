import { ORDER_INDEX_STATUSES } from '@kios/projections';
import type { OrderListEntry, OrderSearchText } from '@kios/audit';
import { escapeHtml } from './order-timeline.page';

const STYLE = `
  :root { color-scheme: light; --line: #c9d2dc; --muted: #5b6675; }
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d2630; background: #f5f7fa; }
  header, main { max-width: 1180px; margin: 0 auto; padding: 16px 24px; }
  header { border-bottom: 1px solid var(--line); background: #fff; max-width: none; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
  .muted { color: var(--muted); }
  form { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 14px; align-items: end;
    background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
  label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 2px; }
  input, select { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; color: #1d2630; }
  button { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid #1c5fb0; background: #1c7ed6; color: #fff; }
  table { border-collapse: collapse; width: 100%; background: #fff; margin-top: 16px; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
  td.money { text-align: right; white-space: nowrap; }
  .status-succeeded { color: #2b8a3e; font-weight: 600; } .status-failed { color: #c92a2a; font-weight: 600; }
  .status-pending, .status-requested, .status-in_doubt { color: #b26b00; font-weight: 600; }
  nav.pages { margin: 14px 0; }
`;

/** The search as the page shows it back: what was asked, the page of orders found, a link to the next. */
export interface OrderSearchPage {
  asked: OrderSearchText;
  orders: OrderListEntry[];
  /** The query string of the next page; undefined on the last. */
  nextQuery?: string;
}

const timelinePath = (requestId: string) => `/admin/orders/${encodeURIComponent(requestId)}/timeline`;

function field(name: keyof OrderSearchText, label: string, asked: OrderSearchText, placeholder = ''): string {
  const value = asked[name] ?? '';
  return (
    `<label>${escapeHtml(label)}<input name="${name}" value="${escapeHtml(value)}"` +
    (placeholder ? ` placeholder="${escapeHtml(placeholder)}"` : '') +
    '></label>'
  );
}

function statusField(asked: OrderSearchText): string {
  const options = ['', ...ORDER_INDEX_STATUSES]
    .map((status) => {
      const selected = asked.status === status ? ' selected' : '';
      return `<option value="${escapeHtml(status)}"${selected}>${escapeHtml(status || 'any')}</option>`;
    })
    .join('');
  return `<label>status<select name="status">${options}</select></label>`;
}

function searchForm(asked: OrderSearchText): string {
  return [
    '<form method="get" action="/admin/orders">',
    field('requestId', 'requestId', asked),
    field('orderId', 'orderId', asked),
    field('destination', 'destination', asked, '0812…, meter, customer id'),
    field('product', 'product', asked, 'TSEL-10K'),
    statusField(asked),
    field('from', 'from (GMT+7)', asked, '2025-01-15 or 2025-01-15T10:00'),
    field('to', 'to (GMT+7)', asked, '2025-01-31'),
    field('limit', 'per page', asked, '50'),
    '<button type="submit">Find orders</button>',
    '</form>',
  ].join('');
}

function orderRow(order: OrderListEntry): string {
  const cell = (text: string | null) => `<td>${escapeHtml(text ?? '-')}</td>`;
  return [
    '<tr>',
    `<td><a href="${escapeHtml(timelinePath(order.requestId))}"><code>${escapeHtml(order.requestId)}</code></a></td>`,
    cell(order.orderId),
    cell(order.createdAt),
    `<td>${escapeHtml(order.productId)}<br><span class="muted">${escapeHtml(order.productName ?? '')}</span></td>`,
    `<td class="mono destination">${escapeHtml(order.destination)}</td>`,
    `<td class="money">${escapeHtml(order.priceMinor)}</td>`,
    `<td class="status-${escapeHtml(order.status)}">${escapeHtml(order.status)}</td>`,
    cell(order.supplier),
    cell(order.settledAt),
    '</tr>',
  ].join('');
}

function results(page: OrderSearchPage): string {
  if (page.orders.length === 0) return '<p class="muted">No order matches.</p>';
  const head =
    '<tr><th>requestId</th><th>orderId</th><th>created (GMT+7)</th><th>product</th><th>destination</th>' +
    '<th>price (minor units)</th><th>status</th><th>supplier</th><th>settled (GMT+7)</th></tr>';
  const next =
    page.nextQuery === undefined
      ? '<p class="muted">Last page.</p>'
      : `<nav class="pages"><a rel="next" href="/admin/orders?${escapeHtml(page.nextQuery)}">Next page</a></nav>`;
  return `<table class="orders"><thead>${head}</thead><tbody>${page.orders.map(orderRow).join('')}</tbody></table>${next}`;
}

/** The auditor's order search: a form, the orders found (destinations masked), each linking to its timeline. */
export function renderOrderSearchPage(page: OrderSearchPage): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Orders · kios</title><style>${STYLE}</style></head><body>`,
    '<header><h1>Find an order</h1>',
    '<p class="muted">Newest first · times are GMT+7 · destinations are masked here and shown in full on the order&#39;s timeline</p></header>',
    '<main>',
    searchForm(page.asked),
    results(page),
    '</main></body></html>',
  ].join('\n');
}
