/**
 * Indonesian mobile operators and their number prefixes (08xx form). Checked against the
 * operators' published prefix lists (2024): by.U numbers (0851) are Telkomsel's, AXIS is an
 * XL Axiata brand with its own prefixes, and Tri stays apart from Indosat after their merger.
 * Number portability does not exist in Indonesia, so a prefix names the operator.
 */
export type MobileOperator = 'telkomsel' | 'indosat' | 'xl' | 'axis' | 'tri' | 'smartfren';

const PREFIXES: { readonly [O in MobileOperator]: readonly string[] } = {
  telkomsel: ['0811', '0812', '0813', '0821', '0822', '0823', '0851', '0852', '0853'],
  indosat: ['0814', '0815', '0816', '0855', '0856', '0857', '0858'],
  xl: ['0817', '0818', '0819', '0859', '0877', '0878'],
  axis: ['0831', '0832', '0833', '0838'],
  tri: ['0895', '0896', '0897', '0898', '0899'],
  smartfren: ['0881', '0882', '0883', '0884', '0885', '0886', '0887', '0888', '0889'],
};

const OPERATOR_BY_PREFIX = new Map<string, MobileOperator>(
  (Object.keys(PREFIXES) as MobileOperator[]).flatMap((operator) =>
    PREFIXES[operator].map((prefix) => [prefix, operator] as const),
  ),
);

/** The operator a number in `08…` form belongs to, by its first four digits. */
export function operatorOfNumber(number08: string): MobileOperator | undefined {
  return OPERATOR_BY_PREFIX.get(number08.slice(0, 4));
}

/** A catalog provider string (docs/dana-protocol.md §4.2, lowercase) as a mobile operator, when it is one. */
export function mobileOperatorOf(provider: string): MobileOperator | undefined {
  const name = provider.trim().toLowerCase();
  return name in PREFIXES ? (name as MobileOperator) : undefined;
}
