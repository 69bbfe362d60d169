import { DanaFunction } from '@kios/dana-protocol';
import type { DanaApi } from '../http/dana-endpoint.metadata';

/** What identifies a DANA request in logs: read from the parsed body before anything is verified. */
export interface DanaRequestFields {
  function: string;
  reqMsgId?: string;
  requestId?: string;
  /** Get Order Detail asking for several orders at once. */
  requestIds?: string[];
  orderId?: string;
}

/** What a signed answer says, for logs and metrics. */
export interface DanaAnswerSummary {
  /** The business status (orderStatus / inquiryStatus), the error's resultCode, or `OK`. */
  outcome: string;
  orderId?: string;
}

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

/** Only short strings go into a log line: the body is not verified yet and may hold anything. */
const identifier = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length >= 1 && value.length <= 64 ? value : undefined;

function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/** The identifiers a request carries (docs/dana-protocol.md §1.5 head, §3.3 requestId, §3.4 orderIdentifiers). */
export function danaRequestFields(api: DanaApi, parsedBody: unknown): DanaRequestFields {
  const request = asObject(asObject(parsedBody)?.request);
  const body = asObject(request?.body);
  const fields: DanaRequestFields = {
    function: DanaFunction[api],
    reqMsgId: identifier(asObject(request?.head)?.reqMsgId),
  };
  if (api === 'createOrder') fields.requestId = identifier(body?.requestId);
  if (api === 'orderQuery' && Array.isArray(body?.orderIdentifiers)) {
    const identifiers = body.orderIdentifiers.map(asObject);
    if (identifiers.length === 1) {
      fields.requestId = identifier(identifiers[0]?.requestId);
      fields.orderId = identifier(identifiers[0]?.orderId);
    } else if (identifiers.length > 1) {
      fields.requestIds = identifiers.map((item) => identifier(item?.requestId) ?? '?').slice(0, 10);
    }
  }
  return withoutUndefined(fields);
}

function statusOf(item: unknown, field: 'orderStatus' | 'inquiryStatus' | 'userStatus'): string | undefined {
  const status = asObject(asObject(item)?.[field])?.status;
  return typeof status === 'string' ? status : undefined;
}

/** One status for a list of answers: theirs when they agree, `MIXED` when they do not. */
function common(statuses: (string | undefined)[]): string {
  const distinct = new Set(statuses.map((status) => status ?? 'UNKNOWN'));
  if (distinct.size === 0) return 'NONE';
  return distinct.size === 1 ? [...distinct][0] : 'MIXED';
}

/** Reads kios's own signed answer (a response envelope, docs/dana-protocol.md §1.4) for its outcome and orderId. */
export function summarizeDanaAnswer(api: DanaApi, payload: string): DanaAnswerSummary {
  let body: Json | undefined;
  try {
    body = asObject(asObject(asObject(JSON.parse(payload))?.response)?.body);
  } catch {
    return { outcome: 'UNREADABLE' };
  }
  // User Validate's business answer carries a resultInfo too (docs/dana-protocol.md §3.7): its outcome is the user's status.
  const userStatus = api === 'userValidate' ? statusOf(body, 'userStatus') : undefined;
  if (userStatus !== undefined) return { outcome: userStatus };
  const resultCode = asObject(body?.resultInfo)?.resultCode;
  if (typeof resultCode === 'string') return { outcome: resultCode };
  switch (api) {
    case 'createOrder': {
      const order = asObject(body?.order);
      return withoutUndefined({
        outcome: statusOf(order, 'orderStatus') ?? 'UNKNOWN',
        orderId: identifier(order?.orderId),
      });
    }
    case 'orderQuery': {
      const orders = Array.isArray(body?.orders) ? body.orders : [];
      const orderId = orders.length === 1 ? identifier(asObject(orders[0])?.orderId) : undefined;
      return withoutUndefined({
        outcome: common(orders.map((order) => statusOf(order, 'orderStatus'))),
        orderId,
      });
    }
    case 'destinationInquiry': {
      const results = Array.isArray(body?.inquiryResults) ? body.inquiryResults : [];
      return { outcome: common(results.map((result) => statusOf(result, 'inquiryStatus'))) };
    }
    default:
      return { outcome: 'OK' };
  }
}
