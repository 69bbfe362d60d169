import { renderOrderSearchPage } from '../../src/admin/order-search.page';

const hostile = '<script>alert(1)</script>';

const order = {
  requestId: 'REQ-"1"',
  orderId: 'ORD-1',
  productId: 'TSEL-10K',
  productName: hostile,
  module: 'telco' as const,
  destination: '********0123',
  priceMinor: '1025000',
  status: 'succeeded' as const,
  inquiryId: null,
  supplier: null,
  supplierRef: 'KIOS-1',
  supplierCostMinor: null,
  createdAt: '2025-01-15T10:06:10+07:00',
  settledAt: '2025-01-15T10:06:11+07:00',
};

describe('the order search page', () => {
  it('shows back what was asked, the orders found and their timeline links, every value escaped', () => {
    const page = renderOrderSearchPage({
      asked: { destination: hostile, status: 'succeeded' },
      orders: [order],
      nextQuery: 'destination=x&cursor=abc',
    });

    expect(page).not.toContain('<script');
    expect(page).toContain('<input name="destination" value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('<option value="succeeded" selected>succeeded</option>');
    expect(page).toContain('<a href="/admin/orders/REQ-%221%22/timeline"><code>REQ-&quot;1&quot;</code></a>');
    expect(page).toContain('<td class="mono destination">********0123</td>');
    expect(page).toContain('<a rel="next" href="/admin/orders?destination=x&amp;cursor=abc">Next page</a>');
  });

  it('says when nothing matches, and when a page is the last', () => {
    expect(renderOrderSearchPage({ asked: {}, orders: [] })).toContain('No order matches.');
    expect(renderOrderSearchPage({ asked: {}, orders: [order] })).toContain('Last page.');
  });
});
