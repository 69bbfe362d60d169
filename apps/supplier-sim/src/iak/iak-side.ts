import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BuyerApiContext } from '../buyer-api/context';
import type { RequestLog } from '../control/request-log';
import type { Transaction, TransactionEvent } from '../purchase/transaction-book';
import { answerBuyerCall, type PlayedApi } from '../server/buyer-routes';
import type { Holds } from '../server/holds';
import { readBody, sendJson } from '../server/http';
import { WebhookSender, type WebhookDelivery } from '../webhooks/webhook-sender';
import { iakApi, IAK_BASE_PATH } from './iak-api';
import { iakCallbackFormat } from './iak-callbacks';
import {
  applyIakControl,
  calmIakControl,
  describeIakControl,
  parseIakControl,
  resetIakControl,
  type IakControlChange,
} from './iak-control';

export interface IakSideOptions {
  username: string;
  key: string;
  /** Where IAK's callbacks go; none: none are sent (as IAK's sandbox sends none). */
  callbackUrl?: string;
  /** IAK's API on a listener of its own too (0: a free port), which `down` closes: connections refused. */
  port?: number;
  host: string;
  now: () => number;
}

/**
 * IAK's side of supplier-sim (docs/iak.md §8): its API under `/api/` on supplier-sim's server, and on a
 * listener of its own when given a port, over the one transaction book and deposit Digiflazz's side
 * uses; its own modes (`{"iak": {...}}` in a control body), its callbacks, and `down`.
 */
export class IakSide {
  private readonly control = calmIakControl();
  private readonly api: PlayedApi;
  private readonly callbacks: WebhookSender;
  private server?: Server;
  private boundPort = 0;

  constructor(
    private readonly options: IakSideOptions,
    private readonly serve: { context: BuyerApiContext; log: RequestLog; holds: Holds },
  ) {
    this.api = iakApi(this.control);
    this.callbacks = new WebhookSender({
      url: options.callbackUrl,
      modes: this.control.modes,
      now: options.now,
      format: iakCallbackFormat({ username: options.username, key: options.key }),
    });
  }

  /** Starts IAK's own listener, when one was asked for. */
  async start(): Promise<void> {
    if (this.options.port === undefined) return;
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://supplier-sim').pathname;
      this.answer(path, request, response).catch((error: unknown) =>
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
    await this.listen(this.options.port);
    // Told `down` at start (--mode): its port is taken, then closed, so its URL is known and refuses.
    if (this.control.down) await this.setListening(false);
  }

  /** Whether `path` is IAK's. */
  owns(path: string): boolean {
    return path === IAK_BASE_PATH || path.startsWith(`${IAK_BASE_PATH}/`);
  }

  /** Answers one call on IAK's API; `down`, the connection is closed unread. */
  async answer(path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.control.down) {
      this.serve.log.add({
        at: new Date(this.options.now()).toISOString(),
        supplier: 'iak',
        path,
        http_status: 0,
        created: false,
        misbehaviour: 'down',
      });
      request.socket.destroy();
      return;
    }
    if (request.method !== 'POST') return sendJson(response, 405, { error: `${path} takes POST` });
    if (!this.api.handler(path)) return sendJson(response, 404, { error: `no IAK route ${path}` });
    const { context, log, holds } = this.serve;
    return answerBuyerCall(path, await readBody(request), response, context, log, holds, this.api);
  }

  /** The base URL an IAK buyer puts `top-up` after: its own listener's when it has one. */
  baseUrl(mainUrl: string): string {
    const host = this.options.host === '0.0.0.0' ? '127.0.0.1' : this.options.host;
    return `${this.server ? `http://${host}:${this.boundPort}` : mainUrl}${IAK_BASE_PATH}/`;
  }

  /** Tells IAK's callback sender of a change in the book (it sends only IAK's final ones). */
  onEvent(event: TransactionEvent, transaction: Transaction): void {
    this.callbacks.send(event, transaction);
  }

  /** Validates the `iak` part of a control body; nothing changes yet. */
  parse(value: unknown): IakControlChange {
    return parseIakControl(value, this.control);
  }

  /** Applies a change; `down` closes or opens IAK's own listener, resolved once it did. */
  async apply(change: IakControlChange): Promise<void> {
    const wasDown = this.control.down;
    applyIakControl(this.control, change);
    if (this.control.down !== wasDown) await this.setListening(!this.control.down);
  }

  describe(): Record<string, unknown> {
    return describeIakControl(this.control);
  }

  async reset(all: boolean): Promise<void> {
    const wasDown = this.control.down;
    resetIakControl(this.control);
    if (wasDown) await this.setListening(true);
    if (all) this.callbacks.clear();
  }

  callbackDeliveries(): WebhookDelivery[] {
    return this.callbacks.deliveries();
  }

  callbacksSettled(): Promise<void> {
    return this.callbacks.settled();
  }

  close(): Promise<void> {
    this.callbacks.close();
    return this.setListening(false);
  }

  private async setListening(on: boolean): Promise<void> {
    if (!this.server) return;
    if (!on) {
      if (!this.server.listening) return;
      // Kept-alive connections would still be served: closed too, so every call after this is refused.
      await new Promise<void>((resolve) => {
        this.server!.close(() => resolve());
        this.server!.closeAllConnections();
      });
      return;
    }
    if (!this.server.listening) await this.listen(this.boundPort);
  }

  private listen(port: number): Promise<void> {
    const server = this.server!;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.host, () => {
        server.off('error', reject);
        this.boundPort = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }
}
