/**
 * Reads one HTTP/1.1 answer from the bytes of a connection, as they arrive (RFC 9112): the status
 * line, the headers kios needs (Content-Length, Transfer-Encoding, Connection, Keep-Alive) and the
 * body, framed by its length, by chunks, or by the end of the connection. Interim (1xx) answers
 * are skipped. Anything it cannot frame is a MalformedAnswer: the caller drops the connection.
 */

/** An answer whole: its status, its body's bytes, and whether the connection may carry another request. */
export type Http1Answer = {
  status: number;
  body: Buffer;
  reusable: boolean;
  /** The server's `Keep-Alive: timeout=N`, in ms, when it said one. */
  keepAliveMs?: number;
};

export class MalformedAnswer extends Error {
  override readonly name = 'MalformedAnswer';
}

/** Beyond these, an answer is refused rather than buffered: a supplier's head is a few hundred bytes. */
export const ANSWER_LIMITS = { headBytes: 64 * 1024, bodyBytes: 64 * 1024 * 1024 };

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type Head = { status: number; reusable: boolean; keepAliveMs?: number };
type Framing =
  | { by: 'length'; remaining: number }
  | { by: 'chunks'; step: 'size' | 'data' | 'data-end' | 'trailers'; remaining: number }
  | { by: 'close' };

export class Http1AnswerReader {
  private pending: Buffer = Buffer.alloc(0);
  private head?: Head;
  private framing?: Framing;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;

  /** The answer once these bytes complete it, else undefined (more to come). */
  feed(chunk: Buffer): Http1Answer | undefined {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.head === undefined) {
      const end = this.pending.indexOf(HEAD_END);
      if (end < 0) {
        if (this.pending.length > ANSWER_LIMITS.headBytes) throw new MalformedAnswer('answer head too large');
        return undefined;
      }
      const parsed = parseHead(this.pending.subarray(0, end).toString('latin1'));
      this.pending = this.pending.subarray(end + HEAD_END.length);
      if (parsed.interim) continue;
      this.head = parsed.head;
      this.framing = parsed.framing;
    }
    return this.readBody();
  }

  /**
   * The connection ended: the answer, when its body runs to the end of the connection; otherwise
   * it was cut off.
   */
  end(): Http1Answer {
    if (this.head !== undefined && this.framing?.by === 'close') {
      this.keep(this.pending);
      return this.answer(false);
    }
    throw new MalformedAnswer('the connection closed mid-answer');
  }

  private readBody(): Http1Answer | undefined {
    const framing = this.framing!;
    if (framing.by === 'close') {
      this.keep(this.pending);
      this.pending = Buffer.alloc(0);
      return undefined;
    }
    if (framing.by === 'length') {
      const taken = this.take(framing.remaining);
      framing.remaining -= taken.length;
      return framing.remaining === 0 ? this.answer(this.head!.reusable) : undefined;
    }
    return this.readChunks(framing);
  }

  private readChunks(framing: Extract<Framing, { by: 'chunks' }>): Http1Answer | undefined {
    for (;;) {
      if (framing.step === 'data') {
        framing.remaining -= this.take(framing.remaining).length;
        if (framing.remaining > 0) return undefined;
        framing.step = 'data-end';
      }
      const lineEnd = this.pending.indexOf(CRLF);
      if (lineEnd < 0) {
        if (this.pending.length > ANSWER_LIMITS.headBytes) throw new MalformedAnswer('chunk line too long');
        return undefined;
      }
      const line = this.pending.subarray(0, lineEnd).toString('latin1');
      this.pending = this.pending.subarray(lineEnd + CRLF.length);
      if (framing.step === 'data-end') {
        if (line !== '') throw new MalformedAnswer('chunk data longer than its size');
        framing.step = 'size';
      } else if (framing.step === 'size') {
        const size = /^([0-9a-fA-F]{1,8})[ \t]*(;.*)?$/.exec(line);
        if (!size) throw new MalformedAnswer('bad chunk size');
        framing.remaining = Number.parseInt(size[1], 16);
        framing.step = framing.remaining === 0 ? 'trailers' : 'data';
      } else if (line === '') {
        return this.answer(this.head!.reusable);
      }
    }
  }

  /** Up to `count` bytes of body from what is pending. */
  private take(count: number): Buffer {
    const taken = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(taken.length);
    this.keep(taken);
    return taken;
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.bodyBytes += bytes.length;
    if (this.bodyBytes > ANSWER_LIMITS.bodyBytes) throw new MalformedAnswer('answer body too large');
    this.body.push(bytes);
  }

  /** Bytes after the answer (nothing was asked for them): the connection is not used again. */
  private answer(reusable: boolean): Http1Answer {
    const { status, keepAliveMs } = this.head!;
    return {
      status,
      body: this.body.length === 1 ? this.body[0] : Buffer.concat(this.body, this.bodyBytes),
      reusable: reusable && this.pending.length === 0,
      ...(keepAliveMs === undefined ? {} : { keepAliveMs }),
    };
  }
}

type ParsedHead = { interim: true } | { interim: false; head: Head; framing: Framing };

function parseHead(text: string): ParsedHead {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]);
  if (!statusLine) throw new MalformedAnswer('not an HTTP/1.x status line');
  const status = Number(statusLine[2]);
  if (status >= 100 && status < 200 && status !== 101) return { interim: true };
  if (status === 101) throw new MalformedAnswer('the server switched protocols');
  let contentLength: number | undefined;
  let chunked = false;
  let otherCoding = false;
  const connection: string[] = [];
  let keepAliveMs: number | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedAnswer('bad header line');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value)) throw new MalformedAnswer('bad Content-Length');
      if (contentLength !== undefined && contentLength !== Number(value))
        throw new MalformedAnswer('two different Content-Lengths');
      contentLength = Number(value);
    } else if (name === 'transfer-encoding') {
      const codings = value
        .toLowerCase()
        .split(',')
        .map((coding) => coding.trim());
      chunked = codings[codings.length - 1] === 'chunked';
      otherCoding = !chunked;
    } else if (name === 'connection') {
      connection.push(
        ...value
          .toLowerCase()
          .split(',')
          .map((token) => token.trim()),
      );
    } else if (name === 'keep-alive') {
      const timeout = /(?:^|,)\s*timeout=(\d+)/i.exec(value);
      if (timeout) keepAliveMs = Number(timeout[1]) * 1000;
    }
  }
  const http10 = statusLine[1] === '0';
  const reusable = http10 ? connection.includes('keep-alive') : !connection.includes('close');
  const head: Head = { status, reusable, ...(keepAliveMs === undefined ? {} : { keepAliveMs }) };
  // A POST's answer: no body for 204 and 304; else chunks win over a length (RFC 9112 §6.3).
  if (status === 204 || status === 304)
    return { interim: false, head, framing: { by: 'length', remaining: 0 } };
  if (chunked) return { interim: false, head, framing: { by: 'chunks', step: 'size', remaining: 0 } };
  if (otherCoding || contentLength === undefined)
    return { interim: false, head: { ...head, reusable: false }, framing: { by: 'close' } };
  return { interim: false, head, framing: { by: 'length', remaining: contentLength } };
}
