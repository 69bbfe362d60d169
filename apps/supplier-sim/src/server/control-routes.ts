import type { ServerResponse } from 'node:http';
import { CONTROL_EXAMPLE, InvalidControl } from '../control/modes';
import type { RequestLogEntry } from '../control/request-log';
import type { Modes } from '../control/modes';
import type { Transaction } from '../purchase/transaction-book';
import type { WebhookDelivery } from '../webhooks/webhook-sender';
import { parseJsonObject, sendJson } from './http';

/**
 * The control routes, for tests and demos (not Digiflazz's):
 * - GET  /_control/log           every buyer-API call received, oldest first
 * - GET  /_control/transactions  every transaction by ref_id, as it stands
 * - GET  /_control/webhooks      every webhook sent (or dropped), with the receiver's HTTP status
 * - GET  /_control/iak/callbacks every IAK callback sent (or dropped), the same way
 * - GET  /_control/mode          the misbehaviour modes and the deposit
 * - POST /_control/mode          change them (see modes.ts; products and the deposit too)
 * - POST /_control/reset         calm again; `{"all": true}` also forgets transactions and logs
 * - POST /_control/refund        `{"ref_id": "..."}`: Digiflazz's refund (rc 74) of a successful transaction
 */
/** What the control routes read and change of a running supplier-sim (SupplierSim is one). */
export interface ControlledSim {
  readonly modes: Modes;
  readonly iakModes: Record<string, unknown>;
  readonly deposit: number;
  requestLog(): RequestLogEntry[];
  transactions(): Transaction[];
  webhookDeliveries(): WebhookDelivery[];
  iakCallbackDeliveries(): WebhookDelivery[];
  control(body: unknown): Promise<void>;
  reset(options: { all?: boolean }): Promise<void>;
  refund(refId: string): Transaction;
}

export async function answerControlCall(
  route: string,
  bodyText: string,
  response: ServerResponse,
  sim: ControlledSim,
): Promise<void> {
  const body = bodyText.trim() === '' ? {} : parseJsonObject(bodyText);
  const state = () => ({ modes: sim.modes, iak: sim.iakModes, deposit: sim.deposit });
  switch (route) {
    case 'GET /_control/log':
      return sendJson(response, 200, sim.requestLog());
    case 'GET /_control/transactions':
      return sendJson(response, 200, sim.transactions());
    case 'GET /_control/webhooks':
      return sendJson(response, 200, sim.webhookDeliveries());
    case 'GET /_control/iak/callbacks':
      return sendJson(response, 200, sim.iakCallbackDeliveries());
    case 'GET /_control/mode':
      return sendJson(response, 200, state());
    case 'POST /_control/mode':
      try {
        await sim.control(body);
        return sendJson(response, 200, state());
      } catch (error) {
        if (!(error instanceof InvalidControl)) throw error;
        return sendJson(response, 400, { error: error.message, example: CONTROL_EXAMPLE });
      }
    case 'POST /_control/reset':
      await sim.reset({ all: body?.all === true });
      return sendJson(response, 200, state());
    case 'POST /_control/refund':
      try {
        return sendJson(response, 200, sim.refund(String(body?.ref_id)));
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        return sendJson(response, 404, { error: error.message });
      }
    default:
      return sendJson(response, 404, { error: `no control route ${route}` });
  }
}
