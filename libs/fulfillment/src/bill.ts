import { addMoney, type Money } from '@kios/dana-protocol';

/** What a biller asks for; DANA charges their sum (docs/dana-protocol.md §3.2: totalAmount = base + fine + admin). */
export type BillAmounts = {
  baseAmount: Money;
  adminFee: Money;
  fineAmount: Money;
};

export function billTotal(amounts: BillAmounts): Money {
  return addMoney(amounts.baseAmount, amounts.adminFee, amounts.fineAmount);
}
