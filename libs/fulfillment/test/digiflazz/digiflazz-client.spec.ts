import { DigiflazzClient } from '../../src/digiflazz/digiflazz-client';
import { RecordingServer } from './recording-server';

/**
 * The transport alone, over real HTTP to a local server: what one POST sends, what each kind of
 * answer comes to, and the kept-alive connection that makes a call cheap for kios's main thread
 * (README "Benchmarks", create-order-digiflazz).
 */
describe('DigiflazzClient', () => {
  const TIMEOUT_MS = 300;
  let fake: RecordingServer;
  let client: DigiflazzClient;

  beforeEach(async () => {
    fake = await RecordingServer.start();
    client = new DigiflazzClient({ baseUrl: `${fake.url}/`, timeoutMs: TIMEOUT_MS });
  });

  afterEach(async () => {
    client.close();
    await fake.close();
  });

  it('POSTs the body as JSON to the path under the origin and hands back the parsed answer', async () => {
    fake.answer(() => ({ json: { data: { rc: '00', sn: 'Rp 10.000' } } }));
    const reply = await client.post('/v1/transaction', { ref_id: 'KIOS-1', max_price: 10_090 });
    expect(reply).toEqual({ ok: true, httpStatus: 200, body: { data: { rc: '00', sn: 'Rp 10.000' } } });
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent.path).toBe('/v1/transaction');
    expect(sent.rawBody).toBe('{"ref_id":"KIOS-1","max_price":10090}');
    expect(sent.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
      'content-length': String(sent.rawBody.length),
    });
  });

  it('keeps a path in the base URL in front of every call', async () => {
    const proxied = new DigiflazzClient({ baseUrl: `${fake.url}/digiflazz/`, timeoutMs: TIMEOUT_MS });
    await proxied.post('/v1/price-list', { cmd: 'prepaid' });
    proxied.close();
    expect(fake.requests.map((request) => request.path)).toEqual(['/digiflazz/v1/price-list']);
  });

  it('sends calls one after another over one kept-alive connection', async () => {
    for (let call = 0; call < 5; call += 1) {
      await expect(client.post('/v1/cek-saldo', { cmd: 'deposit' })).resolves.toMatchObject({ ok: true });
    }
    expect(fake.requests).toHaveLength(5);
    expect(fake.connections).toBe(1);
  });

  it('close() lets go of the kept-alive connection', async () => {
    await client.post('/v1/cek-saldo', { cmd: 'deposit' });
    expect(fake.openConnections).toBe(1);
    client.close();
    await waitFor(() => fake.openConnections === 0);
    expect(fake.openConnections).toBe(0);
  });

  it('a 4xx with a JSON body is an answer (Digiflazz may put an rc in it)', async () => {
    fake.answer(() => ({ json: { data: { rc: '41' } }, status: 400 }));
    await expect(client.post('/v1/transaction', {})).resolves.toEqual({
      ok: true,
      httpStatus: 400,
      body: { data: { rc: '41' } },
    });
  });

  it.each([
    [
      'a 5xx, whatever its body',
      { json: { data: { rc: '00' } }, status: 503 },
      { kind: 'http_status', status: 503 },
    ],
    [
      'a 200 that is not JSON',
      { text: '<html>maintenance</html>' },
      { kind: 'unparseable', httpStatus: 200 },
    ],
    ['a 4xx that is not JSON', { text: 'Forbidden', status: 403 }, { kind: 'http_status', status: 403 }],
  ] as const)('%s is a transport failure', async (_what, answer, failure) => {
    fake.answer(() => answer);
    await expect(client.post('/v1/transaction', {})).resolves.toEqual({ ok: false, failure });
  });

  it.each([
    ['no answer at all', { hang: true } as const],
    ['an answer whose body never ends', { unfinished: '{"data":{"rc":"0' }],
  ])('%s is a timeout after timeoutMs', async (_what, answer) => {
    fake.answer(() => answer);
    const started = performance.now();
    const reply = await client.post('/v1/transaction', {});
    const waitedMs = performance.now() - started;
    expect(reply).toEqual({ ok: false, failure: { kind: 'timeout', afterMs: TIMEOUT_MS } });
    expect(waitedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(waitedMs).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('a call after a timeout goes out on a fresh connection and is answered', async () => {
    fake.answer(() => ({ hang: true }));
    await client.post('/v1/transaction', {});
    fake.answer(() => ({ json: { data: { rc: '00' } } }));
    await expect(client.post('/v1/transaction', {})).resolves.toMatchObject({ ok: true, httpStatus: 200 });
    expect(fake.connections).toBe(2);
  });

  it('a refused connection is a network failure naming its code', async () => {
    await fake.close();
    await expect(client.post('/v1/transaction', {})).resolves.toEqual({
      ok: false,
      failure: { kind: 'network', detail: 'ECONNREFUSED' },
    });
    fake = await RecordingServer.start(); // afterEach closes one
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
}
