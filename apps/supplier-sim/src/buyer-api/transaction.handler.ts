import { responseCode } from '../protocol/response-codes';
import { transactionSign } from '../protocol/signatures';
import { outcome } from '../purchase/plan';
import { authRefusal, transactionRefusal, type BuyerApiContext, type HandlerAnswer } from './context';
import { postpaid } from './postpaid.handler';
import { prepaidTopUp } from './prepaid.handler';
import { newTransaction } from './new-transaction';
import { readTransactionRequest } from './transaction-request';

/**
 * `POST /v1/transaction`: checks the payload (rc 40), the username (42) and the sign
 * md5(username + key + ref_id) (41), applies a `refuse` misbehaviour, then hands the call to the
 * prepaid top-up or the postpaid command.
 */
export function transaction(context: BuyerApiContext, body: Record<string, unknown>): HandlerAnswer {
  const fields = {
    ref_id: typeof body.ref_id === 'string' ? body.ref_id : undefined,
    customer_no: typeof body.customer_no === 'string' ? body.customer_no : undefined,
    buyer_sku_code: typeof body.buyer_sku_code === 'string' ? body.buyer_sku_code : undefined,
  };
  const log = {
    command: typeof body.commands === 'string' ? body.commands : 'topup',
    ref_id: fields.ref_id,
    customer_no: fields.customer_no,
    sku: fields.buyer_sku_code,
  };
  const request = readTransactionRequest(body);
  if (typeof request === 'string') {
    return {
      body: transactionRefusal(context, fields, '40', { message: `Payload Error: ${request}` }),
      created: false,
      log,
    };
  }
  const refused = authRefusal(context, body, (username, key) =>
    transactionSign(username, key, request.ref_id),
  );
  if (refused) return { body: transactionRefusal(context, request, refused), created: false, log };

  const refuse = context.modes.take('refuse');
  if (refuse) {
    // An rc that forms a transaction records it for a new prepaid ref_id, so a repeat answers it again.
    const formsOne =
      responseCode(refuse.rc).formsTransaction && !request.commands && !context.book.get(request.ref_id);
    if (!formsOne) {
      return {
        body: transactionRefusal(context, request, refuse.rc),
        created: false,
        log,
        misbehaviour: `refuse_${refuse.rc}`,
      };
    }
    const product = context.priceList.find(request.buyer_sku_code);
    const recorded = context.book.add(
      newTransaction(context, request, { kind: 'prepaid', stage: 'purchase' }, outcome(refuse.rc), {
        price: product?.kind === 'prepaid' ? product.entry.price : 0,
      }),
      0,
    );
    return { body: { data: recorded.data }, created: true, log, misbehaviour: `refuse_${refuse.rc}` };
  }
  if (request.commands) return postpaid(context, { ...request, commands: request.commands });
  return prepaidTopUp(context, request);
}
