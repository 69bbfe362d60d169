import { generateKeyPairSync } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * What RSA-2048 SHA256withRSA alone costs on this machine: the floor of every signed DANA answer.
 * Each worker thread loops over `text` for `ms`; `verify` adds a verification to each signature.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, createPublicKey, sign, verify } = require('node:crypto');
const privateKey = createPrivateKey(workerData.privateKeyPem);
const publicKey = createPublicKey(workerData.publicKeyPem);
const text = Buffer.from(workerData.text, 'utf8');
let operations = 0;
const started = performance.now();
while (performance.now() - started < workerData.ms) {
  const signature = sign('sha256', text, privateKey);
  if (workerData.verify && !verify('sha256', text, publicKey, signature)) throw new Error('signature did not verify');
  operations += 1;
}
parentPort.postMessage(operations / ((performance.now() - started) / 1000));
`;

export interface RsaCeilingOptions {
  /** The text signed, as large as the answers being judged. */
  text: string;
  /** One worker thread per core to be used. */
  threads: number;
  /** Verify each signature too (a request verified + an answer signed). */
  verify: boolean;
  ms: number;
}

/** Operations per second over all threads. */
export async function rsaCeiling({ text, threads, verify, ms }: RsaCeilingOptions): Promise<number> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const workerData = {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }),
    text,
    verify,
    ms,
  };
  const rates = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(WORKER, { eval: true, workerData });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return rates.reduce((sum, rate) => sum + rate, 0);
}
