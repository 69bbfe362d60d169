import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DanaPath, type DanaClient } from '@kios/dana-protocol';
import { CallbackReceiver, type ReceivedCallback } from '../callbacks/callback-receiver';
import { InvalidMisbehaviour, MisbehaviourQueue, parseMisbehaviour } from '../callbacks/misbehaviour';
import { NotifyReceiver, type ReceivedNotification } from '../callbacks/notify-receiver';

/** Largest body read; a callback is a few kilobytes. */
const MAX_BODY_BYTES = 1_048_576;

/** What the server received, as it arrives. */
export type SimServerEvent =
  | { kind: 'callback'; callback: ReceivedCallback }
  | { kind: 'notification'; notification: ReceivedNotification };

export interface DanaSimServerOptions {
  dana: DanaClient;
  now: () => Date;
  /** Told of every callback and notification received. */
  report?: (event: SimServerEvent) => void;
}

/**
 * The DANA host kios calls (docs/dana-protocol.md §1.2 APIs 5 and 6), plus control routes for tests and demos:
 * - POST /dana/bizcenter/digitalgoods/orderComplete.htm — the Order Complete Callback
 * - POST /dana/bizcenter/digitalgoods/product/notify-status.htm — Notify Aggregator Product Status
 * - GET /sim/callbacks, GET /sim/notifications — what was received, as JSON
 * - POST /sim/misbehave — how to answer the next callbacks (see misbehaviour.ts)
 */
export class DanaSimServer {
  private readonly misbehaviours = new MisbehaviourQueue();
  private readonly callbackReceiver: CallbackReceiver;
  private readonly notifications: NotifyReceiver;
  private readonly server: Server;

  constructor(private readonly options: DanaSimServerOptions) {
    this.callbackReceiver = new CallbackReceiver(options.dana, this.misbehaviours, options.now);
    this.notifications = new NotifyReceiver(options.dana, options.now);
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      });
    });
  }

  /** Resolves with the bound port once listening. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as { port: number }).port));
    });
  }

  /** Every Order Complete Callback received so far, oldest first. */
  get callbacks(): readonly ReceivedCallback[] {
    return this.callbackReceiver.received;
  }

  /** Drops held (no_answer) requests too. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://dana-sim').pathname;
    const route = `${request.method} ${path}`;
    switch (route) {
      case `POST ${DanaPath.orderComplete}`:
        return this.orderComplete(await readBody(request), response);
      case `POST ${DanaPath.notifyProductStatus}`: {
        const { notification, bodyText } = this.notifications.receive(await readBody(request));
        this.options.report?.({ kind: 'notification', notification });
        return sendText(response, 200, bodyText);
      }
      case 'GET /sim/callbacks':
        return sendJson(response, 200, this.callbackReceiver.received);
      case 'GET /sim/notifications':
        return sendJson(response, 200, this.notifications.received);
      case 'POST /sim/misbehave':
        return this.misbehave(await readBody(request), response);
      default:
        return sendJson(response, 404, { error: `no route ${route}` });
    }
  }

  private orderComplete(bodyText: string, response: ServerResponse): void {
    const { callback, reply } = this.callbackReceiver.receive(bodyText);
    this.options.report?.({ kind: 'callback', callback });
    if (reply.kind === 'hold') return; // kios's timeout ends it; close() drops it at shutdown
    sendText(response, reply.httpStatus, reply.bodyText);
  }

  private misbehave(bodyText: string, response: ServerResponse): void {
    try {
      this.misbehaviours.add(parseMisbehaviour(parseJson(bodyText)));
      sendJson(response, 200, { queued: this.misbehaviours.pending() });
    } catch (error) {
      if (!(error instanceof InvalidMisbehaviour)) throw error;
      sendJson(response, 400, { error: error.message });
    }
  }
}

/** One line for people per event. */
export function describeEvent(event: SimServerEvent): string {
  if (event.kind === 'notification') {
    const { notification } = event;
    return (
      `notify-status ${notification.reqMsgId ?? '?'}: ${notification.productStatusList?.length ?? 0} product(s), ` +
      `signature ${notification.signatureValid ? 'ok' : 'INVALID'}`
    );
  }
  const { callback } = event;
  const status = callback.orderStatus ? `${callback.orderStatus.code} ${callback.orderStatus.status}` : '?';
  const problems = callback.problems.length > 0 ? ` (${callback.problems.join('; ')})` : '';
  return (
    `callback ${callback.reqMsgId ?? '?'}: order ${callback.requestId ?? '?'} ${status}, ` +
    `signature ${callback.signatureValid ? 'ok' : 'INVALID'}${problems} → ${callback.answer}`
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The raw body: signatures are checked over these exact characters (docs/dana-protocol.md §2.2). */
async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  sendText(response, status, JSON.stringify(value));
}
