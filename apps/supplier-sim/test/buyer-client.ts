import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { TransactionData } from '../src';

/** md5 as Digiflazz's documentation writes the signs, computed here apart from supplier-sim's own code. */
export const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export const USERNAME = 'buyer-test';
export const KEY = 'dev-key-for-tests';

export interface RawAnswer {
  httpStatus: number;
  text: string;
}

/** A buyer of Digiflazz's API: signs each call by the documented formula. */
export class Buyer {
  constructor(
    private readonly baseUrl: string,
    private readonly username = USERNAME,
    private readonly key = KEY,
  ) {}

  async raw(path: string, body: unknown): Promise<RawAnswer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { httpStatus: response.status, text: await response.text() };
  }

  async call<T>(path: string, body: unknown): Promise<{ data: T }> {
    const answer = await this.raw(path, body);
    if (answer.httpStatus !== 200) throw new Error(`HTTP ${answer.httpStatus}: ${answer.text}`);
    return JSON.parse(answer.text) as { data: T };
  }

  /** The list, or `{rc, message}` when refused. */
  priceList(cmd: 'prepaid' | 'pasca', extra: object = {}) {
    return this.call<Record<string, unknown>[] & { rc?: string; message?: string }>('/v1/price-list', {
      cmd,
      username: this.username,
      sign: md5(`${this.username}${this.key}pricelist`),
      ...extra,
    });
  }

  deposit(sign = md5(`${this.username}${this.key}depo`)) {
    return this.call<{ deposit?: number; rc?: string }>('/v1/cek-saldo', {
      cmd: 'deposit',
      username: this.username,
      sign,
    });
  }

  /** A prepaid top-up; repeating it with the same ref_id is Digiflazz's status check. */
  topUp(refId: string, sku: string, customerNo: string, extra: object = {}) {
    return this.call<TransactionData>('/v1/transaction', this.transactionBody(refId, sku, customerNo, extra));
  }

  postpaid(
    command: 'inq-pasca' | 'pay-pasca' | 'status-pasca',
    refId: string,
    sku: string,
    customerNo: string,
  ) {
    return this.call<TransactionData>('/v1/transaction', {
      commands: command,
      ...this.transactionBody(refId, sku, customerNo),
    });
  }

  transactionBody(refId: string, sku: string, customerNo: string, extra: object = {}) {
    return {
      username: this.username,
      buyer_sku_code: sku,
      customer_no: customerNo,
      ref_id: refId,
      sign: md5(`${this.username}${this.key}${refId}`),
      ...extra,
    };
  }
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  at: number;
}

/** A buyer's webhook endpoint on a free local port, keeping what arrives. */
export async function webhookReceiver(): Promise<{
  url: string;
  received: ReceivedWebhook[];
  close: () => Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/digiflazz/webhook`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls until `check` holds or the time is up (generous: a loaded CI machine is slow to settle). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
