import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { isWorkerMessage, type WorkerMessage } from './worker-messages';

/** A forked worker answers its parent's metrics questions over the IPC channel (WorkerProcess). */
export function answerMetricsQuestions(registry: Registry): void {
  process.on('message', (message: unknown) => {
    if (!isWorkerMessage(message, 'metrics?')) return;
    void registry.getMetricsAsJSON().then((metrics) => {
      if (process.connected)
        process.send!({ kios: 'metrics', id: message.id, metrics } satisfies WorkerMessage);
    });
  });
}

/**
 * A worker started on its own (`--role worker`) has no API process to serve its metrics: it serves
 * GET /metrics and GET /health itself on KIOS_HOST:KIOS_PORT, and nothing else.
 */
export function serveWorkerMetrics(registry: Registry, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/metrics') {
      void registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: Error) => response.writeHead(500).end(error.message),
      );
    } else if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","role":"worker"}');
    } else {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"message":"a kios worker serves /metrics and /health only"}');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
