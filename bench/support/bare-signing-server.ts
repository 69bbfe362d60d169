import {
  DanaClient,
  generateRsaKeyPair,
  loadPrivateKey,
  loadPublicKey,
  type PresignedRequest,
} from '@kios/dana-protocol';
import { type AnswerCheck, BenchServer } from './bench-server';
import type { Sender } from './load';
import type { MainThreadTime } from './main-thread-time';
import { cpuMsOf } from './process-cpu';
import { signingServerKeysEnv } from './signing-server-keys';

export type SigningServerStack = 'node:http' | 'nest';

const SERVER_ENTRY: Record<SigningServerStack, string> = {
  'node:http': 'bench/support/bare-signing-server.main',
  nest: 'bench/support/nest-signing-server.main',
};

/**
 * A server that only verifies each request and signs its answer, in its own process like kios, with
 * throwaway keys made for the run: on node:http alone (bare-signing-server.main.ts) or through kios's
 * stack, Nest, class-validator and @nestjs/cqrs (nest-signing-server.main.ts).
 */
export class BareSigningServer implements Sender {
  private constructor(
    private readonly server: BenchServer,
    readonly client: DanaClient,
  ) {}

  /** `probeMainThread`: `mainThread` reads its event loop utilization, as KiosChild's does. */
  static async start(
    options: { probeMainThread?: boolean; stack?: SigningServerStack } = {},
  ): Promise<BareSigningServer> {
    const dana = generateRsaKeyPair();
    const own = generateRsaKeyPair();
    const server = await BenchServer.start(
      SERVER_ENTRY[options.stack ?? 'node:http'],
      (port) => ({
        BARE_PORT: String(port),
        ...signingServerKeysEnv({ privateKeyPem: own.privateKeyPem, danaPublicKeyPem: dana.publicKeyPem }),
      }),
      options,
    );
    const client = new DanaClient({
      baseUrl: `http://127.0.0.1:${server.port}`,
      danaPrivateKey: loadPrivateKey(dana.privateKeyPem, 'the bench DANA key'),
      kiosPublicKey: loadPublicKey(own.publicKeyPem, 'the bare server key'),
    });
    return new BareSigningServer(server, client);
  }

  get mainThread(): MainThreadTime {
    if (!this.server.mainThread) throw new Error('this bare server was started without probeMainThread');
    return this.server.mainThread;
  }

  send(request: PresignedRequest, accept?: AnswerCheck): Promise<string> {
    return this.server.send(request, accept);
  }

  /** CPU time of its process since it started, all threads (the RSA work in libuv's pool included), ms. */
  cpuMs(): number {
    return cpuMsOf(this.server.pid);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
