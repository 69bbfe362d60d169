import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BuyerApiContext } from './buyer-api/context';
import { DEFAULT_SEED, PriceList, readSeedFile, type Seed } from './catalog/price-list';
import { InvalidControl, ModeState, parseControl, type Modes } from './control/modes';
import { IakSide } from './iak/iak-side';
import { RequestLog, type RequestLogEntry } from './control/request-log';
import { TransactionBook, type Transaction } from './purchase/transaction-book';
import { answerBuyerCall, BUYER_ROUTES } from './server/buyer-routes';
import { answerControlCall } from './server/control-routes';
import { Holds } from './server/holds';
import { BodyTooLarge, readBody, sendJson } from './server/http';
import { StateFile } from './state/state-file';
import { WebhookSender, type WebhookDelivery } from './webhooks/webhook-sender';

export interface SupplierSimOptions {
  /** 0 (the default here) picks a free port; the command line's default is 8091. */
  port?: number;
  /** 127.0.0.1 by default here; the command line's default is 0.0.0.0. */
  host?: string;
  username?: string;
  /** The API key the md5 signs are made with. */
  key?: string;
  /** Signs webhooks (X-Hub-Signature); `null` sends them unsigned. */
  webhookSecret?: string | null;
  /** Where webhooks go when a transaction gave no cb_url; none: only cb_url ones are sent. */
  webhookUrl?: string;
  pendingDelayMs?: number;
  slowAnswerMs?: number;
  priceListIntervalMs?: number;
  /** The price lists and starting deposit; `seedFile` reads them from a file; seed/price-list.json by default. */
  seed?: Seed;
  seedFile?: string;
  /** Overrides the seed's deposit (whole rupiah). */
  deposit?: number;
  /** Appends every buyer-API call as a JSON line. */
  requestLogFile?: string;
  /** Keeps transactions and the deposit across restarts (JSON lines). */
  stateFile?: string;
  /** A `POST /_control/mode` body applied at start. */
  control?: unknown;
  /** IAK's side: where its callbacks go (none: none sent), as IAK's production does. */
  iakCallbackUrl?: string;
  /** IAK's API also on a listener of its own (0: a free port), so `{"iak": {"down": true}}` refuses connections. */
  iakPort?: number;
  now?: () => number;
}

export const SUPPLIER_SIM_DEFAULTS = {
  port: 8091,
  username: 'kios-sim',
  key: 'supplier-sim-dev-key',
  webhookSecret: 'supplier-sim-webhook-secret',
  pendingDelayMs: 3000,
  slowAnswerMs: 10_000,
  priceListIntervalMs: 0,
} as const;

/**
 * A running supplier-sim: Digiflazz's buyer API under `/v1` and the control routes under `/_control`
 * (see server/control-routes.ts), on one node:http server. Everything the control routes do is here
 * as a method too, for tests that run it in-process.
 */
export class SupplierSim {
  readonly username: string;
  readonly key: string;
  readonly webhookSecret: string | undefined;
  private readonly seed: Seed;
  private readonly modeState = new ModeState();
  private readonly log: RequestLog;
  private readonly holds = new Holds();
  private readonly webhooks: WebhookSender;
  private readonly book: TransactionBook;
  private readonly context: BuyerApiContext;
  private readonly iak: IakSide;
  private readonly server: Server;
  private boundPort = 0;

