import { idr, type Money } from '@kios/dana-protocol';

/**
 * kios counts money in minor units (rupiah × 100, a bigint); Digiflazz in whole rupiah (`price`,
 * `max_price`, `admin`, a bill's `nilai_tagihan` and `denda`, `buyer_last_saldo`, the deposit).
 * Every amount crosses between the two here, and nowhere else.
 */

const MINOR_PER_RUPIAH = 100n;

/** A kios amount that Digiflazz cannot be sent: it is not a whole number of rupiah. */
export class NotWholeRupiah extends Error {
  override readonly name = 'NotWholeRupiah';
}

/** A Digiflazz amount kios cannot take: not a whole, non-negative number of rupiah. */
export class InvalidRupiah extends Error {
  override readonly name = 'InvalidRupiah';
}

/**
 * A kios amount in Digiflazz's whole rupiah. An amount with sen (minor units not a multiple of
 * 100) is refused with NotWholeRupiah rather than rounded: rounding down a `max_price` would refuse
 * a purchase kios accepts, rounding up would pay more than kios allows.
 */
export function minorToRupiah(money: Money): number {
  if (money.minor % MINOR_PER_RUPIAH !== 0n) {
    throw new NotWholeRupiah(
      `${money.minor} minor units is not a whole number of rupiah; Digiflazz takes whole rupiah only`,
    );
  }
  const rupiah = money.minor / MINOR_PER_RUPIAH;
  if (rupiah > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NotWholeRupiah(`${rupiah} rupiah is more than a JSON number carries exactly`);
  }
  return Number(rupiah);
}

/**
 * A Digiflazz amount (a JSON number, or a digit string as a bill's details carry them) in kios's
 * minor units. A fraction, a negative, a number past 2^53 or anything else is refused with
 * InvalidRupiah, never rounded.
 */
export function rupiahToMinor(rupiah: unknown): Money {
  if (typeof rupiah === 'number') {
    if (!Number.isSafeInteger(rupiah) || rupiah < 0) {
      throw new InvalidRupiah(`${rupiah} is not a whole, non-negative number of rupiah`);
    }
    return idr(BigInt(rupiah) * MINOR_PER_RUPIAH);
  }
  if (typeof rupiah === 'string' && /^\d{1,17}$/.test(rupiah)) {
    return idr(BigInt(rupiah) * MINOR_PER_RUPIAH);
  }
  throw new InvalidRupiah(`${JSON.stringify(rupiah)} is not a whole, non-negative number of rupiah`);
}

/**
 * The cost of a success as Digiflazz's answer states it (`price`, whole rupiah), for Receipt.cost:
 * empty when the answer has no price or one rupiahToMinor refuses. The supplier has delivered by
 * then, so an unreadable price must not undo the success; the order is then counted without a cost.
 */
export function costOfRupiah(price: unknown): { cost?: Money } {
  if (price === undefined || price === null) return {};
  try {
    return { cost: rupiahToMinor(price) };
  } catch (error) {
    if (error instanceof InvalidRupiah) return {};
    throw error;
  }
}
