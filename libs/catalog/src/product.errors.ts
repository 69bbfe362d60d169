/** Changing or delisting a product that was never listed. */
export class ProductNotListedError extends Error {
  override readonly name = 'ProductNotListedError';
  constructor(readonly productId: string) {
    super(`product ${productId} is not listed`);
  }
}

/**
 * A delisted product is DISCONTINUE at DANA, which only DANA's team can undo (docs/dana-protocol.md §4.3), so kios
 * accepts no change to it, relisting included; a product that comes back needs a new productId.
 */
export class ProductDelistedError extends Error {
  override readonly name = 'ProductDelistedError';
  constructor(readonly productId: string) {
    super(`product ${productId} is delisted and accepts no change; list it under a new productId`);
  }
}

/**
 * DANA keys a product by productId and files it under its type and provider (docs/dana-protocol.md §3.1), so only
 * price, availability and offers may change once a product is listed.
 */
export class ProductDefinitionChangedError extends Error {
  override readonly name = 'ProductDefinitionChangedError';
  constructor(
    readonly productId: string,
    readonly fields: string[],
  ) {
    super(
      `product ${productId}: ${fields.join(', ')} cannot change once listed ` +
        `(only price, availability and offers can); list it under a new productId`,
    );
  }
}

/** A fixed-price product sells at its catalog price, so that price must be above zero. */
export class InvalidProductPriceError extends Error {
  override readonly name = 'InvalidProductPriceError';
  constructor(readonly productId: string) {
    super(`product ${productId}: a fixed-price product needs a price above 0`);
  }
}

/** Offers a product cannot have (`offerProblems` in offer-rules.ts names each). */
export class InvalidProductOffersError extends Error {
  override readonly name = 'InvalidProductOffersError';
  constructor(
    readonly productId: string,
    readonly problems: string[],
  ) {
    super(`product ${productId}: ${problems.join('; ')}`);
  }
}
