import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSupplierSim, SupplierSimProcess, type SupplierSim } from '../src';
import { Buyer, eventually, KEY, md5, USERNAME, webhookReceiver } from './buyer-client';

const PENDING_DELAY_MS = 100;

/** An IAK buyer: signs each call by the documented formulas (md5 of username + key + ref_id / "bl" / "pl"). */
function iakCalls(baseUrl: string) {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    // A misbehaving answer (an HTML 5xx page) has no JSON: its body is then empty here.
    const json = response.headers.get('content-type')?.includes('json')
      ? (JSON.parse(text) as unknown)
      : { data: {} };
    return { httpStatus: response.status, body: json as { data: Record<string, unknown> } };
  };
  return {
    topUp: (
      refId: string,
      customerId: string,
      productCode = 'TSEL10',
      sign = md5(`${USERNAME}${KEY}${refId}`),
    ) =>
      post('top-up', {
        username: USERNAME,
        ref_id: refId,
        customer_id: customerId,
        product_code: productCode,
        sign,
      }),
    checkStatus: (refId: string) =>
      post('check-status', { username: USERNAME, ref_id: refId, sign: md5(`${USERNAME}${KEY}${refId}`) }),
    balance: () => post('check-balance', { username: USERNAME, sign: md5(`${USERNAME}${KEY}bl`) }),
    priceList: (path = 'pricelist') => post(path, { username: USERNAME, sign: md5(`${USERNAME}${KEY}pl`) }),
  };
}

let sim: SupplierSim;
let iak: ReturnType<typeof iakCalls>;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let refs = 0;
const ref = () => `IAK-${++refs}`;

