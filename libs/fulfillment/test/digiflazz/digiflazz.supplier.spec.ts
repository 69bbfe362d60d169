import { idr } from '@kios/dana-protocol';
import { DigiflazzCallError, DigiflazzInquiryUnusable, type PurchaseRequest } from '@kios/fulfillment';
import { plnPostpaid, plnToken } from '@kios/testing';
import { buy, harness, KEY, REF, xlCredit, type Harness } from './digiflazz.fixture';
import { TRANSACTION_ANSWER_COST as COST, transactionAnswer } from './recording-server';

describe('DigiflazzSupplier', () => {
  let h: Harness;
  afterEach(() => h.fake.close());

  describe('what an answer comes to', () => {
    beforeEach(async () => {
      h = await harness();
    });

    it.each([
      ['Sukses', '00', 'succeeded'],
      ['Success', '00', 'succeeded'],
      ['Pending', '03', 'pending'],
      ['Processing', '03', 'pending'],
      ['Gagal', '02', 'failed'],
      ['Failed', '02', 'failed'],
    ])('status %s with rc %s is %s', async (status, rc, outcome) => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc, status, sn: '1234567890' }));
      await expect(h.supplier.purchase(buy())).resolves.toMatchObject({ status: outcome });
    });

    it("a success carries Digiflazz's sn as the serial number", async () => {
      h.fake.answer(() =>
        transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: '0414000012345678' }),
      );
      await expect(h.supplier.purchase(buy())).resolves.toEqual({
        status: 'succeeded',
        serialNumber: '0414000012345678',
        cost: COST,
      });
    });

    it("a failure says the rc and Digiflazz's message", async () => {
      h.fake.answer(() =>
        transactionAnswer({ ref_id: REF, rc: '54', status: 'Gagal', message: 'Nomor Tujuan Salah' }),
      );
      await expect(h.supplier.purchase(buy())).resolves.toEqual({
        status: 'failed',
        reason: 'Digiflazz rc 54 (Nomor Tujuan Salah)',
      });
    });

    it.each([
      ['a status word that contradicts the rc', { rc: '00', status: 'Gagal' }],
      ['a status word kios does not know', { rc: '00', status: 'Refund' }],
      ['an rc not in the table', { rc: '77', status: 'Gagal' }],
      ['an answer about another ref_id', { rc: '00', status: 'Sukses', ref_id: 'KIOS-SOMEONE-ELSE' }],
    ])('%s is in doubt', async (_what, fields) => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, sn: '1', ...fields }));
      await expect(h.supplier.purchase(buy())).resolves.toMatchObject({ status: 'in_doubt' });
    });

    it.each([
      ['a timeout', { hang: true as const }, /within 1000 ms/],
      ['HTTP 500', { text: '<html>500</html>', status: 500, contentType: 'text/html' }, /HTTP 500/],
      [
        'HTTP 502 with a JSON body',
        { json: { data: { rc: '02', status: 'Gagal' } }, status: 502 },
        /HTTP 502/,
      ],
      ['a body cut short', { text: '{"data":{"rc":"00","status":"Suk' }, /not JSON/],
      ['garbage', { text: 'Service Temporarily Unavailable' }, /not JSON/],
      ['JSON without data.rc', { json: { success: true } }, /without data.rc/],
      ['a 4xx that is not JSON', { text: 'Forbidden', status: 403 }, /HTTP 403/],
    ])('%s is in doubt, never failed', async (_what, answer, reason) => {
      h.fake.answer(() => answer);
      const outcome = await h.supplier.purchase(buy());
      expect(outcome).toEqual({ status: 'in_doubt', reason: expect.stringMatching(reason) });
    });

    it('a refused connection is in doubt, marked as nothing sent (a routed order may go elsewhere)', async () => {
      await h.fake.close();
      await expect(h.supplier.purchase(buy())).resolves.toEqual({
        status: 'in_doubt',
        reason: expect.stringMatching(/ECONNREFUSED/),
        nothingSent: true,
      });
      h = await harness(); // afterEach closes one
    });

    it('an rc carried in a 4xx answer is read as any answer', async () => {
      h.fake.answer(() => ({
        ...transactionAnswer({ ref_id: REF, rc: '41', status: 'Gagal' }),
        status: 400,
      }));
      await expect(h.supplier.purchase(buy())).resolves.toMatchObject({ status: 'failed', reason: /rc 41/ });
    });
  });

  describe('receipts', () => {
    beforeEach(async () => {
      h = await harness();
    });

    it.each([
      ["grouped, first of the sn's fields", '1234-5678-9012-3456-7890/BUDI SANTOSO/R1/1300/32.5'],
      ['as 20 digits', '12345678901234567890'],
      ['after other words', 'Token: 1234 5678 9012 3456 7890 kWh 32,5'],
    ])('prepaid electricity: the PLN token is parsed out of the sn (%s)', async (_how, sn) => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn }));
      const outcome = await h.supplier.purchase({
        product: plnToken,
        destination: { primaryParam: '14234567123' },
        supplierRef: REF,
      });
      expect(outcome).toEqual({
        status: 'succeeded',
        serialNumber: sn,
        token: '12345678901234567890',
        cost: COST,
      });
    });

    it('prepaid electricity without a token in the sn: the serial number alone', async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'REF123/BUDI' }));
      const outcome = await h.supplier.purchase({
        product: plnToken,
        destination: { primaryParam: '14234567123' },
        supplierRef: REF,
      });
      expect(outcome).toEqual({ status: 'succeeded', serialNumber: 'REF123/BUDI', cost: COST });
    });

    it('a success without an sn keeps the ref_id as serial number', async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: '' }));
      await expect(h.supplier.purchase(buy())).resolves.toEqual({
        status: 'succeeded',
        serialNumber: REF,
        cost: COST,
      });
    });
  });

  describe('bills', () => {
    const payBill = (supplierRef = REF): PurchaseRequest => ({
      product: plnPostpaid,
      destination: { primaryParam: '530000000001' },
      supplierRef,
    });
    const commands = () => h.fake.bodies().map((body) => body.commands);

    beforeEach(async () => {
      h = await harness();
    });

    it('a bill Digiflazz finds nothing to pay for fails without a payment', async () => {
      h.fake.answer(() =>
        transactionAnswer({ ref_id: REF, rc: '60', status: 'Gagal', message: 'Tagihan belum tersedia' }),
      );
      await expect(h.supplier.purchase(payBill())).resolves.toMatchObject({
        status: 'failed',
        reason: /no bill paid/,
      });
      expect(commands()).toEqual(['inq-pasca']);
    });

    it('status-pasca: rc 50 for a ref this process sent no payment under is not_found; a purchase then pays', async () => {
      h.fake.answer((request) =>
        (request.body as { commands: string }).commands === 'inq-pasca'
          ? { hang: true }
          : transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'PAID-1' }),
      );
      await expect(h.supplier.purchase(payBill())).resolves.toMatchObject({ status: 'in_doubt' });
      await expect(h.supplier.checkStatus(payBill())).resolves.toEqual({ status: 'not_found' });
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'PAID-1' }));
      await expect(h.supplier.purchase(payBill())).resolves.toEqual({
        status: 'succeeded',
        serialNumber: 'PAID-1',
        cost: COST,
      });
      expect(commands()).toEqual(['inq-pasca', 'inq-pasca', 'pay-pasca']);
    });

    it("a payment Digiflazz has no record of (status-pasca rc 50) is not_found, given the purchase's details", async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '50', status: 'Gagal' }));
      await expect(h.supplier.checkStatus(payBill())).resolves.toEqual({ status: 'not_found' });
      expect(commands()).toEqual(['status-pasca']);
    });

    it('a pending payment is checked with status-pasca, and paid again by a purchase only if Digiflazz has none', async () => {
      h.fake.answer((request) =>
        (request.body as { commands: string }).commands === 'inq-pasca'
          ? transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses' })
          : transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' }),
      );
      await expect(h.supplier.purchase(payBill())).resolves.toEqual({ status: 'pending' });
      await expect(h.supplier.checkStatus(payBill())).resolves.toEqual({ status: 'pending' });
      await expect(h.supplier.purchase(payBill())).resolves.toEqual({ status: 'pending' });
      expect(commands()).toEqual(['inq-pasca', 'pay-pasca', 'status-pasca', 'status-pasca']);
    });
  });

  describe('refusals before anything is sent', () => {
    beforeEach(async () => {
      h = await harness();
    });

    it('a product without a Digiflazz sku fails, unsent', async () => {
      await expect(
        h.supplier.purchase({ ...buy(), product: { ...xlCredit, productId: 'NOT-SOLD-HERE' } }),
      ).resolves.toEqual({
        status: 'failed',
        reason: 'not sent: no Digiflazz sku for product NOT-SOLD-HERE',
      });
      expect(h.fake.requests).toHaveLength(0);
    });

    it('a max price that is not whole rupiah fails, unsent, rather than being rounded', async () => {
      await h.fake.close();
      h = await harness({ maxPriceFor: () => idr(1_025_050) });
      await expect(h.supplier.purchase(buy())).resolves.toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^not sent: max_price .*not a whole number of rupiah/),
      });
      expect(h.fake.requests).toHaveLength(0);
    });

    it.each([['KIOS/1'], [''], ['x'.repeat(37)], ['KIOS 1'], ['ÄÖ']])(
      'a reference Digiflazz cannot take (%p) is thrown, never sent',
      async (supplierRef) => {
        await expect(h.supplier.purchase(buy(supplierRef))).rejects.toThrow(
          /does not fit Digiflazz's ref_id/,
        );
        await expect(h.supplier.checkStatus(buy(supplierRef))).rejects.toThrow(/does not fit/);
        expect(h.fake.requests).toHaveLength(0);
      },
    );
  });

  describe('the key stays secret', () => {
    beforeEach(async () => {
      h = await harness();
    });

    it('in no outcome of a failed, refused or unusable call', async () => {
      const answers = [
        transactionAnswer({ ref_id: REF, rc: '41', status: 'Gagal', message: 'Signature Anda salah' }),
        { text: 'oops', status: 500 },
        { text: 'not json' },
        { hang: true as const },
      ];
      for (const [index, answer] of answers.entries()) {
        h.fake.answer(() => answer);
        const outcome = await h.supplier.purchase(buy(`KIOS-SECRET-${index}`));
        expect(JSON.stringify(outcome)).not.toContain(KEY);
      }
    });

    it('in no error thrown by balance, price list or inquiry', async () => {
      const errors: unknown[] = [];
      h.fake.answer(() => ({ json: { data: { rc: '41', message: 'Signature Anda salah' } } }));
      await h.supplier.balance().catch((error: unknown) => errors.push(error));
      await h.supplier.priceList('prepaid').catch((error: unknown) => errors.push(error));
      h.fake.answer(() => ({ text: 'bad gateway', status: 502 }));
      await h.supplier
        .inquire({ product: plnPostpaid, destination: { primaryParam: '530000000001' } })
        .catch((error: unknown) => errors.push(error));
      expect(errors).toHaveLength(3);
      expect(errors[0]).toBeInstanceOf(DigiflazzCallError);
      expect(errors[2]).toBeInstanceOf(DigiflazzInquiryUnusable);
      for (const error of errors) {
        expect(String((error as Error).message)).not.toContain(KEY);
        expect(String((error as Error).stack)).not.toContain(KEY);
        expect(JSON.stringify(error)).not.toContain(KEY);
      }
      expect((errors[0] as Error).message).toMatch(/rc 41/);
    });
  });
});
