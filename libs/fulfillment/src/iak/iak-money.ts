import { idr, type Money } from '@kios/dana-protocol';

/**
 * kios counts money in minor units (rupiah × 100, a bigint); IAK writes rupiah as a "Double" in its
 * answers (`price`, `balance`, `product_price`) and as a digit string in callbacks. Every amount
 * crosses between the two here, read from its decimal text, never through floating-point arithmetic.
 */

/** An IAK amount kios cannot take: not a non-negative number of rupiah with at most two decimals. */
export class InvalidIakAmount extends Error {
  override readonly name = 'InvalidIakAmount';
}

/** Rupiah and up to two decimals (sen); at most 15 digits of rupiah, well inside what IAK can mean. */
const RUPIAH_TEXT = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

/**
 * An IAK amount (a JSON number such as 25000 or 25000.5, or the same as a string) in minor units.
 * A JSON number is read through its shortest decimal text (`String(n)`), which is exact for every
 * amount with two decimals or fewer; a negative, a third decimal, an exponent or anything else is
 * refused with InvalidIakAmount, never rounded.
 */
export function iakAmountToMinor(amount: unknown): Money {
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) throw new InvalidIakAmount(`${amount} is not an amount of rupiah`);
    text = String(amount);
  } else if (typeof amount === 'string') {
    text = amount.trim();
  } else {
    throw new InvalidIakAmount(`${JSON.stringify(amount)} is not an amount of rupiah`);
  }
  const match = RUPIAH_TEXT.exec(text);
  if (!match) {
    throw new InvalidIakAmount(
      `${JSON.stringify(amount)} is not a non-negative number of rupiah with at most two decimals`,
    );
  }
  const sen = (match[2] ?? '').padEnd(2, '0');
  return idr(BigInt(match[1]) * 100n + BigInt(sen));
}

/**
 * The cost of a success as IAK's answer or callback states it (`price`, rupiah), for Receipt.cost:
 * empty when there is no price or one iakAmountToMinor refuses. IAK has delivered by then, so an
 * unreadable price must not undo the success; the order is then counted without a cost.
 */
export function iakCostOf(price: unknown): { cost?: Money } {
  if (price === undefined || price === null) return {};
  try {
    return { cost: iakAmountToMinor(price) };
  } catch (error) {
    if (error instanceof InvalidIakAmount) return {};
    throw error;
  }
}
