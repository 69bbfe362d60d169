import { formatRupiah, type Money } from '@kios/dana-protocol';
import type { Pricing, Product } from './product';
import { InvalidProductOffersError } from './product.errors';

/** Bill-priced products take their amount from the inquiry, so their catalog price may be 0. */
export function isAcceptablePrice(pricing: Pricing, price: Money): boolean {
  return pricing === 'bill' || price.minor > 0n;
}

/**
 * The rules of a product's offers, each problem naming the offer's field (`offers[1].maxCost ...`):
 * one supplier SKU appears once; a fixed-price product's offer has a maxCost above 0, in whole rupiah
 * (what suppliers take), and not above the price DANA pays kios (kios would sell at a loss); a
 * bill-priced product's offer has none, since a bill's cost is the bill, known only from the inquiry.
 */
export function offerProblems(product: Pick<Product, 'pricing' | 'price' | 'offers'>): string[] {
  const problems: string[] = [];
  const firstIndexOf = new Map<string, number>();
  product.offers.forEach((offer, index) => {
    const field = `offers[${index}]`;
    const key = JSON.stringify([offer.supplier, offer.sku]);
    const first = firstIndexOf.get(key);
    if (first === undefined) firstIndexOf.set(key, index);
    else problems.push(`${field} repeats offers[${first}] (supplier ${offer.supplier}, sku ${offer.sku})`);
    const { maxCost } = offer;
    if (product.pricing === 'bill') {
      if (maxCost !== undefined) {
        problems.push(`${field}.maxCost is for fixed-price products only: a bill's cost is the bill`);
      }
      return;
    }
    if (maxCost === undefined) problems.push(`${field}.maxCost is required for a fixed-price product`);
    else if (maxCost.minor <= 0n) problems.push(`${field}.maxCost.value must be above 0`);
    else if (maxCost.minor % 100n !== 0n) {
      problems.push(`${field}.maxCost.value must be whole rupiah (a multiple of 100 minor units)`);
    } else if (maxCost.minor > product.price.minor) {
      problems.push(
        `${field}.maxCost ${formatRupiah(maxCost)} is above the price ${formatRupiah(product.price)}: ` +
          'kios would sell at a loss',
      );
    }
  });
  return problems;
}

/** Throws InvalidProductOffersError naming every problem of the product's offers. */
export function checkOffers(product: Pick<Product, 'productId' | 'pricing' | 'price' | 'offers'>): void {
  const problems = offerProblems(product);
  if (problems.length > 0) throw new InvalidProductOffersError(product.productId, problems);
}
