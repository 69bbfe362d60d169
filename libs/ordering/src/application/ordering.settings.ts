/** What the ordering handlers need from the configuration (docs/architecture.md §6); the app provides it. */
export type OrderingSettings = {
  /** How long Create Order (and inquiry) waits for the supplier inside DANA's 8 s (KIOS_SUPPLIER_BUDGET_MS). */
  supplierBudgetMs: number;
  /** How long an inquiry can be used by Create Order (KIOS_INQUIRY_EXPIRY_MS). */
  inquiryValidityMs: number;
  /** How long the follow-up waits for a final supplier answer before asking an operator (KIOS_FULFILMENT_HORIZON_MS). */
  fulfilmentHorizonMs: number;
  /**
   * How long after the fulfilment was requested the supplier may still be asked about its reference
   * (KIOS_DIGIFLAZZ_RECHECK_HORIZON; Digiflazz makes a new transaction of a ref_id older than 90
   * days). Past it the follow-up asks nothing and flags the order. Absent: no such limit (the simulator).
   */
  supplierRefHorizonMs?: number;
};

export const ORDERING_SETTINGS = Symbol('ORDERING_SETTINGS');
