import type { Product } from '@kios/catalog';
import { plnTokenInSn } from '../digiflazz/digiflazz-receipt';
import type { Receipt } from '../supplier.port';

/**
 * The receipt of a successful IAK top-up: `sn` is the serial number; for prepaid electricity it holds
 * the 20-digit token (read as for Digiflazz: IAK's SN-format page was not found, docs/iak.md §5); a
 * game voucher's code is its `pin` when IAK sends one, else the sn. A success without an sn keeps
 * the ref_id as its serial number, so the receipt still names the purchase.
 */
export function iakReceiptOf(
  product: Pick<Product, 'delivery'>,
  answer: { sn: string; pin?: string },
  refId: string,
): Receipt {
  const sn = answer.sn.trim();
  const serialNumber = sn === '' ? refId : sn;
  switch (product.delivery) {
    case 'token': {
      const token = plnTokenInSn(serialNumber);
      return token === undefined ? { serialNumber } : { serialNumber, token };
    }
    case 'voucher': {
      const code = answer.pin ?? (sn === '' ? undefined : sn);
      return code === undefined ? { serialNumber } : { serialNumber, token: code };
    }
    case 'serial':
      return { serialNumber };
  }
}
