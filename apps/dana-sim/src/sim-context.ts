import { existsSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { DanaClient, devKeyPaths, KeyFormatError, loadPrivateKey, loadPublicKey } from '@kios/dana-protocol';
import { type Style, styleFor } from './output/colour';

/** A failure the user can act on: printed without a stack trace, exit code 1. */
export class SimError extends Error {
  override readonly name = 'SimError';
}

export interface SimKeys {
  danaPrivateKey: KeyObject;
  kiosPublicKey: KeyObject;
}

/** Where kios listens when neither --kios nor DANA_SIM_KIOS_URL says (kios's KIOS_PORT default). */
export const DEFAULT_KIOS_URL = 'http://127.0.0.1:8080';

/** How long dana-sim waits for kios to generate the development keys it shares (docker-compose starts both together). */
const DEV_KEYS_WAIT_MS = 60_000;

/**
 * What a dana-sim command works with. dana-sim plays DANA, so it holds the other halves of kios's
 * keys: DANA's private key (to sign) and kios's public key (to verify). They come from
 * DANA_SIM_PRIVATE_KEY_FILE / DANA_SIM_KIOS_PUBLIC_KEY_FILE, else from the development keys kios
 * generates under `<KIOS_DATA_DIR>/keys/`.
 */
export class SimContext {
  /** Colours for stdout: only on a terminal. */
  readonly style: Style;

  constructor(
    private readonly env: Record<string, string | undefined>,
    readonly out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
    readonly err: NodeJS.WritableStream = process.stderr,
  ) {
    this.style = styleFor(out, env);
  }

  static fromEnv(): SimContext {
    return new SimContext(process.env);
  }

  print(line = ''): void {
    this.out.write(`${line}\n`);
  }

  /** For machines (--json): one JSON document on stdout. */
  printJson(value: unknown): void {
    this.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Progress and notes that must not mix with --json output. */
  note(line: string): void {
    this.err.write(`${line}\n`);
  }

  /** kios's base URL: the --kios flag, else DANA_SIM_KIOS_URL, else the local default. */
  kiosUrl(flag?: string): string {
    return flag || this.env.DANA_SIM_KIOS_URL || DEFAULT_KIOS_URL;
  }

  async keys(): Promise<SimKeys> {
    const dev = devKeyPaths(this.env.KIOS_DATA_DIR || './data');
    const privatePath = this.env.DANA_SIM_PRIVATE_KEY_FILE || dev.danaPrivateKey;
    const publicPath = this.env.DANA_SIM_KIOS_PUBLIC_KEY_FILE || dev.kiosPublicKey;
    await this.waitFor([privatePath, publicPath], dev.dir);
    try {
      return {
        danaPrivateKey: loadPrivateKey(readFileSync(privatePath, 'utf8'), privatePath),
        kiosPublicKey: loadPublicKey(readFileSync(publicPath, 'utf8'), publicPath),
      };
    } catch (error) {
      if (error instanceof KeyFormatError) throw new SimError(error.message);
      throw error;
    }
  }

  /** DANA's client, signing with DANA's key, for kios at `kiosBaseUrl`. */
  async client(kiosBaseUrl: string): Promise<DanaClient> {
    return new DanaClient({ baseUrl: kiosBaseUrl, ...(await this.keys()) });
  }

  private async waitFor(paths: string[], devDir: string): Promise<void> {
    const missing = () => paths.filter((path) => !existsSync(path));
    if (missing().length === 0) return;
    this.note(`waiting for ${missing().join(' and ')} (kios generates development keys in ${devDir})`);
    for (let waited = 0; waited < DEV_KEYS_WAIT_MS; waited += 250) {
      await delay(250);
      if (missing().length === 0) return;
    }
    throw new SimError(
      `no key at ${missing().join(' and ')}: start kios once with the same KIOS_DATA_DIR, or set ` +
        'DANA_SIM_PRIVATE_KEY_FILE and DANA_SIM_KIOS_PUBLIC_KEY_FILE',
    );
  }
}
