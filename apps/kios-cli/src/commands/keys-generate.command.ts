import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateRsaKeyPair, loadPublicKey } from '@kios/dana-protocol';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const keysGenerateUsage = `kios-cli keys generate --out <dir>

  Makes a new merchant key pair for kios (RSA-2048, docs/dana-protocol.md §2.3) and writes it to
  <dir>: merchant-private.pem (PKCS#8, readable by its owner only; point KIOS_MERCHANT_PRIVATE_KEY_FILE
  at it) and merchant-public.pem (SPKI). Prints the public key as DANA's Merchant Portal takes it —
  PEM, and the same as one line of base64 — with its SHA-256 fingerprint; never the private key.
  Refuses to overwrite a key already in <dir>. Rotation: upload the new public key to DANA, then
  restart kios (replicas one at a time) with KIOS_MERCHANT_PRIVATE_KEY_FILE on the new private key.

  example: kios-cli keys generate --out ./keys/2027-01`;

const PRIVATE_FILE = 'merchant-private.pem';
const PUBLIC_FILE = 'merchant-public.pem';

export async function keysGenerate(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' } }, keysGenerateUsage);
  if (positionals.length > 0)
    throw new CliError(`unexpected ${positionals.join(' ')}\n\n${keysGenerateUsage}`);
  if (!values.out) throw new CliError(`--out <dir> is required\n\n${keysGenerateUsage}`);
  const dir = resolve(values.out);
  const files = { privateKey: join(dir, PRIVATE_FILE), publicKey: join(dir, PUBLIC_FILE) };
  for (const file of Object.values(files)) {
    if (existsSync(file)) throw new CliError(`${file} exists already: choose another --out folder`);
  }
  const pair = generateRsaKeyPair();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // `wx`: never over a file another run wrote in between.
  writeFileSync(files.privateKey, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(files.publicKey, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  const der = loadPublicKey(pair.publicKeyPem, files.publicKey).export({ type: 'spki', format: 'der' });
  context.print(`private key: ${files.privateKey} (set KIOS_MERCHANT_PRIVATE_KEY_FILE to it)`);
  context.print(`public key:  ${files.publicKey}`);
  context.print(`fingerprint: SHA256:${createHash('sha256').update(der).digest('base64')}`);
  context.print('');
  context.print("The public key for DANA's Merchant Portal (PEM):");
  context.print(pair.publicKeyPem.trimEnd());
  context.print('');
  context.print('The same as one line of base64:');
  context.print(der.toString('base64'));
}
