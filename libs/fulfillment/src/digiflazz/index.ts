/** Digiflazz behind the Supplier port (docs/digiflazz.md): what the rest of kios may use. */
export { DigiflazzSupplier } from './digiflazz.supplier';
export {
  DIGIFLAZZ_SUPPLIER_NAME,
  digiflazzMaxPriceFromOffers,
  digiflazzOfferOf,
  digiflazzSkuFromOffers,
} from './digiflazz-offers';
export {
  assertDigiflazzRef,
  DIGIFLAZZ_DEFAULTS,
  DIGIFLAZZ_REF_HORIZON_MS,
  DIGIFLAZZ_REF_ID,
  UnfitDigiflazzRef,
  type DigiflazzSettings,
} from './digiflazz-settings';
export { DIGIFLAZZ_RESPONSE_CODES, outcomeOfRc, type RcEntry, type RcOutcome } from './digiflazz-codes';
export { InvalidRupiah, minorToRupiah, NotWholeRupiah, rupiahToMinor } from './digiflazz-money';
export { DigiflazzCallError, type TransportFailure } from './digiflazz-client';
export { DigiflazzInquiryUnusable } from './digiflazz-bill';
export type {
  DigiflazzPriceListCmd,
  DigiflazzPriceListEntry,
  DigiflazzPriceListSnapshot,
} from './digiflazz-price-list';
export type { TransactionAnswer } from './digiflazz-transaction';
export {
  outcomeOfDigiflazzWebhook,
  parseDigiflazzWebhook,
  verifyDigiflazzWebhook,
  type DigiflazzWebhook,
  type DigiflazzWebhookEvent,
  type ParsedDigiflazzWebhook,
  type WebhookHeaders,
} from './digiflazz-webhook';
