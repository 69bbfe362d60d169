import { Injectable } from '@nestjs/common';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** DANA waits 8 s for Create Order and Destination Inquiry (docs/dana-protocol.md §3.2, §3.3), 15 s for the others. */
const REQUEST_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 6, 8, 15];
const APPEND_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The metrics kios pushes as things happen, in a registry of its own (not prom-client's global one,
 * so two apps in one test process do not share counts). Values read at scrape time (orders by
 * status, projection lag) are registered by ReadModelGauges.
 */
@Injectable()
export class KiosMetrics {
  readonly registry = new Registry();
  /** The worker process's metrics, in the JSON form of getMetricsAsJSON (WorkerProcess); none without one. */
  private workerMetrics?: () => Promise<object[] | undefined>;

  /** `_count` is the number of requests; `outcome` is the business status or the error's resultCode. */
  readonly danaRequests = new Histogram({
    name: 'kios_dana_request_duration_seconds',
    help: 'DANA requests served, by DANA function, HTTP status class and outcome',
    labelNames: ['function', 'status_class', 'outcome'] as const,
    buckets: REQUEST_SECONDS,
    registers: [this.registry],
  });

  /** What the replay window found (KIOS_REQ_TIME_WINDOW_MS): counted whether or not the request is refused. */
  readonly danaRequestFreshness = new Counter({
    name: 'kios_dana_request_freshness_total',
    help: 'DANA requests with a reqTime outside the window (stale) or a reqMsgId seen within it (replay), by function and whether kios refused them',
    labelNames: ['function', 'finding', 'action'] as const,
    registers: [this.registry],
  });

  readonly danaRequestsInFlight = new Gauge({
    name: 'kios_dana_requests_in_flight',
    help: 'DANA requests being handled now, by DANA function',
    labelNames: ['function'] as const,
    registers: [this.registry],
  });

  readonly supplierCalls = new Histogram({
    name: 'kios_supplier_call_duration_seconds',
    help: 'Calls to the supplier, by operation (inquire, purchase, checkStatus) and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: REQUEST_SECONDS,
    registers: [this.registry],
  });

  /**
   * Sales per supplier (kios-cli margins as a metric): orders sold, DANA's price and, where the
   * supplier's answer named one, its cost, in minor units; the margin is sold − cost over the sales
   * with a cost (kios_supplier_costed_sold_minor_units_total). Counted by the process that recorded
   * the success (Create Order's, or the worker's follow-up), so sum over processes.
   */
  readonly supplierSales = new Counter({
    name: 'kios_supplier_sales_total',
    help: 'Orders sold, by the supplier that sold them (`configured` before routing) and whether the cost broke a bound',
    labelNames: ['supplier', 'cost_breach'] as const,
    registers: [this.registry],
  });

  readonly supplierSoldMinorUnits = new Counter({
    name: 'kios_supplier_costed_sold_minor_units_total',
    help: "DANA's price of the sales whose supplier named a cost, in minor units, by supplier",
    labelNames: ['supplier'] as const,
    registers: [this.registry],
  });

  readonly supplierCostMinorUnits = new Counter({
    name: 'kios_supplier_cost_minor_units_total',
    help: 'What the suppliers charged for the sales whose answer named a cost, in minor units, by supplier',
    labelNames: ['supplier'] as const,
    registers: [this.registry],
  });

  readonly callbackAttempts = new Counter({
    name: 'kios_callback_attempts_total',
    help: 'Order Complete Callback attempts (docs/dana-protocol.md §3.5) by outcome: accepted by DANA or not',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly callbacksAbandoned = new Counter({
    name: 'kios_callbacks_abandoned_total',
    help: 'Order Complete Callbacks given up after the retry horizon',
    registers: [this.registry],
  });

  readonly eventStoreAppends = new Histogram({
    name: 'kios_event_store_append_duration_seconds',
    help: 'Event store appends by outcome (ok, conflict, error)',
    labelNames: ['outcome'] as const,
    buckets: APPEND_SECONDS,
    registers: [this.registry],
  });

  /** Webhooks a supplier sent (docs/digiflazz.md §6), by what became of them: refused, duplicate, recorded… */
  readonly supplierWebhooks = new Counter({
    name: 'kios_supplier_webhooks_total',
    help: 'Supplier webhooks received, by supplier and result (unauthorized, bad_request, duplicate, unknown_reference, recorded, ignored)',
    labelNames: ['supplier', 'result'] as const,
    registers: [this.registry],
  });

  /** Purchases a supplier took back after DANA was told SUCCESS: each one is an OPERATOR ALERT. */
  readonly supplierReversals = new Counter({
    name: 'kios_supplier_reversals_total',
    help: 'Successful orders the supplier reversed afterwards (refund or failure), by supplier; the order stays SUCCESS and is flagged',
    labelNames: ['supplier'] as const,
    registers: [this.registry],
  });

  /** Set by the supplier sync's balance reading (KIOS_SUPPLIER_SYNC_INTERVAL); absent until the first one. */
  readonly supplierBalance = new Gauge({
    name: 'kios_supplier_balance_minor_units',
    help: 'The deposit left at the supplier, in minor units (rupiah x 100), as last read (Digiflazz cek-saldo)',
    labelNames: ['supplier'] as const,
    registers: [this.registry],
  });

  /** KIOS_DIGIFLAZZ_MIN_BALANCE beside each reading, so an alert and a graph compare with the same minimum; absent without one. */
  readonly supplierMinBalance = new Gauge({
    name: 'kios_supplier_min_balance_minor_units',
    help: 'The deposit below which kios calls the balance low (KIOS_DIGIFLAZZ_MIN_BALANCE), in minor units; set with each reading',
    labelNames: ['supplier'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A `--role all` process serves its worker's metrics with its own (docs/architecture.md §1
   * "Processes and roles"): callbacks, status checks, projections and leases are counted there.
   */
  includeWorkerMetrics(read: () => Promise<object[] | undefined>): void {
    this.workerMetrics = read;
  }

  /**
   * What /metrics answers: this process's metrics, summed with its worker's by prom-client's
   * aggregation (as for a cluster's workers); its own alone while the worker does not answer.
   */
  async scrape(): Promise<string> {
    const worker = await this.workerMetrics?.();
    if (!worker) return this.registry.metrics();
    return AggregatorRegistry.aggregate([await this.registry.getMetricsAsJSON(), worker]).metrics();
  }
}
