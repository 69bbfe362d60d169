/**
 * What a person reads for each property an order's events (and its inquiry's) carry, and for each
 * line of the order's state, on the timeline page: one table, keyed by the property's path with
 * array indices left out (`product.offers.sku` for `product.offers[1].sku`). The raw path stays on
 * the page as the label's title, so an auditor can still find the field in `history --json`.
 * test: apps/kios/test/admin/field-labels.spec.ts proves every property the decoders accept has one.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  // Who and what
  requestId: "DANA's request ID",
  orderId: 'Order ID',
  productId: 'Product',
  inquiryId: 'Inquiry ID',
  destination: 'Destination',
  'destination.primaryParam': 'Destination',
  'destination.secondaryParam': 'Destination zone',
  customerName: 'Customer name',
  status: 'Status',
  // The product as the catalog had it when the order was placed
  'product.productId': 'Product ID',
  'product.type': 'Product type',
  'product.provider': 'Provider',
  'product.name': 'Product name',
  'product.module': 'Product module',
  'product.price': 'Catalog price',
  'product.available': 'Available in the catalog',
  'product.destination.kind': 'Destination kind',
  'product.destination.zone': 'Destination has a zone',
  'product.pricing': 'Pricing',
  'product.delivery': 'Delivers',
  'product.offers.supplier': 'Offer supplier',
  'product.offers.sku': "Offer supplier's product code",
  'product.offers.maxCost': 'Offer maximum cost',
  'product.offers.priority': 'Offer priority',
  // Money
  price: "DANA's price",
  bill: 'Bill',
  'billAmounts.baseAmount': 'Bill amount',
  'billAmounts.adminFee': 'Admin fee',
  'billAmounts.fineAmount': 'Fine',
  'amounts.baseAmount': 'Bill amount',
  'amounts.adminFee': 'Admin fee',
  'amounts.fineAmount': 'Fine',
  'amounts.totalAmount': 'Total to pay',
  cost: "Supplier's cost",
  costBreach: 'Cost over the limit',
  dueDate: 'Due date',
  period: 'Billing period',
  // The supplier
  supplier: 'Supplier',
  sku: "Supplier's product code",
  supplierRef: 'Supplier reference',
  attempt: 'Attempt',
  nothingSent: 'Nothing sent to the supplier',
  serialNumber: 'Serial number',
  token: 'Token',
  rc: "Supplier's response code",
  message: "Supplier's message",
  // Outcomes and reasons
  code: 'Failure code',
  reason: 'Reason',
  failure: 'Failure',
  answeredPending: 'DANA was answered PENDING',
  callback: 'Order Complete Callback',
  requestedBy: 'Requested by',
  settledBy: 'Settled by',
  decision: 'Decision',
  evidence: 'Evidence',
  // When
  placedAt: 'Placed at',
  requestedAt: 'Requested at',
  markedPendingAt: 'Answered PENDING at',
  succeededAt: 'Succeeded at',
  failedAt: 'Failed at',
  inDoubtAt: 'In doubt since',
  flaggedAt: 'Flagged at',
  attemptedAt: 'Attempted at',
  nextAttemptAt: 'Next attempt at',
  deliveredAt: 'Delivered at',
  abandonedAt: 'Abandoned at',
  reversedAt: 'Reversed at',
  settledAt: 'Settled at',
  recordedAt: 'Recorded at',
  expiresAt: 'Expires at',
  consumedAt: 'Used by the order at',
  createdAt: 'Created at',
  modifiedAt: 'Last changed at',
};

const INDEX = /\[(\d+)\]/g;

/**
 * The label of a property path as an event's facts or the order's state name it (`price`,
 * `destination.primaryParam`, `period[1]`): from FIELD_LABELS, else the path in words
 * (`destination.customerNumber` → "Destination customer number"); an item of a list is numbered
 * after its label ("Billing period 2").
 */
export function fieldLabel(path: string): string {
  const positions = [...path.matchAll(INDEX)].map((match) => Number(match[1]) + 1);
  const key = path.replace(INDEX, '');
  const label = FIELD_LABELS[key] ?? humanisedPath(key);
  return positions.length === 0 ? label : `${label} ${positions.join('.')}`;
}

/** `destination.customerNumber` → "Destination customer number": for a property no label names yet. */
export function humanisedPath(path: string): string {
  const words = path
    .split('.')
    .flatMap((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/))
    .filter((word) => word !== '')
    .map((word) => (/^[A-Z0-9]+$/.test(word) && word.length > 1 ? word : word.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
