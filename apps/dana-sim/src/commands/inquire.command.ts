import { parseArgs } from 'node:util';
import type { DanaInquiryResult } from '@kios/dana-protocol';
import { kiosOptions, positionals } from '../cli/options';
import { destinationInfo, inquiryResult, openKiosApi } from '../kios/kios-api';
import { destinationText, rupiah, statusText } from '../output/dana-format';
import { renderFields } from '../output/table';
import type { SimContext } from '../sim-context';

export const inquireUsage = `dana-sim inquire <productId> <destination> [--zone <id>] [--kios <url>] [--json]

  Destination Inquiry (docs/dana-protocol.md §3.2): is the destination valid for the product, and what does it cost;
  for bills, the customer and the bill's amounts. --zone is the game server (secondaryParam).
  Exit code 0 when the inquiry is 10 SUCCESS.

  example: dana-sim inquire PLN-POSTPAID 532110012345`;

export async function inquire(args: string[], context: SimContext): Promise<number> {
  const { values, positionals: given } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...kiosOptions, zone: { type: 'string' } },
  });
  const [productId, primaryParam] = positionals(given, ['<productId>', '<destination>'], inquireUsage);
  const api = await openKiosApi(context, values.kios);
  const result = await inquiryResult(api, productId, destinationInfo(primaryParam, values.zone));
  if (values.json) context.printJson(result);
  else context.print(renderFields(inquiryFields(context, productId, result)));
  return result.inquiryStatus?.status === 'SUCCESS' ? 0 : 1;
}

function inquiryFields(
  { style }: SimContext,
  productId: string,
  result: DanaInquiryResult,
): [string, string][] {
  const fields: [string, string][] = [
    ['product', productId],
    ['destination', destinationText(result.destinationInfo)],
    [
      'status',
      `${statusText(style, result.inquiryStatus)}  ${style.dim(result.inquiryStatus?.message ?? '')}`,
    ],
  ];
  // A failed inquiry carries zero amounts (docs/dana-protocol.md §3.2); they say nothing to a reader.
  if (result.inquiryStatus?.status !== 'SUCCESS') return fields;
  const optional: [string, string | undefined][] = [
    ['inquiryId', result.inquiryId],
    ['customer', result.customerName],
    ['base amount', result.baseAmount && rupiah(result.baseAmount)],
    ['admin fee', result.adminFee && rupiah(result.adminFee)],
    ['fine', result.fineAmount && rupiah(result.fineAmount)],
    ['total', result.totalAmount && style.bold(rupiah(result.totalAmount))],
    ['due date', result.dueDate],
    ['period', result.period?.join(', ')],
  ];
  for (const [label, value] of optional) if (value !== undefined) fields.push([label, value]);
  return fields;
}
