import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { KeptAliveOrigin } from '../../src/supplier-http/kept-alive-origin';

/**
 * A TCP server that answers each request with the bytes a test scripts, so that the client's
 * handling of what servers really do (close an idle connection, say Connection: close, give a
 * Keep-Alive timeout, answer out of order) is driven exactly. It counts the connections it took.
 */
class ScriptedServer {
  connections = 0;
  readonly sockets = new Set<Socket>();
  /** The answer to a request: its bytes, written after `delayMs`. */
  answer: (request: string, connection: number) => { bytes: string; delayMs?: number } = () => ({
    bytes: ok('{"data":{"rc":"00"}}'),
  });

  private readonly server: Server;

  private constructor(tls?: { key: Buffer; cert: Buffer }) {
    const onConnection = (socket: Socket) => this.serve(socket);
    this.server = tls ? createTlsServer(tls, onConnection) : createServer(onConnection);
  }

  static async start(tls?: { key: Buffer; cert: Buffer }): Promise<ScriptedServer> {
    const scripted = new ScriptedServer(tls);
    await new Promise<void>((resolve) => scripted.server.listen(0, '127.0.0.1', resolve));
    return scripted;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  closeConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.closeConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private serve(socket: Socket): void {
    const connection = ++this.connections;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const head = received.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(received.slice(0, head))?.[1] ?? 0);
      if (received.length < head + 4 + length) return;
      const request = received.slice(0, head + 4 + length);
      received = received.slice(request.length);
      const { bytes, delayMs = 0 } = this.answer(request, connection);
      setTimeout(() => socket.write(bytes), delayMs);
    });
  }
}

const ok = (body: string, headers = '') =>
  `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('KeptAliveOrigin', () => {
  const TIMEOUT_MS = 1_000;
  let server: ScriptedServer;
  let origin: KeptAliveOrigin;

  beforeEach(async () => {
    server = await ScriptedServer.start();
    origin = new KeptAliveOrigin({ url: new URL(`http://127.0.0.1:${server.port}`) });
  });

  afterEach(async () => {
    origin.close();
    await server.stop();
  });

  it('writes one POST with its Host, JSON headers and exact Content-Length', async () => {
    let seen = '';
    server.answer = (request) => {
      seen = request;
      return { bytes: ok('{}') };
    };
    const body = '{"customer_no":"081234567345","sn":"é"}';
    await expect(origin.post('/v1/transaction', body, TIMEOUT_MS)).resolves.toEqual({
      status: 200,
      text: '{}',
    });
    expect(seen).toBe(
      `POST /v1/transaction HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n` +
        `Accept: application/json\r\nConnection: keep-alive\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
        Buffer.from(body).toString('latin1'),
    );
  });

  it('calls at once each get a connection of their own, and each its own answer', async () => {
    server.answer = (request, connection) => ({
      bytes: ok(request.slice(request.indexOf('\r\n\r\n') + 4)),
      delayMs: 50 - connection * 10, // the last connection answers first
    });
    const answers = await Promise.all(
      [1, 2, 3, 4].map((call) => origin.post('/v1/transaction', `{"call":${call}}`, TIMEOUT_MS)),
    );
    expect(answers.map((answer) => ('text' in answer ? answer.text : answer))).toEqual([
      '{"call":1}',
      '{"call":2}',
      '{"call":3}',
      '{"call":4}',
    ]);
    expect(server.connections).toBe(4);
    await origin.post('/v1/transaction', '{}', TIMEOUT_MS);
    expect(server.connections).toBe(4);
  });

  it('a connection the server closed while idle is not used again', async () => {
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS);
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS);
    expect(server.connections).toBe(1);
    server.closeConnections();
    await waitFor(() => origin.openConnections === 0);
    await expect(origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS)).resolves.toMatchObject({ status: 200 });
    expect(server.connections).toBe(2);
  });

  it('an answer saying Connection: close ends its connection', async () => {
    server.answer = () => ({ bytes: ok('{}', 'Connection: close\r\n') });
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS);
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS);
    expect(server.connections).toBe(2);
  });

  it("a connection idle for longer than the server's Keep-Alive timeout less a second is not used again", async () => {
    server.answer = () => ({ bytes: ok('{}', 'Keep-Alive: timeout=2\r\n') });
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS);
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS); // within the second: reused
    expect(server.connections).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS);
    expect(server.connections).toBe(2);
  });

  it('a connection whose server spoke unasked while it was idle is dropped', async () => {
    await origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS);
    for (const socket of server.sockets) socket.write(ok('{"unasked":true}'));
    await waitFor(() => origin.openConnections === 0);
    await expect(origin.post('/v1/cek-saldo', '{}', TIMEOUT_MS)).resolves.toEqual({
      status: 200,
      text: '{"data":{"rc":"00"}}',
    });
    expect(server.connections).toBe(2);
  });

  it('a connection closed mid-answer is an error, and the next call has a new connection', async () => {
    server.answer = () => ({ bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"data"' });
    const cut = origin.post('/v1/transaction', '{}', TIMEOUT_MS);
    await waitFor(() => server.sockets.size === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.closeConnections();
    await expect(cut).resolves.toEqual({ error: new Error('the connection closed mid-answer') });
    server.answer = () => ({ bytes: ok('{}') });
    await expect(origin.post('/v1/transaction', '{}', TIMEOUT_MS)).resolves.toEqual({
      status: 200,
      text: '{}',
    });
  });

  it('an answer that is not HTTP is an error and its connection is closed', async () => {
    server.answer = () => ({ bytes: '<html>\r\n\r\n' });
    const answer = await origin.post('/v1/transaction', '{}', TIMEOUT_MS);
    expect(answer).toMatchObject({ error: { name: 'MalformedAnswer' } });
    await waitFor(() => server.sockets.size === 0);
    expect(server.sockets.size).toBe(0);
  });
});

describe('KeptAliveOrigin over TLS', () => {
  let folder: string;
  let certificate: { key: Buffer; cert: Buffer };
  let server: ScriptedServer;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kios-tls-'));
    // A throwaway self-signed certificate for localhost (openssl is on every machine CI runs on).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(folder, 'key.pem'),
        '-out',
        join(folder, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = {
      key: readFileSync(join(folder, 'key.pem')),
      cert: readFileSync(join(folder, 'cert.pem')),
    };
    server = await ScriptedServer.start(certificate);
  });

  afterAll(async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('posts over HTTPS to a server whose certificate it trusts, naming the host it expects', async () => {
    const origin = new KeptAliveOrigin({
      url: new URL(`https://localhost:${server.port}`),
      ca: certificate.cert,
    });
    try {
      await expect(origin.post('/v1/cek-saldo', '{}', 2_000)).resolves.toEqual({
        status: 200,
        text: '{"data":{"rc":"00"}}',
      });
    } finally {
      origin.close();
    }
  });

  it('refuses a server whose certificate it does not trust', async () => {
    const origin = new KeptAliveOrigin({ url: new URL(`https://localhost:${server.port}`) });
    try {
      await expect(origin.post('/v1/cek-saldo', '{}', 2_000)).resolves.toMatchObject({
        error: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      });
    } finally {
      origin.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
}
