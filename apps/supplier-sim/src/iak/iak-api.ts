import { createHash } from 'node:crypto';
import type { BuyerApiContext, HandlerAnswer } from '../buyer-api/context';
import { signMatches } from '../protocol/signatures';
import { planPurchase } from '../purchase/plan';
import { serialNumber } from '../purchase/receipts';
import { scenarioOf } from '../purchase/scenario';
import type { Transaction } from '../purchase/transaction-book';
import type { Handler, PlayedApi } from '../server/buyer-routes';
import { IAK_CODES, iakOutcome, iakOutcomeOfPlan, iakStatusNumber, type IakRc } from './iak-codes';
import { takeIakRefusal, type IakControlState } from './iak-control';
import { iakBalanceSign, iakPriceListSign, iakTransactionSign } from './iak-signatures';

/**
 * IAK's prepaid API (api.iak.id, v2) under `/api/`, played on supplier-sim's server and transaction
 * book (docs/iak.md §2): `top-up`, `check-status`, `check-balance`, `pricelist[/type[/operator]]`.
 * Products are the seed's prepaid ones under their buyer_sku_code (IAK's product_code); outcomes go
 * by the same suffix table as Digiflazz's side (purchase/scenario.ts), worded in IAK's codes.
 */
export const IAK_BASE_PATH = '/api';

type Data = Record<string, unknown>;

const answer = (
  data: Data,
  log: HandlerAnswer['log'],
  extra: Partial<HandlerAnswer> = {},
): HandlerAnswer => ({
  body: { data },
  created: false,
  log: { ...log, supplier: 'iak' },
  ...extra,
});

/** A refusal of the request: HTTP 400 with its rc (IAK: "400 - Bad Request … Failed"), no transaction. */
function refusal(rc: IakRc, fields: Data, log: HandlerAnswer['log'], detail?: string): HandlerAnswer {
  return answer(
    {
      ...fields,
      status: 2,
      message: IAK_CODES[rc].message,
      rc,
      ...(detail ? { error_details: detail } : {}),
    },
    log,
    { httpStatus: 400 },
  );
}

/** IAK's transaction id: a number derived from the ref_id, the same every time it is asked. */
function trId(refId: string): number {
  return createHash('sha256').update(`iak-tr:${refId}`).digest().readUInt32BE(0);
}

