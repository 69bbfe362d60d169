import { parseArgs } from 'node:util';
import type { DanaProduct } from '@kios/dana-protocol';
import { kiosOptions, positionals } from '../cli/options';
import { acceptedBody, openKiosApi } from '../kios/kios-api';
import { rupiah } from '../output/dana-format';
import { renderTable } from '../output/table';
import { type SimContext, SimError } from '../sim-context';

export const productsUsage = `dana-sim products --type <bizType> [--provider <provider>] [--kios <url>] [--json]

  Get List of Product (docs/dana-protocol.md §3.1): kios's products of one biz type and provider, with their price
  and availability, as DANA syncs them. --provider is needed except for WATER, EDUCATION, INTERNET.
  kios is at --kios, else DANA_SIM_KIOS_URL, else http://127.0.0.1:8080.

  example: dana-sim products --type MOBILE_CREDIT --provider telkomsel`;

export async function products(args: string[], context: SimContext): Promise<void> {
  const { values, positionals: given } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...kiosOptions, type: { type: 'string' }, provider: { type: 'string' } },
  });
  positionals(given, [], productsUsage);
  if (!values.type) throw new SimError(`--type is required\n\n${productsUsage}`);
  const api = await openKiosApi(context, values.kios);
  const { products: listed } = acceptedBody(
    await api.products(values.type, values.provider),
    'Get List of Product',
  );
  if (values.json) return context.printJson(listed);
  if (listed.length === 0) {
    context.print(`kios lists no ${values.type} products${values.provider ? ` of ${values.provider}` : ''}`);
    return;
  }
  context.print(productTable(context, listed));
  const available = listed.filter((product) => product.availability).length;
  context.print(context.style.dim(`${listed.length} products, ${available} available`));
}

function productTable({ style }: SimContext, listed: DanaProduct[]): string {
  return renderTable(
    [
      { header: 'PRODUCT' },
      { header: 'TYPE' },
      { header: 'PROVIDER' },
      { header: 'PRICE', align: 'right' },
      { header: 'AVAILABLE' },
    ],
    listed.map((product) => [
      product.productId,
      product.type,
      product.provider,
      rupiah(product.price),
      product.availability ? style.good('yes') : style.bad('no'),
    ]),
  );
}
