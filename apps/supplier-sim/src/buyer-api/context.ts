import type { PriceList } from '../catalog/price-list';
import type { ModeState } from '../control/modes';
import type { RequestLogEntry } from '../control/request-log';
import { responseCode, type Rc } from '../protocol/response-codes';
import { signMatches } from '../protocol/signatures';
import type { TransactionBook, TransactionData } from '../purchase/transaction-book';

/** The settings the buyer API answers by. */
export interface BuyerApiConfig {
  username: string;
  key: string;
  /** How long `…992`/`…993` (and the sandbox's pending numbers) stay Pending. */
  pendingDelayMs: number;
  /** How long a `…994` purchase holds its (successful) answer. */
  slowAnswerMs: number;
  /** Price-list calls for one cmd closer together than this answer rc 83 (0: no limit). */
  priceListIntervalMs: number;
}

export interface BuyerApiContext {
  config: BuyerApiConfig;
  priceList: PriceList;
  book: TransactionBook;
  modes: ModeState;
  now: () => number;
  /** When each price-list cmd was last answered with the list. */
  lastPriceList: Map<string, number>;
}

/** What a handler answers: the JSON body and what the request log keeps of the call. */
export interface HandlerAnswer {
  /** 200 unless said (IAK answers a refused request HTTP 400). */
  httpStatus?: number;
  body: { data: unknown };
  created: boolean;
  /** The answer leaves no sooner than this (a slow purchase). */
  holdMs?: number;
  misbehaviour?: string;
  log: Pick<RequestLogEntry, 'command' | 'ref_id' | 'customer_no' | 'sku' | 'supplier'>;
}

/** Seller contacts, as Digiflazz adds them to transaction answers. */
export const SELLER_CONTACT = { tele: '@supplier_sim', wa: '081200000000' };

/** An rc with its documented message (or `message`) in the `{data: {rc, message}}` shape of price-list and cek-saldo. */
export function plainRefusal(rc: Rc, message?: string): { data: { rc: Rc; message: string } } {
  return { data: { rc, message: message ?? responseCode(rc).message } };
}

/** The transaction fields of a request, for refusals and the log. */
export interface TransactionFields {
  ref_id: string;
  customer_no: string;
  buyer_sku_code: string;
}

/** A transaction answer for a call that formed no transaction (or whose transaction is another's). */
export function transactionRefusal(
  context: BuyerApiContext,
  fields: Partial<TransactionFields>,
  rc: Rc,
  options: { message?: string; price?: number } = {},
): { data: TransactionData } {
  return {
    data: {
      ref_id: fields.ref_id ?? '',
      customer_no: fields.customer_no ?? '',
      buyer_sku_code: fields.buyer_sku_code ?? '',
      message: options.message ?? responseCode(rc).message,
      status: responseCode(rc).status,
      rc,
      sn: '',
      buyer_last_saldo: context.book.deposit,
      price: options.price ?? 0,
      ...SELLER_CONTACT,
    },
  };
}

/** Why a request is refused before anything else: rc 40 (payload), 42 (username) or 41 (sign). */
export function authRefusal(
  context: BuyerApiContext,
  body: Record<string, unknown>,
  expectedSign: (username: string, key: string) => string,
): Rc | undefined {
  if (typeof body.username !== 'string' || typeof body.sign !== 'string') return '40';
  if (body.username !== context.config.username) return '42';
  if (!signMatches(body.sign, expectedSign(context.config.username, context.config.key))) return '41';
  return undefined;
}
