/** What the ordering handlers need from the configuration (docs/architecture.md §6); the app provides it. */
export type OrderingSettings = {
  /** How long Create Order (and inquiry) waits for the supplier inside DANA's 8 s (KIOS_SUPPLIER_BUDGET_MS). */
  supplierBudgetMs: number;
  /** How long an inquiry can be used by Create Order (KIOS_INQUIRY_EXPIRY_MS). */
  inquiryValidityMs: number;
  /** How long the follow-up waits for a final supplier answer before asking an operator (KIOS_FULFILMENT_HORIZON_MS). */
  fulfilmentHorizonMs: number;
};

export const ORDERING_SETTINGS = Symbol('ORDERING_SETTINGS');
