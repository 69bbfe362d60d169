import { createServer } from 'node:http';
import { formatDanaTime, signedEnvelopeAsync, systemClock, verifySignedBody } from '@kios/dana-protocol';
import { signingServerKeys } from './signing-server-keys';

/*
 * The least any DANA-facing Node server does per Create Order, and nothing more: read the body,
 * verify its signature, sign an answer, write it — with kios's own signature functions, in their
 * fastest arrangement measured here (the ~20 µs verify inline, the ~300 µs sign in libuv's thread
 * pool). Started by BareSigningServer; what it reaches on this machine is the most any Node server
 * doing real work besides could reach.
 */
const { privateKey, danaPublicKey } = signingServerKeys();

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const check = verifySignedBody(body, 'request', danaPublicKey);
    if (!check.ok) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(check));
      return;
    }
    const { head, body: order } = JSON.parse(body).request;
    const answer = await signedEnvelopeAsync(
      'response',
      {
        head: { ...head, respTime: formatDanaTime(systemClock.now()) },
        body: { order: { requestId: order.requestId, orderStatus: { code: '10', status: 'SUCCESS' } } },
      },
      privateKey,
    );
    response
      .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) })
      .end(answer);
  });
});
server.listen(Number(process.env.BARE_PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close());
