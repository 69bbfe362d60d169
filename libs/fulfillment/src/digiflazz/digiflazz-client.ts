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

export class DigiflazzClient {
  private readonly baseUrl: string;

  constructor(private readonly options: DigiflazzClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * One POST, given up after `timeoutMs`. A 5xx is a failure whatever its body; any other status
   * with a JSON body is an answer (Digiflazz may put an rc in a 4xx); anything else is a failure.
   */
  async post(path: string, body: Record<string, unknown>): Promise<DigiflazzReply> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(this.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.status >= 500) return failed({ kind: 'http_status', status: response.status });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return failed(
          response.ok
            ? { kind: 'unparseable', httpStatus: response.status }
            : { kind: 'http_status', status: response.status },
        );
      }
      return { ok: true, httpStatus: response.status, body: parsed };
    } catch (error) {
      if (controller.signal.aborted) return failed({ kind: 'timeout', afterMs: this.options.timeoutMs });
      return failed({ kind: 'network', detail: networkDetail(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}

const failed = (failure: TransportFailure): DigiflazzReply => ({ ok: false, failure });

/** The cause's code (ECONNREFUSED, …) where there is one; fetch's own message says only "fetch failed". */
function networkDetail(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
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
