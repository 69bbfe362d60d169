/** supplier-sim as a library, for other tests: start it in-process or as a child process, sign like a buyer. */
export {
  startSupplierSim,
  SupplierSim,
  SUPPLIER_SIM_DEFAULTS,
  type SupplierSimOptions,
} from './supplier-sim';
export { SupplierSimProcess, type SupplierSimProcessOptions } from './supplier-sim-process';
export { depositSign, priceListSign, transactionSign, webhookSignature } from './protocol/signatures';
export { RESPONSE_CODES, type Rc } from './protocol/response-codes';
export { SANDBOX_NUMBERS, SUFFIX_SCENARIOS } from './purchase/scenario';
export { DEFAULT_SEED, type Seed, type PrepaidProduct, type PostpaidProduct } from './catalog/price-list';
export type { Modes } from './control/modes';
export type { RequestLogEntry } from './control/request-log';
export type { Transaction, TransactionData } from './purchase/transaction-book';
export type { WebhookDelivery } from './webhooks/webhook-sender';