beforeAll(async () => {
  receiver = await webhookReceiver();
  sim = await startSupplierSim({
    username: USERNAME,
    key: KEY,
    pendingDelayMs: PENDING_DELAY_MS,
    iakPort: 0,
    iakCallbackUrl: receiver.url,
  });
  iak = iakCalls(sim.iakUrl);
});
afterEach(async () => {
  await sim.webhooksSettled();
  await sim.reset({ all: true });
  receiver.received.length = 0;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe("supplier-sim's IAK side", () => {
  it("answers a top-up with IAK's data: status 1, rc 00, an sn, the price, the balance after it", async () => {
    const before = sim.deposit;
    const answer = await iak.topUp(ref(), '081234567123');
    expect(answer.httpStatus).toBe(200);
    expect(answer.body.data).toMatchObject({
      status: 1,
      rc: '00',
      message: 'SUCCESS',
      product_code: 'TSEL10',
      customer_id: '081234567123',
      sn: expect.stringMatching(/^\d{20}$/),
      price: 9990,
      balance: before - 9990,
      tr_id: expect.any(Number),
    });
  });

  it("plays the same suffix table as Digiflazz's side, in IAK's codes", async () => {
    expect((await iak.topUp(ref(), '081234567991')).body.data).toMatchObject({ status: 2, rc: '07' });
    expect((await iak.topUp(ref(), '081234567990')).body.data).toMatchObject({ status: 2, rc: '14' });
    const pending = ref();
    expect((await iak.topUp(pending, '081234567992')).body.data).toMatchObject({ status: 0, rc: '39' });
    expect((await iak.checkStatus(pending)).body.data).toMatchObject({ status: 0, rc: '39' });
    await eventually(async () => (await iak.checkStatus(pending)).body.data.status === 1);
  });

  it('a top-up sent again under its ref_id is a status check: one transaction, one debit', async () => {
    const refId = ref();
    await iak.topUp(refId, '081234567992');
    const after = sim.deposit;
    expect((await iak.topUp(refId, '081234567992')).body.data).toMatchObject({ ref_id: refId, status: 0 });
    expect(sim.deposit).toBe(after);
    expect(sim.requestLog().filter((entry) => entry.ref_id === refId && entry.created)).toHaveLength(1);
  });

  it('check-status of a ref_id it has never seen answers rc 06 and buys nothing', async () => {
    const refId = ref();
    expect((await iak.checkStatus(refId)).body.data).toMatchObject({ ref_id: refId, status: 2, rc: '06' });
    expect(sim.transaction(refId)).toBeUndefined();
  });

  it('refuses a wrong sign with HTTP 400 rc 204, an unknown product with 400 rc 20, a deposit too small with 400 rc 17: no transaction', async () => {
    const wrongSign = ref();
    expect(await iak.topUp(wrongSign, '081234567123', 'TSEL10', md5('not the sign'))).toMatchObject({
      httpStatus: 400,
      body: { data: { rc: '204', status: 2 } },
    });
    expect((await iak.topUp(ref(), '081234567123', 'NOPE')).httpStatus).toBe(400);
    await sim.control({ deposit: 10 });
    const poor = ref();
    expect(await iak.topUp(poor, '081234567123')).toMatchObject({
      httpStatus: 400,
      body: { data: { rc: '17' } },
    });
    expect(sim.transaction(wrongSign)).toBeUndefined();
    expect(sim.transaction(poor)).toBeUndefined();
  });

  it("shares one book with Digiflazz's side: a ref_id bought through one is not bought again through the other", async () => {
    const refId = ref();
    await iak.topUp(refId, '081234567123');
    const buyer = new Buyer(sim.url);
    await buyer.topUp(refId, 'TSEL10', '081234567123');
    expect(sim.transactions().filter((transaction) => transaction.data.ref_id === refId)).toHaveLength(1);
    expect(sim.requestLog().filter((entry) => entry.ref_id === refId && entry.created)).toEqual([
      expect.objectContaining({ supplier: 'iak', path: '/api/top-up' }),
    ]);
  });

  it('check-balance (sign "bl") and the price list (sign "pl", by type and operator, IAK prices apart)', async () => {
    expect((await iak.balance()).body.data).toEqual({ balance: sim.deposit, message: 'SUCCESS', rc: '00' });
    await sim.control({ iak: { prices: { TSEL10: 9800 } } });
    const list = (await iak.priceList('pricelist/pulsa/telkomsel')).body.data as unknown as Record<
      string,
      unknown
    >[];
    expect(list.length).toBeGreaterThan(0);
    expect(
      list.every((entry) => entry.product_type === 'pulsa' && entry.product_description === 'TELKOMSEL'),
    ).toBe(true);
    expect(list.find((entry) => entry.product_code === 'TSEL10')).toMatchObject({
      product_price: 9800,
      status: 'active',
    });
    expect((await iak.topUp(ref(), '081234567123')).body.data).toMatchObject({ price: 9800 });
  });

  it("sends IAK's callback once a transaction is final, every field a string, signed md5(username + key + ref_id)", async () => {
    const refId = ref();
    await iak.topUp(refId, '081234567992');
    await eventually(() => receiver.received.length >= 1);
    await sim.webhooksSettled();
    expect(receiver.received).toHaveLength(1);
    const { data } = JSON.parse(receiver.received[0].rawBody) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      ref_id: refId,
      status: '1',
      rc: '00',
      sign: md5(`${USERNAME}${KEY}${refId}`),
    });
    expect(Object.values(data).every((value) => typeof value === 'string')).toBe(true);
  });

  it("its callbacks misbehave by IAK's own webhook mode: a bad sign, a duplicate", async () => {
    await sim.control({ iak: { webhook: { badSignature: 1, duplicate: 1 } } });
    const refId = ref();
    await iak.topUp(refId, '081234567123');
    await eventually(() => receiver.received.length >= 1);
    await sim.webhooksSettled();
    const signs = receiver.received.map(
      (hook) => (JSON.parse(hook.rawBody) as { data: { sign: string } }).data.sign,
    );
    expect(signs[0]).not.toBe(md5(`${USERNAME}${KEY}${refId}`));
    expect(sim.iakCallbackDeliveries().map((delivery) => delivery.misbehaviour)).toEqual([
      'bad_signature',
      'duplicate',
    ]);
  });

  it("its misbehaviours are its own: IAK's http5xx leaves Digiflazz's calls alone, and the other way round", async () => {
    await sim.control({ iak: { http5xx: { count: 1, status: 502 } }, garbage: 1 });
    const buyer = new Buyer(sim.url);
    expect((await buyer.raw('/v1/cek-saldo', {})).text).not.toMatch(/^\{.*\}$/);
    expect((await iak.balance()).httpStatus).toBe(502);
    expect((await iak.balance()).httpStatus).toBe(200);
  });

  it("lateSuccess on IAK's side: the top-up succeeds at once but answers late; check-status meanwhile finds it", async () => {
    await sim.control({ iak: { lateSuccess: { count: 1, delayMs: 400 } } });
    const refId = ref();
    const started = Date.now();
    const late = iak.topUp(refId, '081234567123');
    await eventually(() => sim.transaction(refId) !== undefined);
    expect((await iak.checkStatus(refId)).body.data).toMatchObject({ status: 1, rc: '00' });
    expect((await late).body.data).toMatchObject({ status: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(sim.requestLog().find((entry) => entry.ref_id === refId && entry.created)).toMatchObject({
      misbehaviour: 'late_success',
    });
  });

  it('refuse: the next top-up answers the IAK rc given; one about the transaction records a failed one', async () => {
    await sim.control({ iak: { refuse: { count: 2, rc: '102' } } });
    expect((await iak.topUp(ref(), '081234567123')).httpStatus).toBe(400);
    await sim.control({ iak: { refuse: { count: 1, rc: '106' } } });
    const failed = ref();
    expect((await iak.topUp(failed, '081234567123')).body.data).toMatchObject({ status: 2, rc: '106' });
    expect((await iak.checkStatus(failed)).body.data).toMatchObject({ status: 2, rc: '106' });
  });

  it("down: IAK's own listener refuses connections (Digiflazz's side still answers) until it is up again", async () => {
    await sim.control({ iak: { down: true } });
    await expect(iak.balance()).rejects.toThrow();
    expect((await new Buyer(sim.url).deposit()).data.deposit).toBe(sim.deposit);
    await sim.control({ iak: { down: false } });
    expect((await iak.balance()).httpStatus).toBe(200);
  });

  it('down on the shared port: the call is closed unread, so nothing is bought', async () => {
    const shared = iakCalls(`${sim.url}/api/`);
    await sim.control({ iak: { down: true } });
    const refId = ref();
    await expect(shared.topUp(refId, '081234567123')).rejects.toThrow();
    expect(sim.transaction(refId)).toBeUndefined();
    await sim.reset();
    expect((await shared.topUp(refId, '081234567123')).body.data).toMatchObject({ status: 1 });
  });

  it('refuses a control body it cannot read, changing nothing', async () => {
    expect(() => sim.control({ iak: { refuse: { rc: '45' } }, answerDelayMs: 5 })).toThrow(/IAK rc/);
    expect(() => sim.control({ iak: { deposit: 5 } })).toThrow(/shared/);
    expect(sim.modes.answerDelayMs).toBe(0);
  });

  it("as a child process: IAK's own port down from the start (--mode), up on request, its transactions kept across a restart", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'supplier-sim-iak-')), 'state.jsonl');
    const args = ['--username', USERNAME, '--key', KEY, '--state-file', stateFile, '--iak-port', '0'];
    const first = await SupplierSimProcess.start({ args: [...args, '--mode', '{"iak":{"down":true}}'] });
    const refId = ref();
    try {
      expect(first.iakUrl).not.toBe(`${first.url}/api/`);
      await expect(iakCalls(first.iakUrl).balance()).rejects.toThrow();
      await first.control({ iak: { down: false } });
      expect((await iakCalls(first.iakUrl).topUp(refId, '081234567123')).body.data).toMatchObject({
        status: 1,
      });
    } finally {
      await first.stop('SIGKILL');
    }
    const second = await SupplierSimProcess.start({ args });
    try {
      expect((await iakCalls(second.iakUrl).checkStatus(refId)).body.data).toMatchObject({
        ref_id: refId,
        status: 1,
        rc: '00',
      });
    } finally {
      await second.stop();
    }
  }, 60_000);
});
