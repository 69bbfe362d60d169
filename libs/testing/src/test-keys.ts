import { generateRsaKeyPair, loadPrivateKey, loadPublicKey } from '@kios/dana-protocol';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh RSA-2048 pair, as a dev or test run would generate it (no key is committed). */
export function freshKeyPair(): KeyPair {
  const pem = generateRsaKeyPair();
  return {
    privateKey: loadPrivateKey(pem.privateKeyPem, 'test'),
    publicKey: loadPublicKey(pem.publicKeyPem, 'test'),
    ...pem,
  };
}

export interface TestKeyFiles {
  /** The temp folder holding the files. */
  dir: string;
  /** Paths of the private key as PKCS#8 PEM and as PKCS#1 PEM, and of the public key as SPKI PEM. */
  pkcs8: string;
  pkcs1: string;
  publicKey: string;
  /** Deletes the folder. */
  remove(): void;
}

/**
 * A fresh RSA-2048 pair written to a temp folder in the formats DANA hands out and operators keep:
 * the private key as PKCS#8 (`BEGIN PRIVATE KEY`) and as PKCS#1 (`BEGIN RSA PRIVATE KEY`), the public
 * key as SPKI (`BEGIN PUBLIC KEY`). Made at test time, so no private key is committed.
 */
export function writeTestKeyFiles(owner: string): TestKeyFiles {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), `kios-${owner}-keys-`));
  const write = (name: string, pem: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, pem, { mode: 0o600 });
    return path;
  };
  return {
    dir,
    pkcs8: write(`${owner}-private-pkcs8.pem`, privateKey.export({ type: 'pkcs8', format: 'pem' })),
    pkcs1: write(`${owner}-private-pkcs1.pem`, privateKey.export({ type: 'pkcs1', format: 'pem' })),
    publicKey: write(`${owner}-public.pem`, publicKey.export({ type: 'spki', format: 'pem' })),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
