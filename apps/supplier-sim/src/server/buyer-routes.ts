import type { ServerResponse } from 'node:http';
import {
  plainRefusal,
  transactionRefusal,
  type BuyerApiContext,
  type HandlerAnswer,
} from '../buyer-api/context';
import { deposit } from '../buyer-api/deposit.handler';
import { priceList } from '../buyer-api/price-list.handler';
import { transaction } from '../buyer-api/transaction.handler';
import type { ModeState } from '../control/modes';
import type { RequestLog } from '../control/request-log';
import type { Holds } from './holds';
import { parseJsonObject, sendJson, sendText } from './http';

export type Handler = (context: BuyerApiContext, body: Record<string, unknown>) => HandlerAnswer;

/** Digiflazz's buyer API: every call a POST of JSON under `/v1`. */
export const BUYER_ROUTES: Readonly<Record<string, Handler>> = {
  '/v1/price-list': priceList,
  '/v1/cek-saldo': deposit,
  '/v1/transaction': transaction,
};

/**
 * One supplier's API as supplier-sim plays it: its handler for a path, the modes its calls misbehave
 * by, and its answer to a body that is not a JSON object. Digiflazz's buyer API is the default; IAK's
 * is iak/iak-api.ts, on the same server and the same transaction book.
 */
export interface PlayedApi {
  handler(path: string): Handler | undefined;
  modes: ModeState;
  payloadError(path: string, context: BuyerApiContext): HandlerAnswer;
}

export const DIGIFLAZZ_API = (context: BuyerApiContext): PlayedApi => ({
  handler: (path) => BUYER_ROUTES[path],
  modes: context.modes,
  payloadError,
});

/** What a gateway in front of a broken server says. */
const GATEWAY_PAGE = (status: number) =>
  `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`;

/**
 * Answers one buyer-API call: the handler's JSON, unless a misbehaviour says otherwise (an HTTP 5xx or
 * a body cut short, with or without carrying the call out first), no sooner than the answer delay or
 * the purchase's own hold. Every call goes to the request log before its answer leaves.
 */
export async function answerBuyerCall(
  path: string,
  bodyText: string,
  response: ServerResponse,
  context: BuyerApiContext,
  log: RequestLog,
  holds: Holds,
  api: PlayedApi = DIGIFLAZZ_API(context),
): Promise<void> {
  const at = new Date(context.now()).toISOString();
  const handler = api.handler(path)!;
  const { modes } = api;
  const http5xx = modes.take('http5xx');
  const garbage = http5xx ? undefined : modes.take('garbage');
  const carriedOut = http5xx ? http5xx.processed : garbage ? garbage.processed : true;

  let result: HandlerAnswer | undefined;
  if (carriedOut) {
    const body = parseJsonObject(bodyText);
    result = body ? handler(context, body) : api.payloadError(path, context);
  }
  const data = result?.body.data as { rc?: unknown; status?: unknown } | undefined;
  const answered = !http5xx && !garbage;
  const misbehaviours = [
    http5xx && `http_${http5xx.status}${carriedOut ? '_after_processing' : ''}`,
    garbage && `garbage${carriedOut ? '_after_processing' : ''}`,
    result?.misbehaviour,
  ].filter(Boolean);
  log.add({
    at,
    path,
    ...result?.log,
    ...(answered && typeof data?.rc === 'string' ? { rc: data.rc } : {}),
    ...(answered && typeof data?.status === 'string' ? { status: data.status } : {}),
    http_status: http5xx ? http5xx.status : (result?.httpStatus ?? 200),
    created: result?.created ?? false,
    ...(misbehaviours.length > 0 ? { misbehaviour: misbehaviours.join('+') } : {}),
  });

  const holdMs = Math.max(modes.answerDelayMs, result?.holdMs ?? 0);
  if (!(await holds.wait(holdMs))) return;
  if (http5xx) return sendText(response, http5xx.status, 'text/html', GATEWAY_PAGE(http5xx.status));
  if (garbage) {
    const whole = result
      ? JSON.stringify(result.body)
      : '{"data":{"rc":"00","status":"Sukses","message":"Transaksi';
    return sendText(response, 200, 'application/json', whole.slice(0, Math.ceil(whole.length / 2)));
  }
  sendJson(response, result!.httpStatus ?? 200, result!.body);
}

function payloadError(path: string, context: BuyerApiContext): HandlerAnswer {
  const message = 'Payload Error: the body must be a JSON object';
  return {
    body:
      path === '/v1/transaction'
        ? transactionRefusal(context, {}, '40', { message })
        : plainRefusal('40', message),
    created: false,
    log: {},
  };
}
