import {
  ANSWER_LIMITS,
  type Http1Answer,
  Http1AnswerReader,
  MalformedAnswer,
} from '../../src/supplier-http/http1-answer-reader';

/** Feeds `bytes` in pieces of `size` and answers what the reader made of them, with how many feeds were still short. */
function readInPieces(bytes: string, size: number): { answer?: Http1Answer; shortFeeds: number } {
  const reader = new Http1AnswerReader();
  const whole = Buffer.from(bytes, 'latin1');
  let shortFeeds = 0;
  for (let at = 0; at < whole.length; at += size) {
    const answer = reader.feed(whole.subarray(at, at + size));
    if (answer) return { answer, shortFeeds };
    shortFeeds += 1;
  }
  return { shortFeeds };
}

const read = (bytes: string) => readInPieces(bytes, bytes.length).answer;

const JSON_BODY = '{"data":{"rc":"00","status":"Sukses","sn":"Rp 10.000"}}';
const BY_LENGTH = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${JSON_BODY.length}\r\n\r\n${JSON_BODY}`;
const BY_CHUNKS =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '10;name=value\r\n{"data":{"rc":"0\r\n' +
  `${(JSON_BODY.length - 16).toString(16)}\r\n${JSON_BODY.slice(16)}\r\n` +
  '0\r\nX-Trailer: yes\r\n\r\n';

describe('Http1AnswerReader', () => {
  it.each([
    ['a body framed by Content-Length', BY_LENGTH],
    ['a chunked body, with a chunk extension and a trailer', BY_CHUNKS],
  ])('reads %s, whole or a byte at a time', (_what, bytes) => {
    for (const size of [bytes.length, 7, 1]) {
      const { answer, shortFeeds } = readInPieces(bytes, size);
      expect(answer?.status).toBe(200);
      expect(answer?.body.toString('utf8')).toBe(JSON_BODY);
      expect(answer?.reusable).toBe(true);
      expect(shortFeeds).toBe(Math.ceil(bytes.length / size) - 1);
    }
  });

  it('skips an interim 100 Continue and reads the answer after it', () => {
    const answer = read(`HTTP/1.1 100 Continue\r\n\r\n${BY_LENGTH}`);
    expect(answer?.status).toBe(200);
    expect(answer?.body.toString()).toBe(JSON_BODY);
  });

  it.each([
    [
      'HTTP/1.1 with Connection: close: not reused',
      'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}',
      false,
    ],
    ['HTTP/1.0 without keep-alive: not reused', 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}', false],
    [
      'HTTP/1.0 with Connection: keep-alive: reused',
      'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\n{}',
      true,
    ],
    ['an answer followed by bytes nobody asked for: not reused', `${BY_LENGTH}HTTP/1.1 200 OK\r\n`, false],
  ])('%s', (_what, bytes, reusable) => {
    expect(read(bytes)?.reusable).toBe(reusable);
  });

  it("reads the server's Keep-Alive timeout in ms", () => {
    const answer = read('HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n');
    expect(answer?.keepAliveMs).toBe(5_000);
    expect(read(BY_LENGTH)?.keepAliveMs).toBeUndefined();
  });

  it('a 204 has no body', () => {
    expect(read('HTTP/1.1 204 No Content\r\n\r\n')).toMatchObject({ status: 204, reusable: true });
  });

  it('a body with neither length nor chunks runs to the end of the connection, which is not reused', () => {
    const reader = new Http1AnswerReader();
    expect(reader.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\n{"data":'))).toBeUndefined();
    expect(reader.feed(Buffer.from('{"rc":"00"}}'))).toBeUndefined();
    const answer = reader.end();
    expect(answer).toMatchObject({ status: 200, reusable: false });
    expect(answer.body.toString()).toBe('{"data":{"rc":"00"}}');
  });

  it.each([
    ['before the head is whole', 'HTTP/1.1 200 OK\r\nContent-Le'],
    ['before the length is read', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a'],
    ['before the last chunk', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n'],
  ])('a connection that ends %s cut the answer off', (_what, bytes) => {
    const reader = new Http1AnswerReader();
    expect(reader.feed(Buffer.from(bytes))).toBeUndefined();
    expect(() => reader.end()).toThrow(new MalformedAnswer('the connection closed mid-answer'));
  });

  it.each([
    ['not HTTP', '<html>\r\n\r\n', 'not an HTTP/1.x status line'],
    ['HTTP/2 status line', 'HTTP/2 200\r\n\r\n', 'not an HTTP/1.x status line'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n', 'bad header line'],
    [
      'a Content-Length that is not a number',
      'HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n',
      'bad Content-Length',
    ],
    [
      'two Content-Lengths that differ',
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n',
      'two different Content-Lengths',
    ],
    [
      'a chunk size that is not hex',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'bad chunk size',
    ],
    [
      'chunk data longer than its size',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n',
      'chunk data longer than its size',
    ],
    ['a switch of protocols', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', 'the server switched protocols'],
  ])('refuses %s', (_what, bytes, reason) => {
    expect(() => new Http1AnswerReader().feed(Buffer.from(bytes))).toThrow(new MalformedAnswer(reason));
  });

  it('refuses a head larger than its limit instead of buffering it', () => {
    const reader = new Http1AnswerReader();
    const header = `HTTP/1.1 200 OK\r\nX-Filler: ${'a'.repeat(ANSWER_LIMITS.headBytes)}`;
    expect(() => reader.feed(Buffer.from(header))).toThrow(new MalformedAnswer('answer head too large'));
  });

  it('refuses a body larger than its limit', () => {
    const reader = new Http1AnswerReader();
    const head = `HTTP/1.1 200 OK\r\nContent-Length: ${ANSWER_LIMITS.bodyBytes + 1}\r\n\r\n`;
    expect(reader.feed(Buffer.from(head))).toBeUndefined();
    expect(() => reader.feed(Buffer.alloc(ANSWER_LIMITS.bodyBytes + 1))).toThrow(
      new MalformedAnswer('answer body too large'),
    );
  });
});
