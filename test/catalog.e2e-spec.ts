import { join } from 'node:path';
import { eventually } from './support/eventually';
import { KiosProcess } from './support/kios-process';
import { runApp } from './support/run-cli';
import { sampleProducts, writeChangedSampleCatalog } from './support/sample-catalog';

const telkomselCredit = sampleProducts.filter(
  (p) => p.type === 'MOBILE_CREDIT' && p.provider === 'telkomsel',
);

describe('Get List of Product over HTTP', () => {
  const kios = new KiosProcess();

  beforeAll(() => kios.start(), 30_000);
  afterAll(() => kios.kill());

  async function productQuery(body: { type: string; provider?: string }) {
    const reply = await kios.client().productQuery(body);
    expect(reply.signature).toMatchObject({ ok: true });
    return reply;
  }

  const listed = async (type: string, provider?: string) => {
    const reply = await productQuery({ type, ...(provider ? { provider } : {}) });
    expect(reply.httpStatus).toBe(200);
    return reply.envelope.response.body.products as Array<{
      productId: string;
      price: { value: string };
      availability: boolean;
    }>;
  };

  it('lists telkomsel MOBILE_CREDIT products with the catalog prices, in a signed answer', async () => {
    expect(telkomselCredit.length).toBeGreaterThan(2);
    const products = await eventually(async () => {
      const found = await listed('MOBILE_CREDIT', 'telkomsel');
      expect(found).toHaveLength(telkomselCredit.length);
      return found;
    });
    for (const entry of telkomselCredit) {
      expect(products).toContainEqual(
        expect.objectContaining({
          productId: entry.productId,
          price: entry.price,
          availability: entry.availability,
        }),
      );
    }
  });

  it('lists a product as unavailable after a catalog import marks it so', async () => {
    const target = telkomselCredit.find((p) => p.availability)!;
    const file = join(kios.dataDir, 'catalog-changed.json');
    writeChangedSampleCatalog(file, (p) =>
      p.productId === target.productId ? { ...p, availability: false } : p,
    );

    const run = await runApp('kios-cli', ['catalog', 'import', file], kios.env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(target.productId);

    await eventually(async () => {
      const products = await listed('MOBILE_CREDIT', 'telkomsel');
      expect(products).toContainEqual(
        expect.objectContaining({ productId: target.productId, availability: false }),
      );
    });
  });

  it('answers an unknown type with an empty list', async () => {
    expect(await listed('NO_SUCH_TYPE', 'telkomsel')).toEqual([]);
  });

  it('answers a missing provider for a type that needs one with 400 naming the field', async () => {
    const reply = await productQuery({ type: 'MOBILE_CREDIT' });
    expect(reply.httpStatus).toBe(400);
    expect(reply.envelope.response.body.resultInfo.resultMsg).toMatch(/request\.body\.provider is required/);
  });

  it('lists WATER products without a provider', async () => {
    const water = sampleProducts.filter((p) => p.type === 'WATER');
    expect(water.length).toBeGreaterThan(0);
    const products = await listed('WATER');
    expect(products.map((p) => p.productId).sort()).toEqual(water.map((p) => p.productId).sort());
  });
});
