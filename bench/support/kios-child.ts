import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DanaClient,
  devKeyPaths,
  loadPrivateKey,
  loadPublicKey,
  type PresignedRequest,
} from '@kios/dana-protocol';
import { type AnswerCheck, BenchServer } from './bench-server';
import type { Sender } from './load';
import type { MainThreadTime } from './main-thread-time';

/** kios as in production on the embedded stores: its own process, SQLite files in a temp folder. */
export class KiosChild implements Sender {
  private constructor(
    private readonly server: BenchServer,
    private readonly dataDir: string,
  ) {}

  /**
   * `env` adds to (or overrides) the embedded-defaults configuration; `probeMainThread` lets
   * `mainThread` read kios's event loop utilization (BenchServer).
   */
  static async start(
    env: Record<string, string> = {},
    options: { probeMainThread?: boolean } = {},
  ): Promise<KiosChild> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kios-bench-orders-'));
    try {
      const server = await BenchServer.start(
        'apps/kios/src/main',
        (port) => ({
          KIOS_DATA_DIR: dataDir,
          KIOS_EVENT_STORE: `sqlite:${join(dataDir, 'events.db')}`,
          KIOS_READ_MODEL: `sqlite:${join(dataDir, 'read.db')}`,
          KIOS_HOST: '127.0.0.1',
          KIOS_PORT: String(port),
          ...env,
        }),
        options,
      );
      return new KiosChild(server, dataDir);
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** kios's main-thread time; only when started with `probeMainThread`. */
  get mainThread(): MainThreadTime {
    if (!this.server.mainThread) throw new Error('this kios was started without probeMainThread');
    return this.server.mainThread;
  }

  client(): DanaClient {
    const keys = devKeyPaths(this.dataDir);
    return new DanaClient({
      baseUrl: `http://127.0.0.1:${this.server.port}`,
      danaPrivateKey: loadPrivateKey(readFileSync(keys.danaPrivateKey, 'utf8'), keys.danaPrivateKey),
      kiosPublicKey: loadPublicKey(readFileSync(keys.kiosPublicKey, 'utf8'), keys.kiosPublicKey),
    });
  }

  send(request: PresignedRequest, accept?: AnswerCheck): Promise<string> {
    return this.server.send(request, accept);
  }

  /** Stops kios and removes its files; stopping again does nothing. */
  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
