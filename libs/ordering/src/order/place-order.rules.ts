import type { BillAmounts, Destination } from '@kios/fulfillment';
import type { PlaceOrder } from './order.commands';
import type { OrderFailure } from './order.state';

/**
 * Create Order's verdict: refused with a reason DANA can act on, or accepted with the canonical
 * destination to send the supplier and, for bill-priced products, the bill the price came from and
 * the reference the supplier inquired it under, if it did (the order pays under that one).
 */
export type Placement =
  | { accepted: false; failure: OrderFailure }
  | { accepted: true; destination: Destination; billAmounts?: BillAmounts; inquiredRef?: string };

const refuse = (code: OrderFailure['code'], reason: string): Placement => ({
  accepted: false,
  failure: { code, reason },
});

/**
 * Create Order's checks (docs/architecture.md §4 step 2), first failure wins: the product is sold and
 * available, the destination fits it, and DANA charged the product's price (fixed pricing) or
 * the total of a usable inquiry for this product and destination (bill pricing).
 */
export function placement(data: PlaceOrder['data']): Placement {
  const { product: catalog, productId } = data;
  if (catalog.status === 'unlisted')
    return refuse('product_not_found', `product ${productId} is not in the catalog`);
  if (catalog.status === 'delisted')
    return refuse('product_delisted', `product ${productId} is no longer sold`);
  const { product } = catalog;
  if (!product.available)
    return refuse('product_unavailable', `product ${productId} is not available at the moment`);
  const { destinationCheck } = data;
  if (!destinationCheck.ok)
    return refuse('invalid_destination', `invalid destination: ${destinationCheck.reason}`);
  const { destination } = destinationCheck;
  if (product.pricing === 'fixed') {
    if (data.danaSellingPrice.minor === product.price.minor) return { accepted: true, destination };
    return refuse(
      'price_mismatch',
      `danaSellingPrice ${data.danaSellingPrice.minor} does not match the product price ${product.price.minor}`,
    );
  }
  if (data.inquiry?.check === undefined) {
    return refuse(
      'inquiry_rejected',
      `product ${productId} is priced by its bill: Create Order needs the inquiryId of a Destination Inquiry in extendInfo`,
    );
  }
  const { check } = data.inquiry;
  if (!check.ok) return refuse('inquiry_rejected', check.reason);
  const { amounts, supplierRef } = check.inquiry;
  return {
    accepted: true,
    destination,
    billAmounts: amounts,
    ...(supplierRef === undefined ? {} : { inquiredRef: supplierRef }),
  };
}
