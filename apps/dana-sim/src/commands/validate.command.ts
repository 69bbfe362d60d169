import { parseArgs } from 'node:util';
import type { UserValidateBody } from '@kios/dana-protocol';
import { kiosOptions, positionals } from '../cli/options';
import { acceptedBody, openKiosApi } from '../kios/kios-api';
import { statusText } from '../output/dana-format';
import { renderFields } from '../output/table';
import type { SimContext } from '../sim-context';

export const validateUsage = `dana-sim validate <productId> <primaryParam> [--secondary <x>] [--kios <url>] [--json]

  User Validate (docs/dana-protocol.md §3.7): is the account behind an account-bound product (a BPJS card,
  say) valid and active? Shows the status and, for a valid account, its holder. --secondary is
  secondaryParam (a virtual account or server id). Exit code 0 when the status is 10 SUCCESS.

  example: dana-sim validate BPJS-KESEHATAN 000123456345`;

export async function validate(args: string[], context: SimContext): Promise<number> {
  const { values, positionals: given } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...kiosOptions, secondary: { type: 'string' } },
  });
  const [productId, primaryParam] = positionals(given, ['<productId>', '<primaryParam>'], validateUsage);
  const api = await openKiosApi(context, values.kios);
  const body = acceptedBody(
    await api.userValidate(productId, primaryParam, values.secondary),
    'User Validate',
  );
  if (values.json) context.printJson(body);
  else
    context.print(renderFields(validationFields(context, productId, primaryParam, values.secondary, body)));
  return body.userStatus?.status === 'SUCCESS' ? 0 : 1;
}

function validationFields(
  { style }: SimContext,
  productId: string,
  primaryParam: string,
  secondaryParam: string | undefined,
  body: UserValidateBody,
): [string, string][] {
  const fields: [string, string][] = [
    ['product', productId],
    ['account', secondaryParam ? `${primaryParam} (secondary ${secondaryParam})` : primaryParam],
    ['status', `${statusText(style, body.userStatus)}  ${style.dim(body.userStatus?.message ?? '')}`],
  ];
  if (body.customerName !== undefined) fields.push(['customer', body.customerName]);
  return fields;
}
