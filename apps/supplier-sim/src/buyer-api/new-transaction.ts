import type { Outcome, Transaction, TransactionData } from '../purchase/transaction-book';
import { SELLER_CONTACT, type BuyerApiContext } from './context';
import type { TransactionRequest } from './transaction-request';

/**
 * A new transaction under the request's ref_id as every command records it: what the buyer sent,
 * the outcome, the seller's contact, and what the command adds (a price, a bill, a settling plan).
 */
export function newTransaction(
  context: BuyerApiContext,
  request: TransactionRequest,
  shape: Pick<Transaction, 'kind' | 'stage'> & Partial<Pick<Transaction, 'settlesAt' | 'settlesInto'>>,
  outcome: Outcome,
  data: Pick<TransactionData, 'price'> & Partial<TransactionData>,
): Omit<Transaction, 'debited'> {
  return {
    ...shape,
    testing: request.testing,
    createdAt: new Date(context.now()).toISOString(),
    cbUrl: request.cb_url,
    data: {
      ref_id: request.ref_id,
      customer_no: request.customer_no,
      buyer_sku_code: request.buyer_sku_code,
      ...outcome,
      buyer_last_saldo: context.book.deposit,
      ...data,
      ...SELLER_CONTACT,
    },
  };
}