  private constructor(private readonly options: SupplierSimOptions) {
    const now = options.now ?? Date.now;
    this.username = options.username ?? SUPPLIER_SIM_DEFAULTS.username;
    this.key = options.key ?? SUPPLIER_SIM_DEFAULTS.key;
    this.webhookSecret =
      options.webhookSecret === null
        ? undefined
        : (options.webhookSecret ?? SUPPLIER_SIM_DEFAULTS.webhookSecret);
    const seed = options.seed ?? (options.seedFile ? readSeedFile(options.seedFile) : DEFAULT_SEED);
    this.seed = options.deposit === undefined ? seed : { ...seed, deposit: options.deposit };
    this.log = new RequestLog(options.requestLogFile);
    this.webhooks = new WebhookSender({
      url: options.webhookUrl,
      secret: this.webhookSecret,
      modes: this.modeState,
      now,
    });
    const stateFile = options.stateFile ? new StateFile(options.stateFile) : undefined;
    this.book = new TransactionBook({
      deposit: this.seed.deposit,
      now,
      onEvent: (event, transaction) => {
        this.webhooks.send(event, transaction);
        this.iak.onEvent(event, transaction);
      },
      persist:
        stateFile && ((transaction, deposit) => stateFile.append(transaction, deposit, new Date(now()))),
    });
    if (stateFile) {
      const kept = stateFile.load();
      this.book.restore(kept.transactions, kept.deposit);
    }
    this.context = {
      config: {
        username: this.username,
        key: this.key,
        pendingDelayMs: options.pendingDelayMs ?? SUPPLIER_SIM_DEFAULTS.pendingDelayMs,
        slowAnswerMs: options.slowAnswerMs ?? SUPPLIER_SIM_DEFAULTS.slowAnswerMs,
        priceListIntervalMs: options.priceListIntervalMs ?? SUPPLIER_SIM_DEFAULTS.priceListIntervalMs,
      },
      priceList: new PriceList(this.seed),
      book: this.book,
      modes: this.modeState,
      now,
      lastPriceList: new Map(),
    };
    this.iak = new IakSide(
      {
        username: this.username,
        key: this.key,
        callbackUrl: options.iakCallbackUrl,
        port: options.iakPort,
        host: options.host ?? '127.0.0.1',
        now,
      },
      { context: this.context, log: this.log, holds: this.holds },
    );
    if (options.control !== undefined) void this.control(options.control);
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        const status = error instanceof BodyTooLarge ? 413 : 500;
        sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
      });
    });
  }

  /** Starts listening; resolves once it does. */
  static async start(options: SupplierSimOptions = {}): Promise<SupplierSim> {
    const sim = new SupplierSim(options);
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        sim.server.off('error', reject);
        resolve();
      });
    });
    sim.boundPort = (sim.server.address() as { port: number }).port;
    await sim.iak.start();
    return sim;
  }

  get port(): number {
    return this.boundPort;
  }

  /** The base URL a buyer puts `/v1/...` after. */
  get url(): string {
    const host = this.options.host ?? '127.0.0.1';
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${this.boundPort}`;
  }

  /** The base URL an IAK buyer puts `top-up` after (`…/api/`): IAK's own listener when it has one. */
  get iakUrl(): string {
    return this.iak.baseUrl(this.url);
  }

  get deposit(): number {
    return this.book.deposit;
  }

  get modes(): Modes {
    return this.modeState.modes;
  }

  /** IAK's side's own modes, `refuse`, `down` and prices (a control body's `iak`). */
  get iakModes(): Record<string, unknown> {
    return this.iak.describe();
  }

  /**
   * What `POST /_control/mode` does: validates the whole body first (InvalidControl names what is
   * wrong, and then nothing changed), then changes products, the deposit and the modes, Digiflazz's
   * and, under `iak`, IAK's. Resolves once IAK's own listener is up or down as told (InvalidControl is
   * thrown before anything changes, not as a rejection).
   */
  control(body: unknown): Promise<void> {
    const { iak, ...digiflazz } =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
    const change = parseControl(
      typeof body === 'object' && body !== null && !Array.isArray(body) ? digiflazz : body,
      this.modeState.modes,
    );
    const iakChange = iak === undefined ? undefined : this.iak.parse(iak);
    const priceList = this.context.priceList;
    const unknown = Object.keys(change.products).filter((sku) => !priceList.find(sku));
    if (unknown.length > 0) throw new InvalidControl(`no product with buyer_sku_code ${unknown.join(', ')}`);
    for (const [sku, productChange] of Object.entries(change.products)) priceList.change(sku, productChange);
    if (change.deposit !== undefined) this.book.deposit = change.deposit;
    this.modeState.apply(change.modes);
    return iakChange ? this.iak.apply(iakChange) : Promise.resolve();
  }

  /**
   * Calm again: modes cleared, products as seeded. `all` also forgets transactions, the request log
   * and webhook deliveries, and puts the deposit back to the seed's.
   */
  reset(options: { all?: boolean } = {}): Promise<void> {
    this.modeState.reset();
    this.context.priceList.restore();
    this.context.lastPriceList.clear();
    const iakReset = this.iak.reset(options.all === true);
    if (!options.all) return iakReset;
    this.book.clear(this.seed.deposit);
    this.log.clear();
    this.webhooks.clear();
    return iakReset;
  }

  /** Digiflazz's refund: a successful transaction turns Gagal rc 74, its price back in the deposit, an update webhook sent. */
  refund(refId: string): Transaction {
    return this.book.refund(refId);
  }

  requestLog(): RequestLogEntry[] {
    return this.log.all();
  }

  webhookDeliveries(): WebhookDelivery[] {
    return this.webhooks.deliveries();
  }

  /** IAK's callbacks sent (or dropped), as webhookDeliveries lists Digiflazz's. */
  iakCallbackDeliveries(): WebhookDelivery[] {
    return this.iak.callbackDeliveries();
  }

  /** Resolves once the webhooks (and IAK's callbacks) already on their way have been answered (or failed). */
  async webhooksSettled(): Promise<void> {
    await Promise.all([this.webhooks.settled(), this.iak.callbacksSettled()]);
  }

  transactions(): Transaction[] {
    return structuredClone(this.book.all());
  }

  transaction(refId: string): Transaction | undefined {
    const transaction = this.book.get(refId);
    return transaction && structuredClone(transaction);
  }

  /** Stops listening, drops held answers, pending timers and webhooks not yet sent. */
  async close(): Promise<void> {
    this.holds.cancelAll();
    this.book.stopTimers();
    this.webhooks.close();
    await Promise.all([
      this.iak.close(),
      new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      }),
    ]);
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://supplier-sim').pathname;
    if (BUYER_ROUTES[path]) {
      if (request.method !== 'POST') return sendJson(response, 405, { error: `${path} takes POST` });
      return answerBuyerCall(path, await readBody(request), response, this.context, this.log, this.holds);
    }
    if (this.iak.owns(path)) return this.iak.answer(path, request, response);
    if (path.startsWith('/_control/')) {
      return answerControlCall(`${request.method} ${path}`, await readBody(request), response, this);
    }
    sendJson(response, 404, { error: `no route ${request.method} ${path}` });
  }
}

/** Starts supplier-sim in this process (see SupplierSimOptions); `close()` stops it. */
export function startSupplierSim(options: SupplierSimOptions = {}): Promise<SupplierSim> {
  return SupplierSim.start(options);
}
