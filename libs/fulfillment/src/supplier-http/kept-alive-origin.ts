import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { Http1AnswerReader } from './http1-answer-reader';

/**
 * JSON POSTs to one origin over kept-alive HTTP/1.1 connections, written straight onto the socket.
 *
 * Why not node:http: a supplier's purchase is on Create Order's request thread, and issue 17 gives
 * the whole Digiflazz adapter 100 µs of it per order. node:http's client (its ClientRequest,
 * IncomingMessage streams and agent bookkeeping) cost about 100 µs of main thread a call on the bench
 * machine at a supplier's 20 ms latency, undici about 70, one write and one read on a socket about 30
 * (README "Benchmarks"). The protocol kios needs is small: one POST with a Content-Length, one
 * answer framed by length, chunks or the connection's end (http1-answer-reader.ts).
 *
 * Never retried here: a POST that may have reached the supplier is the caller's to ask about again
 * (under the same reference). To keep a reused connection from being one the server is closing,
 * a connection idle longer than the server's Keep-Alive timeout less a second (or
 * IDLE_CONNECTION_MS when it gives none) is closed rather than used.
 */

/** What one POST came to: the status and the whole body, no answer in time, or the socket's error. */
export type WireAnswer = { status: number; text: string } | { timedOut: true } | { error: Error };

export type OriginOptions = {
  /** `http:` or `https:` with host and port; the path is the caller's. */
  url: URL;
  /** Certificates to trust besides Node's own (a private CA; tests). */
  ca?: string | Buffer;
};

/** How long an idle connection is kept when the server does not say (node's server closes after 5 s). */
const IDLE_CONNECTION_MS = 4_000;
const KEEP_ALIVE_MARGIN_MS = 1_000;
/**
 * What drops an idle connection: its end ('end' comes first: the server's FIN arrives before the
 * socket is closed here), its close, an error, or anything the server sends unasked.
 */
const IDLE_EVENTS = ['end', 'close', 'error', 'data'] as const;

/** An idle connection: since when, for how long it may be reused, and what drops it if it closes first. */
type IdleConnection = { socket: Socket; idleSince: number; idleLimitMs: number; forget: () => void };

export class KeptAliveOrigin {
  private readonly idle: IdleConnection[] = [];
  private readonly busy = new Set<Socket>();
  private readonly headerLines: string;

  constructor(private readonly options: OriginOptions) {
    this.headerLines =
      `Host: ${options.url.host}\r\nContent-Type: application/json\r\n` +
      'Accept: application/json\r\nConnection: keep-alive\r\n';
  }

  /** Sends `json` to `path` and reads the whole answer, both within `timeoutMs`; never rejects. */
  post(path: string, json: string, timeoutMs: number): Promise<WireAnswer> {
    const socket = this.reusableSocket() ?? this.connect();
    this.busy.add(socket);
    socket.ref();
    return new Promise<WireAnswer>((resolve) => {
      const reader = new Http1AnswerReader();
      let settled = false;
      const settle = (answer: WireAnswer, reuse?: { keepAliveMs?: number }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('data', onData).off('end', onEnd).off('error', onError).off('close', onEnd);
        this.busy.delete(socket);
        if (reuse) this.release(socket, reuse.keepAliveMs);
        else socket.destroy();
        resolve(answer);
      };
      const onData = (chunk: Buffer) => {
        try {
          const answer = reader.feed(chunk);
          if (answer) {
            const whole = { status: answer.status, text: answer.body.toString('utf8') };
            settle(whole, answer.reusable ? { keepAliveMs: answer.keepAliveMs } : undefined);
          }
        } catch (error) {
          settle({ error: error as Error });
        }
      };
      const onEnd = () => {
        try {
          const answer = reader.end();
          settle({ status: answer.status, text: answer.body.toString('utf8') });
        } catch (error) {
          settle({ error: error as Error });
        }
      };
      const onError = (error: Error) => settle({ error });
      const timer = setTimeout(() => settle({ timedOut: true }), timeoutMs);
      socket.on('data', onData).once('end', onEnd).once('error', onError).once('close', onEnd);
      socket.write(
        `POST ${path} HTTP/1.1\r\n${this.headerLines}Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
      );
    });
  }

  /** Closes every connection, idle or busy (a busy call answers with the socket's close). */
  close(): void {
    for (const { socket } of this.idle.splice(0)) socket.destroy();
    for (const socket of this.busy) socket.destroy();
  }

  /** Connections open now, for tests. */
  get openConnections(): number {
    return this.idle.length + this.busy.size;
  }

  /** The most recently used idle connection still within its idle limit; older ones are closed. */
  private reusableSocket(): Socket | undefined {
    const now = performance.now();
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      const { socket, forget } = connection;
      for (const event of IDLE_EVENTS) socket.off(event, forget);
      if (!socket.destroyed && now - connection.idleSince < connection.idleLimitMs) return socket;
      socket.destroy();
    }
    return undefined;
  }

  private connect(): Socket {
    const { url, ca } = this.options;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const secure = url.protocol === 'https:';
    const port = Number(url.port) || (secure ? 443 : 80);
    const socket = secure
      ? connectTls({
          host,
          port,
          ...(isIP(host) ? {} : { servername: host }),
          ALPNProtocols: ['http/1.1'],
          ...(ca ? { ca } : {}),
        })
      : connectTcp({ host, port });
    socket.setNoDelay(true);
    return socket;
  }

  /** Back to the idle list; ended or closed by the server (or sent anything unasked) while idle, it is dropped. */
  private release(socket: Socket, keepAliveMs: number | undefined): void {
    const idleLimitMs = keepAliveMs === undefined ? IDLE_CONNECTION_MS : keepAliveMs - KEEP_ALIVE_MARGIN_MS;
    if (idleLimitMs <= 0) return void socket.destroy();
    const connection: IdleConnection = {
      socket,
      idleSince: performance.now(),
      idleLimitMs,
      forget: () => {
        socket.destroy();
        const at = this.idle.indexOf(connection);
        if (at >= 0) this.idle.splice(at, 1);
      },
    };
    socket.unref();
    for (const event of IDLE_EVENTS) socket.once(event, connection.forget);
    this.idle.push(connection);
  }
}
