import { idr, type Money } from '@kios/dana-protocol';
import type { Bill } from '../supplier.port';
import { accountSeed } from './simulated-accounts';

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;
/** Indonesian billers (PLN, PDAM) bill last month's usage, due on the 20th. */
const DUE_DAY = 20;
const MONTHLY_RUPIAH = { min: 35_000, max: 1_250_000 };
/** The late fee per month left unpaid (PLN charges Rp 3.000–Rp 5.000 for households). */
const FINE_PER_LATE_MONTH = idr(500_000);

/** Midnight GMT+7 on `day` of the month `monthOffset` months from the one `now` falls in. */
function jakartaDate(now: Date, monthOffset: number, day: number): Date {
  const wall = new Date(now.getTime() + JAKARTA_OFFSET_MS);
  return new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + monthOffset, day) - JAKARTA_OFFSET_MS);
}

/**
 * The open bill of a customer: amounts that derive from the number alone (asking twice shows the
 * same bill), one or two unpaid months before the current one, the later of them due this month.
 */
export function simulatedBill(primaryParam: string, now: Date, adminFeePerMonth: Money): Bill {
  const seed = accountSeed(primaryParam);
  const months = seed[4] % 4 === 0 ? 2 : 1;
  const monthlyRupiah =
    MONTHLY_RUPIAH.min + (seed.readUInt32BE(5) % (MONTHLY_RUPIAH.max - MONTHLY_RUPIAH.min + 1));
  return {
    baseAmount: idr(BigInt(monthlyRupiah) * 100n * BigInt(months)),
    adminFee: idr(adminFeePerMonth.minor * BigInt(months)),
    fineAmount: idr(FINE_PER_LATE_MONTH.minor * BigInt(months - 1)),
    dueDate: jakartaDate(now, 0, DUE_DAY),
    periods: Array.from({ length: months }, (_, index) => jakartaDate(now, index - months, 1)),
  };
}
