/**
 * Money is integer minor units (rupiah × 100) end to end: `bigint` inside, a digit string on
 * the wire (docs/dana-protocol.md §1.6). No floats anywhere.
 */
export type Currency = 'IDR';

export interface Money {
  minor: bigint;
  currency: Currency;
}

/** DANA's wire shape. */
export interface MoneyWire {
  value: string;
  currency: string;
}

export class InvalidMoney extends Error {
  override readonly name = 'InvalidMoney';
}

const MINOR_UNITS = /^\d{1,19}$/;
const MAX_MINOR = 9_999_999_999_999_999_999n;

export function idr(minor: bigint | number | string): Money {
  const value = BigInt(minor);
  if (value < 0n || value > MAX_MINOR) throw new InvalidMoney(`amount out of range: ${value}`);
  return { minor: value, currency: 'IDR' };
}

/** Strict: 1–19 digits, no sign, no decimal point, currency IDR. */
export function parseMoney(wire: MoneyWire): Money {
  if (typeof wire?.value !== 'string' || !MINOR_UNITS.test(wire.value)) {
    throw new InvalidMoney(
      `money value must be 1-19 digits in minor units, got ${JSON.stringify(wire?.value)}`,
    );
  }
  if (wire.currency !== 'IDR') {
    throw new InvalidMoney(`money currency must be IDR, got ${JSON.stringify(wire?.currency)}`);
  }
  return { minor: BigInt(wire.value), currency: 'IDR' };
}

export function formatMoney(money: Money): MoneyWire {
  return { value: money.minor.toString(), currency: money.currency };
}

export function isValidMinorUnits(value: unknown): value is string {
  return typeof value === 'string' && MINOR_UNITS.test(value);
}

export function addMoney(...amounts: Money[]): Money {
  return idr(amounts.reduce((sum, m) => sum + m.minor, 0n));
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.minor === b.minor && a.currency === b.currency;
}

/** For people: `Rp 10.250` (Indonesian thousands separator, cents shown only when present). */
export function formatRupiah(money: Money): string {
  return rupiahText(money, money.minor % 100n !== 0n);
}

/**
 * For people reading every sen (an auditor's page): `Rp 10.000,00` from 1000000 minor units, the
 * cents always shown; computed on the bigint, so no amount is ever rounded.
 */
export function formatRupiahExact(money: Money): string {
  return rupiahText(money, true);
}

function rupiahText(money: Money, withCents: boolean): string {
  const grouped = (money.minor / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return withCents ? `Rp ${grouped},${(money.minor % 100n).toString().padStart(2, '0')}` : `Rp ${grouped}`;
}
