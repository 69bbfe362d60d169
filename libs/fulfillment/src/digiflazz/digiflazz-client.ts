import { KeptAliveOrigin } from '../supplier-http/kept-alive-origin';

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
  /** Certificates to trust besides Node's own, for an HTTPS origin (a private CA; tests). */
  ca?: string | Buffer;
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

/**
 * Calls go over kept-alive connections written straight onto the socket (KeptAliveOrigin), not
 * fetch nor node:http: each costs kios's main thread far more per call (fetch about 400 µs, node:http
 * about 100) than issue 17's budget of 100 µs per order for the whole adapter allows
 * (`npm run bench -- create-order-digiflazz`, README "Benchmarks").
 */
export class DigiflazzClient {
  private readonly origin: KeptAliveOrigin;
  /** The base URL's own path, if any, in front of every call's. */
  private readonly basePath: string;

  constructor(private readonly options: DigiflazzClientOptions) {
    const base = new URL(options.baseUrl);
    this.origin = new KeptAliveOrigin({ url: base, ...(options.ca ? { ca: options.ca } : {}) });
    this.basePath = base.pathname.replace(/\/+$/, '');
  }

  /**
   * One POST, given up after `timeoutMs`. A 5xx is a failure whatever its body; any other status
   * with a JSON body is an answer (Digiflazz may put an rc in a 4xx); anything else is a failure.
   */
  async post(path: string, body: Record<string, unknown>): Promise<DigiflazzReply> {
    const answer = await this.origin.post(this.basePath + path, JSON.stringify(body), this.options.timeoutMs);
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
    this.origin.close();
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
