import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';

/**
 * POSTs JSON to Digiflazz's buyer API and hands back the parsed answer, or why there is none.
 * Transport only: what an answer means is for the callers (digiflazz-transaction.ts). Nothing it
 * reports carries the request body, where the sign is, nor anything else secret.
 */

export type TransportFailure =
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'http_status'; status: number }
  | { kind: 'unparseable'; httpStatus: number }
  | { kind: 'network'; detail: string };

export type DigiflazzReply =
  { ok: true; httpStatus: number; body: unknown } | { ok: false; failure: TransportFailure };

export type DigiflazzClientOptions = {
  /** Digiflazz's origin, `https://api.digiflazz.com`; paths start with `/v1/`. */
  baseUrl: string;
  timeoutMs: number;
};

export function describeTransportFailure(failure: TransportFailure): string {
  switch (failure.kind) {
    case 'timeout':
      return `no answer from Digiflazz within ${failure.afterMs} ms`;
    case 'http_status':
      return `Digiflazz answered HTTP ${failure.status}`;
    case 'unparseable':
      return `Digiflazz's answer (HTTP ${failure.httpStatus}) is not JSON`;
    case 'network':
      return `could not reach Digiflazz: ${failure.detail}`;
  }
}

/** What one POST came to on the wire: the status and the whole body, no answer in time, or the socket's error. */
type WireAnswer = { status: number; text: string } | { timedOut: true } | { error: Error };

/**
 * Calls go through node:http(s) on keep-alive connections rather than fetch: on the bench machine
 * fetch (its Request, Headers and web streams) took about 400 µs of kios's main thread per call,
 * node:http about 80 µs, against issue 17's budget of 100 µs per order for the whole adapter
 * (`npm run bench -- create-order-digiflazz`, README "Benchmarks").
 */
export class DigiflazzClient {
  /** Where every call goes, parsed once: host, port and the base URL's own path, if any. */
  private readonly origin: RequestOptions;
  private readonly basePath: string;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(private readonly options: DigiflazzClientOptions) {
    const base = new URL(options.baseUrl);
    this.origin = urlToHttpOptions(base);
    this.basePath = base.pathname.replace(/\/+$/, '');
    const secure = base.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.send = secure ? httpsRequest : httpRequest;
  }

  /**
   * One POST, given up after `timeoutMs`. A 5xx is a failure whatever its body; any other status
   * with a JSON body is an answer (Digiflazz may put an rc in a 4xx); anything else is a failure.
   */
  async post(path: string, body: Record<string, unknown>): Promise<DigiflazzReply> {
    const answer = await this.exchange(path, JSON.stringify(body));
    if ('timedOut' in answer) return failed({ kind: 'timeout', afterMs: this.options.timeoutMs });
    if ('error' in answer) return failed({ kind: 'network', detail: networkDetail(answer.error) });
    if (answer.status >= 500) return failed({ kind: 'http_status', status: answer.status });
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      return failed(
        answer.status >= 200 && answer.status < 300
          ? { kind: 'unparseable', httpStatus: answer.status }
          : { kind: 'http_status', status: answer.status },
      );
    }
    return { ok: true, httpStatus: answer.status, body: parsed };
  }

  /** Lets go of the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** Sends `json` and reads the whole answer, both within `timeoutMs`; never rejects. */
  private exchange(path: string, json: string): Promise<WireAnswer> {
    return new Promise((resolve) => {
      let timedOut = false;
      const settle = (answer: WireAnswer) => {
        clearTimeout(timer);
        resolve(timedOut ? { timedOut: true } : answer);
      };
      const call = this.send(
        {
          ...this.origin,
          path: this.basePath + path,
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'content-length': Buffer.byteLength(json),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('end', () =>
            settle({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.once('error', (error) => settle({ error }));
          response.once('close', () => {
            if (!response.complete) settle({ error: new Error('the connection closed mid-answer') });
          });
        },
      );
      const timer = setTimeout(() => {
        timedOut = true;
        call.destroy();
      }, this.options.timeoutMs);
      call.once('error', (error) => settle({ error }));
      call.end(json);
    });
  }
}

const failed = (failure: TransportFailure): DigiflazzReply => ({ ok: false, failure });

/** The socket error's code (ECONNREFUSED, ECONNRESET, …) where there is one, else its message. */
function networkDetail(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : error.message;
}

/**
 * A call to Digiflazz that gave nothing usable (balance, price list). Its message says what came
 * back (a transport failure, an rc and Digiflazz's message), never what was sent.
 */
export class DigiflazzCallError extends Error {
  override readonly name = 'DigiflazzCallError';
  constructor(
    message: string,
    readonly rc?: string,
  ) {
    super(message);
  }
}
