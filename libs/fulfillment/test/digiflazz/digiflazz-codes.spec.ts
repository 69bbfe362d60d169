import { DIGIFLAZZ_RESPONSE_CODES, outcomeOfRc, type RcOutcome } from '@kios/fulfillment';
import { harness, xlCredit, type Harness } from './digiflazz.fixture';
import { transactionAnswer } from './recording-server';

/**
 * Every rc on Digiflazz's response-code page (https://developer.digiflazz.com/api/buyer/response-code)
 * with the outcome kios gives it on a first call, and whether Digiflazz forms a transaction with it.
 * Written out here, not read from the adapter's table, so a change to either is seen.
 */
const EXPECTED: [rc: string, outcome: RcOutcome, formsTransaction: boolean, status: string][] = [
  ['00', 'succeeded', true, 'Sukses'],
  ['01', 'in_doubt', true, 'Gagal'],
  ['02', 'failed', true, 'Gagal'],
  ['03', 'pending', true, 'Pending'],
  ['40', 'failed', false, 'Gagal'],
  ['41', 'failed', false, 'Gagal'],
  ['42', 'failed', false, 'Gagal'],
  ['43', 'failed', false, 'Gagal'],
  ['44', 'failed', false, 'Gagal'],
  ['45', 'failed', false, 'Gagal'],
  ['47', 'failed', false, 'Gagal'],
  ['49', 'in_doubt', false, 'Gagal'],
  ['50', 'failed', true, 'Gagal'],
  ['51', 'failed', true, 'Gagal'],
  ['52', 'failed', true, 'Gagal'],
  ['53', 'failed', true, 'Gagal'],
  ['54', 'failed', true, 'Gagal'],
  ['55', 'failed', true, 'Gagal'],
  ['56', 'failed', false, 'Gagal'],
  ['57', 'failed', true, 'Gagal'],
  ['58', 'failed', true, 'Gagal'],
  ['59', 'failed', true, 'Gagal'],
  ['60', 'failed', true, 'Gagal'],
  ['61', 'failed', false, 'Gagal'],
  ['62', 'failed', false, 'Gagal'],
  ['63', 'failed', false, 'Gagal'],
  ['64', 'failed', false, 'Gagal'],
  ['65', 'failed', false, 'Gagal'],
  ['66', 'failed', false, 'Gagal'],
  ['67', 'failed', false, 'Gagal'],
  ['68', 'failed', false, 'Gagal'],
  ['69', 'failed', false, 'Gagal'],
  ['70', 'in_doubt', true, 'Gagal'],
  ['71', 'failed', true, 'Gagal'],
  ['72', 'failed', true, 'Gagal'],
  ['73', 'failed', true, 'Gagal'],
  ['74', 'failed', true, 'Gagal'],
  ['80', 'failed', false, 'Gagal'],
  ['81', 'failed', false, 'Gagal'],
  ['82', 'failed', false, 'Gagal'],
  ['83', 'in_doubt', false, 'Gagal'],
  ['84', 'failed', true, 'Gagal'],
  ['85', 'in_doubt', true, 'Gagal'],
  ['86', 'in_doubt', true, 'Gagal'],
  ['87', 'failed', false, 'Gagal'],
  ['88', 'failed', false, 'Gagal'],
  ['99', 'pending', true, 'Pending'],
];

describe('Digiflazz response codes', () => {
  it('the table holds exactly the codes of the response-code page', () => {
    expect(Object.keys(DIGIFLAZZ_RESPONSE_CODES).sort()).toEqual(EXPECTED.map(([rc]) => rc).sort());
  });

  it.each(EXPECTED)('rc %s is %s on a first call (forms a transaction: %p)', (rc, outcome, forms) => {
    expect(DIGIFLAZZ_RESPONSE_CODES[rc]).toMatchObject({ outcome, formsTransaction: forms });
    expect(outcomeOfRc(rc, 'first').outcome).toBe(outcome);
  });

  it.each(EXPECTED)('rc %s to a repeated call (a status check)', (rc, outcome, forms) => {
    // A refusal that forms no transaction says nothing of the one made before under the ref.
    const expected = outcome === 'failed' && !forms ? 'in_doubt' : outcome;
    expect(outcomeOfRc(rc, 'repeat').outcome).toBe(expected);
  });

  it('49 (Ref ID tidak unik) and 01 (Timeout) are in doubt, never failed', () => {
    for (const call of ['first', 'repeat'] as const) {
      expect(outcomeOfRc('49', call).outcome).toBe('in_doubt');
      expect(outcomeOfRc('01', call).outcome).toBe('in_doubt');
    }
  });

  it.each([['04'], ['46'], ['89'], ['98'], [''], ['0'], ['000'], ['toString'], ['__proto__']])(
    'an rc not in the table (%p) is in doubt',
    (rc) => {
      expect(outcomeOfRc(rc, 'first')).toEqual({ outcome: 'in_doubt', known: false });
    },
  );

  describe('through the adapter, over HTTP, as the answer to a first purchase', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await harness();
    });
    afterAll(() => h.fake.close());

    it.each(EXPECTED)('rc %s → %s', async (rc, outcome, _forms, status) => {
      const ref = `KIOS-RC${rc}-${Math.random().toString(16).slice(2, 10)}`;
      h.fake.answer(() => transactionAnswer({ ref_id: ref, rc, status, sn: rc === '00' ? 'SN-1' : '' }));
      const answer = await h.supplier.purchase({
        product: xlCredit,
        destination: { primaryParam: '087800001230' },
        supplierRef: ref,
      });
      expect(answer.status).toBe(outcome);
      if (answer.status === 'failed' || answer.status === 'in_doubt')
        expect(answer.reason).toContain(`rc ${rc}`);
    });
  });
});
