import { idr } from '@kios/dana-protocol';
import { harness, type Harness } from './digiflazz.fixture';

const MINUTE = 60_000;

/** Digiflazz's documented prepaid price-list entry (developer.digiflazz.com, API buyer "Daftar Harga"). */
const XL_100K = {
  product_name: 'Xl 100.000',
  category: 'Pulsa',
  brand: 'XL',
  type: 'Umum',
  seller_name: 'PT. ABC',
  price: 98000,
  buyer_sku_code: 'X100',
  buyer_product_status: true,
  seller_product_status: true,
  unlimited_stock: true,
  stock: 0,
  multi: true,
  start_cut_off: '23:45',
  end_cut_off: '00:15',
  desc: 'Pulsa Xl Rp 100.000',
};

describe('DigiflazzSupplier price lists', () => {
  let h: Harness;
  let answer: 'list' | 'limit';
  beforeEach(async () => {
    h = await harness({ priceListTtlMs: 15 * MINUTE, priceListBackoffMs: 5 * MINUTE });
    answer = 'list';
    h.fake.answer(() =>
      answer === 'list'
        ? { json: { data: [XL_100K] } }
        : { json: { data: { rc: '83', message: 'Limitasi pengecekan pricelist tercapai' } } },
    );
  });
  afterEach(() => h.fake.close());
  const later = (ms: number) => {
    h.clock.now = new Date(h.clock.now.getTime() + ms);
  };

  it('reads the entries, amounts in minor units', async () => {
    const list = await h.supplier.priceList('prepaid');
    expect(list).toMatchObject({ cmd: 'prepaid', stale: false, fetchedAt: h.clock.now });
    expect(list.entries).toEqual([
      expect.objectContaining({
        sku: 'X100',
        name: 'Xl 100.000',
        category: 'Pulsa',
        brand: 'XL',
        price: idr(9_800_000),
        available: true,
      }),
    ]);
  });

  it('is cached for its time to live, per cmd', async () => {
    await h.supplier.priceList('prepaid');
    later(15 * MINUTE - 1);
    await h.supplier.priceList('prepaid');
    expect(h.fake.requests).toHaveLength(1);
    await h.supplier.priceList('pasca');
    expect(h.fake.requests).toHaveLength(2);
    later(1);
    await h.supplier.priceList('prepaid');
    expect(h.fake.requests).toHaveLength(3);
  });

  it('overlapping calls share one request', async () => {
    await Promise.all([h.supplier.priceList('prepaid'), h.supplier.priceList('prepaid')]);
    expect(h.fake.requests).toHaveLength(1);
  });

  it('rc 83: the last list, marked stale, and no request during a backoff that doubles up to the TTL', async () => {
    await h.supplier.priceList('prepaid');
    answer = 'limit';
    later(15 * MINUTE);
    await expect(h.supplier.priceList('prepaid')).resolves.toMatchObject({
      stale: true,
      staleBecause: { rc: '83' },
      entries: [expect.anything()],
    });
    expect(h.fake.requests).toHaveLength(2);

    later(5 * MINUTE - 1);
    await expect(h.supplier.priceList('prepaid')).resolves.toMatchObject({
      stale: true,
      staleBecause: { rc: '83', reason: expect.stringMatching(/rate-limited \(rc 83\)/) },
    });
    expect(h.fake.requests).toHaveLength(2); // backing off: 5 minutes
    later(1);
    await h.supplier.priceList('prepaid');
    expect(h.fake.requests).toHaveLength(3); // rc 83 again: 10 minutes now

    later(10 * MINUTE - 1);
    await h.supplier.priceList('prepaid');
    expect(h.fake.requests).toHaveLength(3);
    later(1);
    answer = 'list';
    await expect(h.supplier.priceList('prepaid')).resolves.toMatchObject({ stale: false });
    expect(h.fake.requests).toHaveLength(4);
  });

  it('rc 83 with nothing cached is thrown, naming the rate limit', async () => {
    answer = 'limit';
    await expect(h.supplier.priceList('prepaid')).rejects.toMatchObject({ rc: '83' });
    await expect(h.supplier.priceList('prepaid')).rejects.toThrow(/rate-limited \(rc 83\)/);
    expect(h.fake.requests).toHaveLength(1);
  });
});
