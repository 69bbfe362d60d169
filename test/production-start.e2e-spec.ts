import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { DanaClient, generateRsaKeyPair, loadPrivateKey, loadPublicKey } from '@kios/dana-protocol';
import { eventually } from './support/eventually';
import { freePort, tempDataDir } from './support/kios-process';

const repoRoot = resolve(__dirname, '..');
/** `nobody`: the unprivileged user kios runs as when the test runs as root (the image runs it as `node`). */
const UNPRIVILEGED = 65_534;

/**
 * kios started as its image starts it (Dockerfile; no Docker engine runs here): the built dist/ and
 * the installed dependencies pruned to production ones (`npm prune --omit=dev`, as the image's build
 * stage does after `npm ci`) in a folder of its own, run by `node` as a user other than root,
 * NODE_ENV=production, keys from files.
 */
describe('kios started the way its image starts it', () => {
  const site = tempDataDir('kios-image-');
  const dataDir = join(site, 'data');
  const keysDir = join(site, 'keys');
  const kiosKeys = generateRsaKeyPair();
  const danaKeys = generateRsaKeyPair();
  const asRoot = process.getuid?.() === 0;
  let node = process.execPath;
  let kios: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    if (!existsSync(join(repoRoot, 'dist/apps/kios/src/main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
    for (const file of ['package.json', 'package-lock.json'])
      copyFileSync(join(repoRoot, file), join(site, file));
    // What the image's build stage holds after `npm ci` and the build, copied with timestamps and
    // links kept, then pruned to the production dependencies as it is there (Dockerfile).
    execFileSync('cp', [
      '-a',
      ...['dist', 'catalog', 'node_modules'].map((folder) => join(repoRoot, folder)),
      site,
    ]);
    execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: site, stdio: 'pipe' });
    mkdirSync(dataDir);
    mkdirSync(keysDir);
    writeFileSync(join(keysDir, 'kios-private.pem'), kiosKeys.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(keysDir, 'dana-public.pem'), danaKeys.publicKeyPem);
    chmodSync(site, 0o755);
    if (asRoot) {
      // The user must reach node whatever the permissions of the folders above this machine's Node.
      node = join(site, 'node');
      copyFileSync(process.execPath, node);
      chmodSync(node, 0o755);
      for (const owned of [
        dataDir,
        keysDir,
        join(keysDir, 'kios-private.pem'),
        join(keysDir, 'dana-public.pem'),
      ]) {
        chownSync(owned, UNPRIVILEGED, UNPRIVILEGED);
      }
    }
  }, 300_000);

  afterAll(() => {
    kios?.kill('SIGTERM');
  });

  /** kios from the folder, as the image's CMD runs it, with `env` over the production settings. */
  function start(env: Record<string, string>): ChildProcess {
    output = '';
    const child = spawn(node, ['dist/apps/kios/src/main.js'], {
      cwd: site,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        KIOS_DATA_DIR: dataDir,
        KIOS_HOST: '127.0.0.1',
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: UNPRIVILEGED, gid: UNPRIVILEGED } : {}),
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return child;
  }

  it('refuses to start without keys, naming the settings to give', async () => {
    const refused = start({ KIOS_PORT: String(await freePort()) });

    const code = await new Promise((resolveCode) => refused.once('exit', resolveCode));

    expect(code).not.toBe(0);
    expect(output).toContain('NODE_ENV is production and no key is configured');
    expect(output).toContain('KIOS_MERCHANT_PRIVATE_KEY');
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
  }, 60_000);

  it('serves a signed Get List of Product as a user other than root, on production dependencies only', async () => {
    const port = await freePort();
    kios = start({
      KIOS_PORT: String(port),
      KIOS_MERCHANT_PRIVATE_KEY_FILE: join(keysDir, 'kios-private.pem'),
      KIOS_DANA_PUBLIC_KEY_FILE: join(keysDir, 'dana-public.pem'),
      // required in production like the keys (a test value)
      KIOS_SESSION_SECRET: randomBytes(32).toString('hex'),
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await eventually(async () => {
      const health = await fetch(`${baseUrl}/health`).catch((error: Error) => {
        throw new Error(`${error.message}; kios printed:\n${output}`);
      });
      expect(health.status).toBe(200);
    }, 60_000);

    const reply = await new DanaClient({
      baseUrl,
      danaPrivateKey: loadPrivateKey(danaKeys.privateKeyPem, 'DANA key of the test'),
      kiosPublicKey: loadPublicKey(kiosKeys.publicKeyPem, 'kios key of the test'),
    }).productQuery({ type: 'MOBILE_CREDIT', provider: 'telkomsel' });

    expect(reply.httpStatus).toBe(200);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(
      reply.envelope.response.body.products.map((product: { productId: string }) => product.productId),
    ).toContain('TSEL-10K');
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${kios.pid}/status`, 'utf8'))![1];
    expect(Number(uid)).not.toBe(0);
    expect(existsSync(join(site, 'node_modules', 'better-sqlite3'))).toBe(true);
    expect(existsSync(join(site, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(site, 'node_modules', 'jest'))).toBe(false);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
  }, 90_000);
});
