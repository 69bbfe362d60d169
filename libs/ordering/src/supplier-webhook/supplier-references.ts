/**
 * Which order kios sent to its supplier under a reference. A supplier's webhook names an order only
 * by that reference (a hash of the requestId: supplierReferenceFor), so the app provides the lookup
 * from the `order_detail` read model (libs/projections), which may lag the order streams.
 */
export interface SupplierReferences {
  requestIdBySupplierRef(supplierRef: string): Promise<string | undefined>;
}

export const SUPPLIER_REFERENCES = Symbol('SUPPLIER_REFERENCES');

/** How the webhook handler waits for the read model to catch up on a reference it does not know yet. */
export type SupplierWebhookSettings = {
  /** The pauses between lookups of an unknown reference; their sum is the longest wait. */
  refLookupPausesMs: readonly number[];
};

export const SUPPLIER_WEBHOOK_SETTINGS = Symbol('SUPPLIER_WEBHOOK_SETTINGS');

/**
 * About one second in all: the order_detail projection follows the event store within milliseconds,
 * and a webhook comes after kios's own call under the reference (FulfilmentRequested is stored before
 * it), so a reference still unknown after that is not kios's — or kios's follow-up settles the order
 * by its status checks anyway.
 */
export const DEFAULT_SUPPLIER_WEBHOOK_SETTINGS: SupplierWebhookSettings = {
  refLookupPausesMs: [50, 100, 200, 300, 350],
};
