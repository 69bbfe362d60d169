import { addMoney, idr, type Money } from '@kios/dana-protocol';
import type { Bill, InquiryOutcome } from '../supplier.port';
import { outcomeOfRc, statusWordOf } from './digiflazz-codes';
import { rupiahToMinor } from './digiflazz-money';
import type { TransactionAnswer } from './digiflazz-transaction';

/** Why an inquiry gave no answer kios can pass on: the caller answers DANA "supplier unavailable". */
export class DigiflazzInquiryUnusable extends Error {
  override readonly name = 'DigiflazzInquiryUnusable';
}

/** rc of an `inq-pasca` answer that says the customer number is wrong (docs/digiflazz.md "Inquiries"). */
const INVALID_DESTINATION_RCS = new Set(['51', '52', '54', '57', '59']);
/** Tagihan belum tersedia: no bill to pay now. */
const RC_NO_BILL = '60';
/** Billers word "already paid" in the message (rc 02 or 60 depending on the seller). */
const ALREADY_PAID = /sudah\s*(ter)?bayar|lunas|already\s+paid/i;

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `YYYYMM` → the first instant of that month in GMT+7; undefined for anything else (BPJS sends a count of months). */
function periodStart(periode: unknown): Date | undefined {
  if (typeof periode !== 'string') return undefined;
  const match = /^(\d{4})(\d{2})$/.exec(periode.trim());
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return new Date(Date.UTC(Number(match[1]), month - 1, 1) - JAKARTA_OFFSET_MS);
}

/** A due date as billers write it (`2019-01-20`, `20-01-2019`, `20190120`), midnight GMT+7. */
function dueDateOf(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const value = text.trim();
  const ymd = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  const dmy = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(value);
  const [year, month, day] = ymd
    ? [ymd[1], ymd[2], ymd[3]]
    : dmy
      ? [dmy[3], dmy[2], dmy[1]]
      : [undefined, undefined, undefined];
  if (year === undefined) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)) - JAKARTA_OFFSET_MS);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The last instant of `now`'s day in GMT+7: Digiflazz pays a bill only on the day it was inquired. */
function endOfJakartaDay(now: Date): Date {
  const wall = new Date(now.getTime() + JAKARTA_OFFSET_MS);
  const nextMidnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1);
  return new Date(nextMidnight - JAKARTA_OFFSET_MS - 1);
}

type BillDetail = { nilai_tagihan?: unknown; denda?: unknown; biaya_lain?: unknown; periode?: unknown };

function sum(values: unknown[]): Money {
  return addMoney(idr(0), ...values.filter((value) => value !== undefined).map(rupiahToMinor));
}

/**
 * The bill in a successful `inq-pasca` answer, in minor units: admin is the answer's `admin` (the
 * total of all sheets); the fine is the sum of the sheets' `denda`; the base amount is what is
 * left of `selling_price` (what Digiflazz bills the customer), or without one the sum of the sheets'
 * `nilai_tagihan` and `biaya_lain`. So base + admin + fine is always what Digiflazz bills.
 */
export function billOf(answer: TransactionAnswer, now: Date): Bill {
  const { data } = answer;
  const desc = (typeof data.desc === 'object' && data.desc !== null ? data.desc : {}) as Record<
    string,
    unknown
  >;
  const details: BillDetail[] = Array.isArray(desc.detail)
    ? desc.detail.filter((item): item is BillDetail => typeof item === 'object' && item !== null)
    : [];
  const adminFee = rupiahToMinor(data.admin ?? 0);
  const fineAmount = sum(details.map((detail) => detail.denda));
  const total =
    data.selling_price !== undefined
      ? rupiahToMinor(data.selling_price)
      : addMoney(
          sum(details.flatMap((detail) => [detail.nilai_tagihan, detail.biaya_lain])),
          adminFee,
          fineAmount,
        );
  const base = total.minor - adminFee.minor - fineAmount.minor;
  if (base < 0n) {
    throw new DigiflazzInquiryUnusable(
      `Digiflazz's bill does not add up: selling_price is less than its admin fee and fines`,
    );
  }
  const periods = [...details.map((detail) => detail.periode), data.periode]
    .map(periodStart)
    .filter((period): period is Date => period !== undefined);
  const unique = [...new Map(periods.map((period) => [period.getTime(), period])).values()].sort(
    (a, b) => a.getTime() - b.getTime(),
  );
  return {
    baseAmount: idr(base),
    adminFee,
    fineAmount,
    dueDate: dueDateOf(desc.jatuh_tempo) ?? endOfJakartaDay(now),
    periods: unique,
  };
}

/**
 * An `inq-pasca` answer as an inquiry outcome: rc 00 a valid destination with its bill and holder;
 * a wrong customer number invalid_destination; rc 60 (or a biller's "already paid") no bill; any
 * other answer is unusable and thrown as DigiflazzInquiryUnusable.
 */
export function inquiryOutcomeOf(answer: TransactionAnswer, now: Date): InquiryOutcome {
  const said = `rc ${answer.rc}${answer.message ? ` (${answer.message})` : ''}`;
  const verdict = outcomeOfRc(answer.rc, 'first');
  const word = statusWordOf(answer.status);
  if (verdict.outcome === 'succeeded' && (word === undefined || word === 'success')) {
    const customerName =
      typeof answer.data.customer_name === 'string' ? answer.data.customer_name.trim() : '';
    return {
      status: 'valid',
      bill: billOf(answer, now),
      ...(customerName ? { customerName } : {}),
    };
  }
  if (verdict.outcome === 'failed') {
    if (ALREADY_PAID.test(answer.message)) return { status: 'bill_already_paid' };
    if (answer.rc === RC_NO_BILL) return { status: 'bill_not_available' };
    if (INVALID_DESTINATION_RCS.has(answer.rc)) {
      return { status: 'invalid_destination', reason: `Digiflazz ${said}` };
    }
  }
  throw new DigiflazzInquiryUnusable(`Digiflazz's bill inquiry answered ${said}`);
}
