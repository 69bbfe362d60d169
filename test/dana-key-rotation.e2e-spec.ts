import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DanaClient,
  devKeyPaths,
  ensureDevKeys,
  generateRsaKeyPair,
  loadPrivateKey,
  loadPublicKey,
} from '@kios/dana-protocol';
import { KiosProcess, tempDataDir } from './support/kios-process';
import { telcoOrderBody } from './support/order-tests';
import { runApp } from './support/run-cli';

/**
 * Both key rotations (docs/dana-protocol.md §2.3, README "DANA rotating its key"). DANA rotates its signing key without downtime (docs/dana-protocol.md §2.3): kios is given the
 * current key and the next one in KIOS_DANA_PUBLIC_KEY_FILE, so Create Orders signed with either are
 * answered, signed by kios; one signed with any other key is refused with a signed 401. Every key
 * is made at test time.
 */
describe('kios holding DANA’s current and next public keys', () => {
  const dataDir = tempDataDir('kios-rotation-');
  const dev = ensureDevKeys(dataDir).paths;
  const next = generateRsaKeyPair();
  const keysFile = join(dataDir, 'dana-public-keys.pem');
  writeFileSync(keysFile, readFileSync(dev.danaPublicKey, 'utf8') + next.publicKeyPem);
  const kios = new KiosProcess({
    dataDir,
    env: { KIOS_DANA_PUBLIC_KEY_FILE: keysFile, KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' },
  });
  beforeAll(() => kios.start(), 30_000);
  afterAll(() => kios.kill());

  const signingWith = (danaPrivateKeyPem: string) =>
    new DanaClient({
      baseUrl: kios.baseUrl,
      danaPrivateKey: loadPrivateKey(danaPrivateKeyPem, 'DANA key of the test'),
      kiosPublicKey: loadPublicKey(readFileSync(devKeyPaths(dataDir).kiosPublicKey, 'utf8'), 'kios key'),
    });

  it.each([
    ['the current key', () => readFileSync(dev.danaPrivateKey, 'utf8')],
    ['the next key', () => next.privateKeyPem],
  ])('answers a Create Order signed with %s', async (_which, privateKeyPem) => {
    const reply = await signingWith(privateKeyPem()).createOrder(telcoOrderBody('081234567345'));
    expect(reply.httpStatus).toBe(200);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.envelope.response.body.order.orderStatus.status).toBe('SUCCESS');
  });

  it('refuses one signed with any other key, with a signed 401', async () => {
    const reply = await signingWith(generateRsaKeyPair().privateKeyPem).createOrder(
      telcoOrderBody('081234567345'),
    );
    expect(reply.httpStatus).toBe(401);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.bodyText).toContain('INVALID_SIGNATURE');
  });
});

/**
 * kios rotating its merchant key: `kios-cli keys generate` makes the new pair; restarted on the new
 * private key (KIOS_MERCHANT_PRIVATE_KEY_FILE), kios signs its answers with it — they verify under the
 * new public key DANA was given, and no longer under the old one.
 */
describe('kios restarted on a merchant key made by kios-cli keys generate', () => {
  const dataDir = tempDataDir('kios-merchant-rotation-');
  const dev = ensureDevKeys(dataDir).paths;
  const newKeys = join(dataDir, 'merchant-2027-01');
  let kios: KiosProcess;
  afterAll(() => kios?.kill());

  const danaTrusting = (kiosPublicKeyPem: string) =>
    new DanaClient({
      baseUrl: kios.baseUrl,
      danaPrivateKey: loadPrivateKey(readFileSync(dev.danaPrivateKey, 'utf8'), 'DANA dev key'),
      kiosPublicKey: loadPublicKey(kiosPublicKeyPem, 'kios key DANA holds'),
    });

  it('signs its answers with the new key only', async () => {
    const generated = await runApp('kios-cli', ['keys', 'generate', '--out', newKeys], {
      KIOS_DATA_DIR: dataDir,
    });
    expect(generated).toMatchObject({ code: 0, stderr: '' });
    const newPublicPem = readFileSync(join(newKeys, 'merchant-public.pem'), 'utf8');
    expect(generated.stdout).toContain(newPublicPem.trimEnd());

    kios = await new KiosProcess({
      dataDir,
      env: {
        KIOS_MERCHANT_PRIVATE_KEY_FILE: join(newKeys, 'merchant-private.pem'),
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
      },
    }).start();

    const underNewKey = await danaTrusting(newPublicPem).createOrder(telcoOrderBody('081234567345'));
    expect(underNewKey.signature).toMatchObject({ ok: true });
    expect(underNewKey.envelope.response.body.order.orderStatus.status).toBe('SUCCESS');
    const underOldKey = await danaTrusting(readFileSync(dev.kiosPublicKey, 'utf8')).createOrder(
      telcoOrderBody('081234567345'),
    );
    expect(underOldKey.httpStatus).toBe(200);
    expect(underOldKey.signature).toMatchObject({ ok: false });
  }, 60_000);
});
