import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRsaKeyPair } from './key-loader';

export interface DevKeyPaths {
  dir: string;
  kiosPrivateKey: string;
  kiosPublicKey: string;
  danaPrivateKey: string;
  danaPublicKey: string;
}

export function devKeyPaths(dataDir: string): DevKeyPaths {
  const dir = join(dataDir, 'keys');
  return {
    dir,
    kiosPrivateKey: join(dir, 'kios-private.pem'),
    kiosPublicKey: join(dir, 'kios-public.pem'),
    danaPrivateKey: join(dir, 'dana-private.pem'),
    danaPublicKey: join(dir, 'dana-public.pem'),
  };
}

/**
 * Development keys (docs/architecture.md §6): with no keys configured outside production, kios makes a pair
 * for itself and one for DANA under `<dataDir>/keys/`, and dana-sim reads the same files. A pair is
 * (re)made whole when either half is missing, so the halves always match.
 */
export function ensureDevKeys(dataDir: string): { generated: boolean; paths: DevKeyPaths } {
  const paths = devKeyPaths(dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  const madeKios = ensurePair(paths.kiosPrivateKey, paths.kiosPublicKey);
  const madeDana = ensurePair(paths.danaPrivateKey, paths.danaPublicKey);
  return { generated: madeKios || madeDana, paths };
}

function ensurePair(privatePath: string, publicPath: string): boolean {
  if (existsSync(privatePath) && existsSync(publicPath)) return false;
  const pair = generateRsaKeyPair();
  writeAtomically(publicPath, pair.publicKeyPem, 0o644);
  writeAtomically(privatePath, pair.privateKeyPem, 0o600);
  return true;
}

/** A reader starting at the same moment (dana-sim) sees the old file or the whole new one, never half. */
function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, path);
}
