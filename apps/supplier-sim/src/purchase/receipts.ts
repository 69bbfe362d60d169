import { createHash } from 'node:crypto';

/**
 * The `sn` of a successful transaction and the bills of postpaid customers, derived from the ref_id or
 * the customer number: asking twice shows the same values, two ref_ids never share a code.
 */
function seed(purpose: string, text: string): Buffer {
  return createHash('sha256').update(`${purpose}:${text}`, 'utf8').digest();
}

function digits(purpose: string, text: string, count: number): string {
  const value = BigInt(`0x${seed(purpose, text).toString('hex')}`);
  return (value % 10n ** BigInt(count)).toString().padStart(count, '0');
}

const NAMES = [
  'BUDI SANTOSO',
  'SITI RAHAYU',
  'AGUS PRATAMA',
  'DEWI LESTARI',
  'RATNA SARI DEWI',
  'EKO WAHYUDI',
];

export function customerName(customerNo: string): string {
  return NAMES[seed('name', customerNo)[0] % NAMES.length];
}

/** No 0/O or 1/I; 32 letters keep byte → letter unbiased. */
const VOUCHER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * What Digiflazz puts in `sn` for a product of this category: a PLN prepaid token leads with the
 * 20-digit token in groups of four, then the customer's name, tariff, power and kWh; a voucher is
 * its 16-character code; anything else a 20-digit operator serial number.
 */
export function serialNumber(category: string, refId: string, customerNo: string): string {
  if (category === 'PLN') {
    const token = digits('pln-token', refId, 20).replace(/(\d{4})(?=\d)/g, '$1-');
    const kwh = (Number(digits('kwh', refId, 4)) / 100 + 10).toFixed(1);
    return `${token}/${customerName(customerNo).replace(/ /g, '')}/R1/1300/${kwh}`;
  }
  if (category === 'Voucher') {
    return Array.from(
      seed('voucher', refId).subarray(0, 16),
      (byte) => VOUCHER_ALPHABET[byte % VOUCHER_ALPHABET.length],
    ).join('');
  }
  return digits('serial', refId, 20);
}

/** A postpaid payment's reference, like the 32 hex characters in Digiflazz's example. */
export function paymentReference(refId: string): string {
  return seed('payment', refId).subarray(0, 16).toString('hex').toUpperCase();
}

export interface BillMonth {
  periode: string;
  nilai_tagihan: string;
  admin: string;
  denda: string;
}

export interface Bill {
  customer_name: string;
  /** Whole rupiah: what the customer pays (bills + fines + admin). */
  selling_price: number;
  /** What the buyer's deposit pays: selling_price less the commission. */
  price: number;
  admin: number;
  periode: string;
  desc: { tarif: string; daya: number; lembar_tagihan: number; detail: BillMonth[] };
}

const MONTHLY = { min: 35_000, max: 1_250_000 };
const FINE_PER_LATE_MONTH = 5_000;

/**
 * The open bill of a customer: one or two unpaid months before the current one (`now`, in Jakarta),
 * amounts from the number alone; admin and commission per month from the product.
 */
export function billFor(customerNo: string, admin: number, commission: number, now: Date): Bill {
  const bytes = seed('bill', customerNo);
  const months = bytes[4] % 4 === 0 ? 2 : 1;
  const monthly = MONTHLY.min + (bytes.readUInt32BE(5) % (MONTHLY.max - MONTHLY.min + 1));
  const jakarta = new Date(now.getTime() + 7 * 60 * 60 * 1000);
  const periode = (monthsBack: number) => {
    const month = new Date(Date.UTC(jakarta.getUTCFullYear(), jakarta.getUTCMonth() - monthsBack, 1));
    return `${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  const detail = Array.from({ length: months }, (_, index) => ({
    periode: periode(months - index),
    nilai_tagihan: String(monthly),
    admin: String(admin),
    denda: String(index === 0 && months > 1 ? FINE_PER_LATE_MONTH : 0),
  }));
  const sellingPrice = detail.reduce(
    (sum, month) => sum + Number(month.nilai_tagihan) + Number(month.admin) + Number(month.denda),
    0,
  );
  return {
    customer_name: customerName(customerNo),
    selling_price: sellingPrice,
    price: sellingPrice - commission * months,
    admin: admin * months,
    periode: detail[detail.length - 1].periode,
    desc: { tarif: 'R1', daya: 1300, lembar_tagihan: months, detail },
  };
}
