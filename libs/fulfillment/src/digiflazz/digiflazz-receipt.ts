import type { Product } from '@kios/catalog';
import type { Receipt } from '../supplier.port';

const TOKEN_DIGITS = 20;
/** Five groups of four digits, joined by nothing, dashes or spaces. */
const GROUPED_TOKEN = /(?<!\d)\d{4}(?:[- ]?\d{4}){4}(?!\d)/;

/**
 * The 20-digit PLN prepaid token in a Digiflazz `sn`. Digiflazz puts the token first, grouped or
 * not, often followed by the holder, tariff, power and kWh, `/`-separated
 * (`1234-5678-9012-3456-7890/BUDI/R1/1300/32.5`); undefined when no token is there.
 */
export function plnTokenInSn(sn: string): string | undefined {
  const first = sn.split('/')[0].replace(/[\s-]/g, '');
  if (/^\d+$/.test(first) && first.length === TOKEN_DIGITS) return first;
  const grouped = GROUPED_TOKEN.exec(sn);
  return grouped ? grouped[0].replace(/[\s-]/g, '') : undefined;
}

/**
 * The receipt of a successful Digiflazz transaction: `sn` is the serial number; for prepaid
 * electricity it also holds the token, for a voucher it is the voucher code itself. A success
 * without an sn keeps the ref_id as its serial number, so the receipt still names the purchase.
 */
export function receiptOf(product: Pick<Product, 'delivery'>, sn: string, refId: string): Receipt {
  const serialNumber = sn.trim() === '' ? refId : sn.trim();
  switch (product.delivery) {
    case 'token': {
      const token = plnTokenInSn(serialNumber);
      return token === undefined ? { serialNumber } : { serialNumber, token };
    }
    case 'voucher':
      return sn.trim() === '' ? { serialNumber } : { serialNumber, token: sn.trim() };
    case 'serial':
      return { serialNumber };
  }
}