/** A transaction as IAK's top-up and check-status answer it (`status` 0/1/2, `rc` IAK's). */
export function iakDataOf(transaction: Transaction): Data {
  const { data } = transaction;
  return {
    ref_id: data.ref_id,
    status: iakStatusNumber(data.status),
    product_code: data.buyer_sku_code,
    customer_id: data.customer_no,
    price: data.price,
    message: data.message,
    ...(data.sn ? { sn: data.sn } : {}),
    balance: data.buyer_last_saldo,
    tr_id: trId(data.ref_id),
    rc: data.rc,
  };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The username and sign every call carries; a missing field or a wrong sign is refused 400 rc 204 / 205. */
function authRefusal(
  context: BuyerApiContext,
  body: Data,
  expected: (username: string, key: string) => string,
  log: HandlerAnswer['log'],
): HandlerAnswer | undefined {
  if (text(body.username) === undefined || text(body.sign) === undefined) {
    return refusal('205', {}, log, 'username and sign are required');
  }
  if (
    body.username !== context.config.username ||
    !signMatches(body.sign, expected(context.config.username, context.config.key))
  ) {
    return refusal('204', {}, log);
  }
  return undefined;
}

function topUp(iak: IakControlState): Handler {
  return (context, body) => {
    const refId = text(body.ref_id);
    const customerId = text(body.customer_id);
    const productCode = text(body.product_code);
    const log = { command: 'top-up', ref_id: refId, customer_no: customerId, sku: productCode };
    const fields = { ref_id: refId ?? '', customer_id: customerId ?? '', product_code: productCode ?? '' };
    if (!refId || !customerId || !productCode) {
      return refusal('205', fields, log, 'ref_id, customer_id and product_code are required');
    }
    const refused = authRefusal(
      context,
      body,
      (username, key) => iakTransactionSign(username, key, refId),
      log,
    );
    if (refused) return refused;
    const { book, priceList, config } = context;

    // IAK: "If you top up again with the same ref_id, then … it will become check status."
    const existing = book.get(refId);
    if (existing) return answer(iakDataOf(existing), log);

    const product = priceList.find(productCode);
    const price = product?.kind === 'prepaid' ? (iak.prices[productCode] ?? product.entry.price) : 0;
    const record = (
      outcome: ReturnType<typeof iakOutcome>,
      debit: number,
      extra: Partial<HandlerAnswer> = {},
    ) =>
      answer(
        iakDataOf(newIakTransaction(context, { refId, customerId, productCode, price }, outcome, debit)),
        log,
        {
          created: true,
          ...extra,
        },
      );

    const refuse = takeIakRefusal(iak);
    if (refuse) {
      const misbehaviour = `refuse_${refuse}`;
      if (IAK_CODES[refuse].refusal) return { ...refusal(refuse, fields, log), misbehaviour };
      return record(iakOutcome(refuse), 0, { misbehaviour });
    }
    if (!product || product.kind !== 'prepaid') return refusal('20', fields, log);
    const { entry } = product;
    if (
      !entry.buyer_product_status ||
      !entry.seller_product_status ||
      (!entry.unlimited_stock && entry.stock <= 0)
    ) {
      return record(iakOutcome('106'), 0);
    }
    if (book.deposit < price) return refusal('17', fields, log);

    const late = iak.modes.take('lateSuccess');
    const plan = planPurchase(
      scenarioOf(customerId, false),
      serialNumber(entry.category, refId, customerId),
      { slowAnswerMs: config.slowAnswerMs, lateSuccessMs: late?.delayMs },
    );
    const settlesAt = plan.settlesInto
      ? new Date(context.now() + config.pendingDelayMs).toISOString()
      : undefined;
    const recorded = newIakTransaction(
      context,
      { refId, customerId, productCode, price },
      iakOutcomeOfPlan(plan.outcome),
      plan.debits ? price : 0,
      settlesAt === undefined ? {} : { settlesAt, settlesInto: iakOutcomeOfPlan(plan.settlesInto!) },
    );
    if (plan.outcome.status !== 'Gagal') priceList.takeStock(entry.buyer_sku_code);
    return answer(iakDataOf(recorded), log, {
      created: true,
      holdMs: plan.holdMs,
      misbehaviour: late ? 'late_success' : undefined,
    });
  };
}

/** A new IAK transaction in the shared book, the price taken from the deposit (`debit`, 0 for a failure). */
function newIakTransaction(
  context: BuyerApiContext,
  purchase: { refId: string; customerId: string; productCode: string; price: number },
  outcome: ReturnType<typeof iakOutcome>,
  debit: number,
  settling: Pick<Transaction, 'settlesAt' | 'settlesInto'> = {},
): Transaction {
  return context.book.add(
    {
      supplier: 'iak',
      kind: 'prepaid',
      stage: 'purchase',
      testing: false,
      createdAt: new Date(context.now()).toISOString(),
      ...settling,
      data: {
        ref_id: purchase.refId,
        customer_no: purchase.customerId,
        buyer_sku_code: purchase.productCode,
        ...outcome,
        buyer_last_saldo: context.book.deposit,
        price: purchase.price,
        tele: '',
        wa: '',
      },
    },
    debit,
  );
}

const checkStatus: Handler = (context, body) => {
  const refId = text(body.ref_id);
  const log = { command: 'check-status', ref_id: refId };
  if (!refId) return refusal('205', {}, log, 'ref_id is required');
  const refused = authRefusal(
    context,
    body,
    (username, key) => iakTransactionSign(username, key, refId),
    log,
  );
  if (refused) return refused;
  const transaction = context.book.get(refId);
  if (!transaction || transaction.supplier !== 'iak') {
    return answer({ ref_id: refId, status: 2, message: IAK_CODES['06'].message, rc: '06' }, log);
  }
  return answer(iakDataOf(transaction), log);
};

const checkBalance: Handler = (context, body) => {
  const log = { command: 'check-balance' };
  return (
    authRefusal(context, body, iakBalanceSign, log) ??
    answer({ balance: context.book.deposit, message: 'SUCCESS', rc: '00' }, log)
  );
};

/** `pricelist[/type[/operator]]`: type is the seed's category, operator its brand, both lower case. */
function priceList(iak: IakControlState, type?: string, operator?: string): Handler {
  return (context, body) => {
    const log = { command: 'pricelist' };
    const refused = authRefusal(context, body, iakPriceListSign, log);
    if (refused) return refused;
    const entries = context.priceList
      .list('prepaid', {})
      .map((entry) => entry as unknown as Record<string, unknown>)
      .filter((entry) => type === undefined || String(entry.category).toLowerCase() === type)
      .filter((entry) => operator === undefined || String(entry.brand).toLowerCase() === operator)
      .map((entry) => {
        const sku = String(entry.buyer_sku_code);
        const active = entry.buyer_product_status === true && entry.seller_product_status === true;
        return {
          product_code: sku,
          product_description: entry.brand,
          product_nominal: entry.product_name,
          product_details: entry.desc ?? '-',
          product_price: iak.prices[sku] ?? entry.price,
          product_type: String(entry.category).toLowerCase(),
          active_period: '0',
          status: active ? 'active' : 'non active',
          icon_url: '-',
          product_category: String(entry.category).toLowerCase(),
        };
      });
    return { body: { data: entries as unknown }, created: false, log: { ...log, supplier: 'iak' } };
  };
}

/** IAK's API as supplier-sim's server plays it, with IAK's own modes. */
export function iakApi(iak: IakControlState): PlayedApi {
  const routes: Record<string, Handler> = {
    [`${IAK_BASE_PATH}/top-up`]: topUp(iak),
    [`${IAK_BASE_PATH}/check-status`]: checkStatus,
    [`${IAK_BASE_PATH}/check-balance`]: checkBalance,
  };
  return {
    modes: iak.modes,
    handler: (path) => {
      if (routes[path]) return routes[path];
      const list = /^\/api\/pricelist(?:\/([^/]+))?(?:\/([^/]+))?\/?$/.exec(path);
      return list ? priceList(iak, list[1]?.toLowerCase(), list[2]?.toLowerCase()) : undefined;
    },
    payloadError: () => refusal('205', {}, { command: 'unreadable' }, 'the body must be a JSON object'),
  };
}
