/** IAK's prepaid API behind the Supplier port (docs/iak.md): what the rest of kios may use. */
export { IakCallError, IakInquiryUnusable, IakSupplier, type IakPriceListEntry } from './iak.supplier';
export { IAK_SUPPLIER_NAME, iakOfferOf, iakProductCodeFromOffers } from './iak-offers';
export { assertIakRef, IAK_DEFAULTS, IAK_REF_ID, UnfitIakRef, type IakSettings } from './iak-settings';
export {
  IAK_RESPONSE_CODES,
  iakStatusOf,
  isIakTransactionFailure,
  outcomeOfIakRc,
  type IakCallKind,
  type IakRcEntry,
  type IakRcOutcome,
  type IakStatus,
} from './iak-codes';
export { iakAmountToMinor, InvalidIakAmount } from './iak-money';
export { iakBalanceSign, iakPriceListSign, iakTransactionSign, verifyIakSign } from './iak-signature';
export { readIakAnswer, type IakAnswer } from './iak-answer';
export {
  outcomeOfIakCallback,
  parseIakCallback,
  type IakCallback,
  type ParsedIakCallback,
} from './iak-callback';
export { IakAccount, iakQuoteOf, type IakAccountCalls } from './iak-account';
