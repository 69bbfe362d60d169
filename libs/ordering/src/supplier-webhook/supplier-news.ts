import type { PurchaseOutcome } from '@kios/fulfillment';
import { recordOutcome } from '../application/purchase-commands';
import type { OrderCommand } from '../order/order.commands';
import { isInFlight, type OrderState } from '../order/order.state';

/** What a supplier said of an order on its own initiative (a webhook), read by the supplier's adapter. */
export type SupplierWebhookNews = {
  outcome: PurchaseOutcome;
  /** The supplier's own code and message, kept with a reversal. */
  rc: string;
  message: string;
};

/**
 * - record: the command that moves the order forward
 * - ignore: nothing to record, and why; `notable` when an operator may want to read it in the log
 */
export type SupplierNewsVerdict =
  { verdict: 'record'; command: OrderCommand } | { verdict: 'ignore'; why: string; notable: boolean };

const ignore = (why: string, notable = false): SupplierNewsVerdict => ({ verdict: 'ignore', why, notable });

/**
 * What supplier news does to an order (docs/digiflazz.md §6):
 * - a final outcome for an order in flight is recorded with the same RecordOutcome the follow-up's
 *   status checks use, so the order finishes at once and the callback goes as for any final order;
 * - a failure for an order kios finished as SUCCESS is a reversal: recorded beside the success, which
 *   DANA keeps (ReverseFulfilment);
 * - anything else moves nothing: pending or in-doubt news, the same outcome again, and news that
 *   contradicts a final status (never changed: docs/architecture.md §3), which is logged for operators.
 */
export function verdictOnSupplierNews(
  state: OrderState,
  news: SupplierWebhookNews,
  now: Date,
): SupplierNewsVerdict {
  const { outcome } = news;
  if (state.status === 'none') return ignore('kios has no such order');
  const { requestId } = state.order;
  if (state.status === 'placed') return ignore('the order was not sent to the supplier');
  if (isInFlight(state)) {
    switch (outcome.status) {
      case 'failed':
        // A routed order may move to its next offer on this failure: the follow-up, which knows the
        // route, records it on its next status check, rather than this news ending the order.
        if (state.fulfilment.offer !== undefined)
          return ignore('the follow-up settles a routed order’s failure');
        return { verdict: 'record', command: recordOutcome(requestId, outcome, now) };
      case 'succeeded':
        return { verdict: 'record', command: recordOutcome(requestId, outcome, now) };
      case 'pending':
        return ignore('the supplier still has it pending');
      case 'in_doubt':
        return ignore(`the news tells nothing final: ${outcome.reason}`);
    }
  }
  if (state.status === 'succeeded') {
    switch (outcome.status) {
      case 'failed':
        return {
          verdict: 'record',
          command: {
            type: 'ReverseFulfilment',
            data: { requestId, rc: news.rc, message: news.message, now },
          },
        };
      case 'succeeded':
        return outcome.serialNumber === state.receipt.serialNumber && outcome.token === state.receipt.token
          ? ignore('the order is already SUCCESS with this receipt')
          : ignore(
              `the order is SUCCESS with serial number ${state.receipt.serialNumber}; the supplier now names ` +
                `${outcome.serialNumber}. kios keeps the receipt DANA was given`,
              true,
            );
      case 'pending':
        return ignore('the order is already SUCCESS; pending news does not change it', true);
      case 'in_doubt':
        return ignore(`the order is already SUCCESS; the news tells nothing final: ${outcome.reason}`);
    }
  }
  return outcome.status === 'succeeded'
    ? ignore(
        'the supplier reports a success for an order kios finished FAILED (DANA was told FAILED); ' +
          'kios keeps FAILED: check with the supplier whether it delivered',
        true,
      )
    : ignore('the order is already FAILED');
}
