import type { TransactionEvent, Transaction } from '../purchase/transaction-book';
import type { WebhookFormat } from '../webhooks/webhook-sender';
import { iakDataOf } from './iak-api';
import { iakTransactionSign } from './iak-signatures';

/**
 * IAK's callback (api.iak.id, prepaid "Callback", version 2): sent once a transaction is success or
 * failed (never for PROCESS), a POST of `{data: {...}}` with every value a string, as IAK's examples
 * show them, and `sign` = md5(username + api_key + ref_id). No headers of its own. A bad signature
 * (the webhook mode's `badSignature`) is the sign made with another key.
 */
export function iakCallbackFormat(account: { username: string; key: string }): WebhookFormat {
  return {
    sends: (_event: TransactionEvent, transaction: Transaction) =>
      transaction.supplier === 'iak' && transaction.data.status !== 'Pending',
    render: (_event, transaction, delivery) => {
      const data = Object.fromEntries(
        Object.entries(iakDataOf(transaction)).map(([field, value]) => [field, String(value)]),
      );
      const key = delivery.badSignature ? `${account.key}-not-the-key` : account.key;
      const body = JSON.stringify({
        data: { ...data, sign: iakTransactionSign(account.username, key, transaction.data.ref_id) },
      });
      return { body, headers: { 'Content-Type': 'application/json' } };
    },
  };
}
