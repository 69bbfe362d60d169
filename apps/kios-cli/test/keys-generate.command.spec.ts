import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSettings } from '@kios/config';
import { loadPrivateKey, loadPublicKey, signText, verifyText } from '@kios/dana-protocol';
import { CliContext, CliError } from '../src/cli-context';
import { keysGenerate } from '../src/commands/keys-generate.command';

/** `kios-cli keys generate`: a merchant key pair for a rotation (docs/dana-protocol.md §2.3). */
describe('kios-cli keys generate', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'kios-cli-keys-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  async function run(args: string[]): Promise<string> {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await keysGenerate(args, new CliContext(readSettings({ KIOS_DATA_DIR: folder }), out));
    return printed;
  }

  it('writes a pair that belongs together, the private key readable by its owner only, and prints only the public key', async () => {
    const out = join(folder, '2027-01');
    const printed = await run(['--out', out]);

    const privatePem = readFileSync(join(out, 'merchant-private.pem'), 'utf8');
    const publicPem = readFileSync(join(out, 'merchant-public.pem'), 'utf8');
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(statSync(join(out, 'merchant-private.pem')).mode & 0o777).toBe(0o600);
    const privateKey = loadPrivateKey(privatePem, 'merchant-private.pem');
    const publicKey = loadPublicKey(publicPem, 'merchant-public.pem');
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(verifyText('pair check', signText('pair check', privateKey), publicKey)).toBe(true);

    expect(printed).toContain(publicPem.trimEnd());
    expect(printed).toContain(publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
    expect(printed).toMatch(/fingerprint: SHA256:[A-Za-z0-9+/]{43}=/);
    expect(printed).not.toContain('PRIVATE KEY-----');
    const privateBody = privatePem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect(printed.replace(/\s+/g, '')).not.toContain(privateBody.slice(40, 100));
  });

  it('refuses to overwrite a key already there, leaving it as it was', async () => {
    await run(['--out', folder]);
    const before = readFileSync(join(folder, 'merchant-private.pem'), 'utf8');
    await expect(run(['--out', folder])).rejects.toThrow(/merchant-private\.pem exists already/);
    expect(readFileSync(join(folder, 'merchant-private.pem'), 'utf8')).toBe(before);
  });

  it('asks for --out', async () => {
    await expect(run([])).rejects.toThrow(CliError);
    await expect(run([])).rejects.toThrow(/--out <dir> is required/);
  });
});
