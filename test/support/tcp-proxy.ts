import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to a store that a test can cut (every open connection dropped, new ones refused) and
 * restore on the same port: a database that goes away and comes back, without touching the shared
 * server other tests use.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Starts (or restores) forwarding on the proxy's port. */
  open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
  }

  /** Drops every connection through the proxy and refuses new ones, as a store that went down. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** The test machine's PostgreSQL (`url`'s host and port) behind a proxy on `port`. */
export function proxyTo(url: string, port: number): TcpProxy {
  const target = new URL(url);
  return new TcpProxy(port, { host: target.hostname, port: Number(target.port || 5432) });
}
