import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { idr } from '@kios/dana-protocol';

/** A request the fake Digiflazz received: its path and its body exactly as sent. */
export type RecordedRequest = { path: string; headers: IncomingHttpHeaders; rawBody: string; body: unknown };

/**
 * What the fake answers: JSON (status 200 by default), raw text, nothing until the socket is
 * closed, or a 200 and the start of a body whose end never comes.
 */
export type FakeAnswer =
  | { json: unknown; status?: number }
  | { text: string; status?: number; contentType?: string }
  | { hang: true }
  | { unfinished: string };

export type Responder = (request: RecordedRequest) => FakeAnswer;

/**
 * A local node:http server standing in for Digiflazz in tests: it records every request body and
 * answers what the test's responder says. Real HTTP, so the adapter's own HTTP client is what is tested.
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  /** Connections accepted so far: one for many requests when the client keeps it alive. */
  connections = 0;
  /** Connections open now. */
  openConnections = 0;
  private responder: Responder = () => ({ json: { data: { rc: '00', status: 'Sukses', message: '' } } });
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = undefined;
        }
        const recorded = { path: request.url ?? '', headers: request.headers, rawBody, body };
        this.requests.push(recorded);
        const answer = this.responder(recorded);
        if ('hang' in answer) return;
        if ('unfinished' in answer) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write(answer.unfinished);
          return;
        }
        if ('json' in answer) {
          response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer.json));
        } else {
          response.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/plain' });
          response.end(answer.text);
        }
      });
    });
  }

  static async start(): Promise<RecordingServer> {
    const fake = new RecordingServer();
    fake.server.on('connection', (socket) => {
      fake.connections += 1;
      fake.openConnections += 1;
      socket.once('close', () => (fake.openConnections -= 1));
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answer(responder: Responder): void {
    this.responder = responder;
  }

  /** The bodies received, parsed. */
  bodies(): Record<string, unknown>[] {
    return this.requests.map((request) => request.body as Record<string, unknown>);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A transaction answer as Digiflazz shapes it, for the ref and fields given. */
/** transactionAnswer's `price`, 10,100 rupiah, in minor units: the cost a success it answers carries. */
export const TRANSACTION_ANSWER_COST = idr(1_010_000n);

export function transactionAnswer(fields: Record<string, unknown>): { json: unknown } {
  return {
    json: {
      data: {
        customer_no: '087800001230',
        buyer_sku_code: 'xld10',
        message: '',
        sn: '',
        buyer_last_saldo: 1_000_000,
        price: 10_100,
        tele: '@telegram',
        wa: '081234512345',
        ...fields,
      },
    },
  };
}
