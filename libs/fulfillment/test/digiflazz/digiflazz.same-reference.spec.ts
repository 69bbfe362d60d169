import { buy, harness, REF, type Harness } from './digiflazz.fixture';
import { TRANSACTION_ANSWER_COST as COST, transactionAnswer } from './recording-server';

describe('DigiflazzSupplier', () => {
  let h: Harness;
  afterEach(() => h.fake.close());

  describe('the same reference again', () => {
    beforeEach(async () => {
      h = await harness();
    });

    it('a final outcome is answered as it is, without asking Digiflazz again', async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1' }));
      const bought = await h.supplier.purchase(buy());
      await expect(h.supplier.purchase(buy())).resolves.toEqual(bought);
      await expect(h.supplier.checkStatus(buy())).resolves.toEqual(bought);
      expect(h.fake.requests).toHaveLength(1);
    });

    it('a failure that formed no transaction is never sent again (it would buy now)', async () => {
      h.fake.answer(() =>
        transactionAnswer({ ref_id: REF, rc: '44', status: 'Gagal', message: 'Saldo tidak cukup' }),
      );
      const failed = await h.supplier.purchase(buy());
      expect(failed).toMatchObject({ status: 'failed' });
      await expect(h.supplier.checkStatus(buy())).resolves.toEqual(failed);
      expect(h.fake.requests).toHaveLength(1);
    });

    it('pending: checkStatus sends the topup again; a refusal of that repeat that forms no transaction is in doubt', async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' }));
      await h.supplier.purchase(buy());
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '45', status: 'Gagal' }));
      await expect(h.supplier.checkStatus(buy())).resolves.toMatchObject({
        status: 'in_doubt',
        reason: expect.stringMatching(/repeated call with rc 45/),
      });
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-2' }));
      await expect(h.supplier.checkStatus(buy())).resolves.toEqual({
        status: 'succeeded',
        serialNumber: 'SN-2',
        cost: COST,
      });
    });

    it('pending is not asked about again within statusCheckMinIntervalMs', async () => {
      await h.fake.close();
      h = await harness({ statusCheckMinIntervalMs: 60_000 });
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' }));
      await h.supplier.purchase(buy());
      h.clock.now = new Date(h.clock.now.getTime() + 59_999);
      await expect(h.supplier.checkStatus(buy())).resolves.toEqual({ status: 'pending' });
      expect(h.fake.requests).toHaveLength(1);
      h.clock.now = new Date(h.clock.now.getTime() + 1);
      await h.supplier.checkStatus(buy());
      expect(h.fake.requests).toHaveLength(2);
    });

    it('a topup another process heard pending is not asked about before statusCheckMinIntervalMs from that answer', async () => {
      await h.fake.close();
      h = await harness({ statusCheckMinIntervalMs: 60_000 });
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1' }));
      const answeredPendingAt = new Date(h.clock.now.getTime() - 59_999);
      await expect(h.supplier.checkStatus({ ...buy(), answeredPendingAt })).resolves.toEqual({
        status: 'pending',
      });
      expect(h.fake.requests).toHaveLength(0);
      h.clock.now = new Date(h.clock.now.getTime() + 1);
      await expect(h.supplier.checkStatus({ ...buy(), answeredPendingAt })).resolves.toEqual({
        status: 'succeeded',
        serialNumber: 'SN-1',
        cost: COST,
      });
      expect(h.fake.requests).toHaveLength(1);
    });

    it('overlapping purchases under one reference share one request', async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1' }));
      const [first, second] = await Promise.all([h.supplier.purchase(buy()), h.supplier.purchase(buy())]);
      expect(second).toEqual(first);
      expect(h.fake.requests).toHaveLength(1);
    });

    it('past the 90-day horizon a known ref is not sent again: in doubt', async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '03', status: 'Pending' }));
      await h.supplier.purchase(buy());
      h.clock.now = new Date(h.clock.now.getTime() + 90 * 24 * 60 * 60 * 1000);
      await expect(h.supplier.checkStatus(buy())).resolves.toMatchObject({
        status: 'in_doubt',
        reason: expect.stringMatching(
          /was first sent \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00, past Digiflazz's 90-day horizon/,
        ),
      });
      await expect(h.supplier.purchase(buy())).resolves.toMatchObject({ status: 'in_doubt' });
      expect(h.fake.requests).toHaveLength(1);
    });

    it('a topup this process never sent (sent before a restart): its status check is the same topup under the same ref_id, sent once for overlapping calls', async () => {
      h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1' }));
      const [status, purchase] = await Promise.all([
        h.supplier.checkStatus(buy()),
        h.supplier.purchase(buy()),
      ]);
      expect(status).toEqual({ status: 'succeeded', serialNumber: 'SN-1', cost: COST });
      expect(purchase).toEqual(status);
      expect(h.fake.bodies()).toEqual([
        expect.objectContaining({ ref_id: REF, buyer_sku_code: expect.any(String) }),
      ]);
    });

    it('a product kios does not sell through Digiflazz was never sent: not_found, nothing sent', async () => {
      await h.fake.close();
      h = await harness({ skuFor: () => undefined });
      await expect(h.supplier.checkStatus(buy())).resolves.toEqual({ status: 'not_found' });
      expect(h.fake.requests).toHaveLength(0);
    });
  });
});
