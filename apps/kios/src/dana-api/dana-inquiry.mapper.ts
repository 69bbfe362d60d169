import {
  type DanaDestinationInfo,
  type DanaInquiryResult,
  formatDanaTime,
  formatMoney,
  idr,
  inquiryStatus,
  type MoneyWire,
} from '@kios/dana-protocol';
import type { InquiryAnswer } from '@kios/ordering';

const ZERO: MoneyWire = formatMoney(idr(0));

/** A failed inquiry carries zero amounts (docs/dana-protocol.md §3.2, JULO and OLDPHP). */
const noAmounts = { baseAmount: ZERO, adminFee: ZERO, fineAmount: ZERO, totalAmount: ZERO };

/**
 * One element of `inquiryResults` (docs/dana-protocol.md §3.2, §4.5), echoing the destination as DANA sent it. A valid
 * destination gets its inquiryId, the customer (or game nickname) and the amounts: the bill for
 * billers, the product price for fixed-price products; total = base + admin + fine.
 */
export function toDanaInquiryResult(answer: InquiryAnswer, sent: DanaDestinationInfo): DanaInquiryResult {
  const destinationInfo = { ...sent };
  switch (answer.status) {
    case 'valid': {
      const { inquiry } = answer;
      return {
        inquiryId: inquiry.inquiryId,
        inquiryStatus: inquiryStatus('SUCCESS'),
        destinationInfo,
        ...(inquiry.customerName === undefined ? {} : { customerName: inquiry.customerName }),
        baseAmount: formatMoney(inquiry.amounts.baseAmount),
        adminFee: formatMoney(inquiry.amounts.adminFee),
        fineAmount: formatMoney(inquiry.amounts.fineAmount),
        totalAmount: formatMoney(inquiry.totalAmount),
        ...(inquiry.dueDate === undefined ? {} : { dueDate: formatDanaTime(inquiry.dueDate) }),
        ...(inquiry.period === undefined ? {} : { period: inquiry.period.map(formatDanaTime) }),
      };
    }
    case 'invalid_destination':
      return {
        inquiryStatus: inquiryStatus('INVALID_DESTINATION', answer.reason),
        destinationInfo,
        ...noAmounts,
      };
    case 'bill_already_paid':
      return {
        inquiryStatus: inquiryStatus('TRANSACTION_FAILED', 'Bill already paid'),
        destinationInfo,
        ...noAmounts,
      };
    case 'bill_not_available':
      return { inquiryStatus: inquiryStatus('BILL_NOT_AVAILABLE'), destinationInfo, ...noAmounts };
    case 'product_not_found':
      return { inquiryStatus: inquiryStatus('DATA_NOT_FOUND', answer.reason), destinationInfo, ...noAmounts };
    case 'product_unavailable':
    case 'supplier_unavailable':
      return { inquiryStatus: inquiryStatus('GENERAL_ERROR', answer.reason), destinationInfo, ...noAmounts };
  }
}
