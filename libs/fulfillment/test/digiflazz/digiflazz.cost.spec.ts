import { idr } from '@kios/dana-protocol';
import { buy, harness, REF, type Harness } from './digiflazz.fixture';
import { TRANSACTION_ANSWER_COST, transactionAnswer } from './recording-server';

/** A success's cost: the answer's `price` (whole rupiah) in minor units, or none (docs/digiflazz.md §3). */
describe("DigiflazzSupplier: a success's cost", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.fake.close());

  it("is the answer's price in minor units", async () => {
    h.fake.answer(() => transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1' }));
    await expect(h.supplier.purchase(buy())).resolves.toEqual({
      status: 'succeeded',
      serialNumber: 'SN-1',
      cost: TRANSACTION_ANSWER_COST,
    });
  });

  it('reads a price sent as digit text as whole rupiah too', async () => {
    h.fake.answer(() =>
      transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1', price: '9875' }),
    );
    await expect(h.supplier.purchase(buy())).resolves.toEqual({
      status: 'succeeded',
      serialNumber: 'SN-1',
      cost: idr(987_500n),
    });
  });

  it.each([
    ['no price', { price: undefined }],
    ['a fraction of a rupiah', { price: 10_100.5 }],
    ['a negative price', { price: -1 }],
    ['a price that is not a number', { price: 'sepuluh ribu' }],
  ])('is absent when the answer gives %s; the success stands', async (_what, fields) => {
    h.fake.answer(() =>
      transactionAnswer({ ref_id: REF, rc: '00', status: 'Sukses', sn: 'SN-1', ...fields }),
    );
    await expect(h.supplier.purchase(buy())).resolves.toEqual({ status: 'succeeded', serialNumber: 'SN-1' });
  });
});
