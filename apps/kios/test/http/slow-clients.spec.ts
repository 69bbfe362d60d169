import 'reflect-metadata';
import { connect, type Socket } from 'node:net';
import { verifySignedBody } from '@kios/dana-protocol';
import { kios, type Pipeline, startPipeline } from './signed-pipeline';

/** What kios does with a client that sends its request too slowly (README "Abuse limits"). */
describe('slow clients', () => {
  let pipeline: Pipeline;
  let port: number;

  beforeAll(async () => {
    pipeline = await startPipeline({ KIOS_HEADERS_TIMEOUT_MS: '1000', KIOS_BODY_TIMEOUT_MS: '400' });
    port = Number(new URL(pipeline.baseUrl).port);
  });

  afterAll(() => pipeline.app.close());

  /** A signed Get List of Product as DANA would post it, asking for the connection to be kept or closed after the answer. */
  function productQuery(connection: 'keep-alive' | 'close') {
    const { path, bodyText } = pipeline
      .client()
      .presign('productQuery', { type: 'MOBILE_CREDIT', provider: 'xl' });
    const head =
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: ${connection}\r\n` +
      `Content-Length: ${Buffer.byteLength(bodyText)}\r\n\r\n`;
    return { head, bodyText };
  }

  /** Writes `parts` to a fresh connection, `gapMs` apart; resolves with all kios sent once it closed. */
  function send(parts: string[], gapMs: number): Promise<{ text: string; closedAfterMs: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket: Socket = connect(port, '127.0.0.1');
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
      });
      socket.on('error', reject);
      socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
      parts.forEach((part, index) =>
        setTimeout(() => {
          if (!socket.destroyed) socket.write(part);
        }, index * gapMs),
      );
    });
  }

  const bodyOf = (http: string) => http.slice(http.indexOf('\r\n\r\n') + 4);

  it('answers a body that stalls half way with a signed 408 REQUEST_TIMEOUT, and closes the connection', async () => {
    const { head, bodyText } = productQuery('keep-alive');

    const { text, closedAfterMs } = await send([head + bodyText.slice(0, 40)], 0);

    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    const answer = bodyOf(text);
    expect(verifySignedBody(answer, 'response', kios.publicKey)).toMatchObject({ ok: true });
    expect(JSON.parse(answer).response.body.resultInfo).toEqual({
      resultStatus: 'F',
      resultCodeId: '00000010',
      resultCode: 'REQUEST_TIMEOUT',
      resultMsg: 'the request body did not arrive within 400 ms (KIOS_BODY_TIMEOUT_MS)',
    });
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('answers a slow body that arrives whole within the timeout', async () => {
    const { head, bodyText } = productQuery('close');
    const middle = Math.floor(bodyText.length / 2);

    const { text } = await send([head, bodyText.slice(0, middle), bodyText.slice(middle)], 150);

    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(verifySignedBody(bodyOf(text), 'response', kios.publicKey)).toMatchObject({ ok: true });
  });

  it('closes a connection whose headers do not arrive within the headers timeout', async () => {
    const { head } = productQuery('keep-alive');

    const { text, closedAfterMs } = await send([head.slice(0, 30)], 0);

    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(closedAfterMs).toBeLessThan(5_000);
  });
});
