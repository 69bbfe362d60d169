import type { Product } from '@kios/catalog';
import type { InDoubt, PurchaseOutcome, StatusOutcome } from '../supplier.port';
import { outcomeOfRc, RC_TRANSACTION_NOT_FOUND, statusWordOf, type CallKind } from './digiflazz-codes';
import { describeTransportFailure, type DigiflazzReply } from './digiflazz-client';
import { costOfRupiah } from './digiflazz-money';
import { receiptOf } from './digiflazz-receipt';

/** The `data` of an answer from `/v1/transaction` (or of a webhook), as far as kios reads it. */
export type TransactionAnswer = {
  rc: string;
  /** Sukses / Pending / Gagal (or Success / Processing / Failed); absent when Digiflazz sent none. */
  status?: string;
  message: string;
  refId?: string;
  customerNo?: string;
  sku?: string;
  sn: string;
  /** Whole rupiah, as sent; convert with rupiahToMinor. */
  price?: unknown;
  data: Record<string, unknown>;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `{data: {rc, …}}` read into a TransactionAnswer; undefined when there is no `data` with a string rc. */
export function readTransactionAnswer(body: unknown): TransactionAnswer | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const fields = data as Record<string, unknown>;
  const rc = text(fields.rc);
  if (rc === undefined) return undefined;
  return {
    rc: rc.trim(),
    status: text(fields.status),
    message: text(fields.message) ?? '',
    refId: text(fields.ref_id),
    customerNo: text(fields.customer_no),
    sku: text(fields.buyer_sku_code),
    sn: text(fields.sn) ?? '',
    price: fields.price,
    data: fields,
  };
}

const inDoubt = (reason: string): InDoubt => ({ status: 'in_doubt', reason });

/**
 * What a transaction answer makes of the purchase under `refId` (docs/digiflazz.md "Outcomes"):
 * the rc decides, through the table in digiflazz-codes.ts; a `status` word that contradicts the rc,
 * or that kios does not know, makes the answer unusable (in_doubt); so does an answer about
 * another ref_id.
 */
export function outcomeOfAnswer(
  answer: TransactionAnswer,
  expected: { refId: string; product: Pick<Product, 'delivery'>; call: CallKind },
): PurchaseOutcome {
  const { rc, message } = answer;
  const said = `rc ${rc}${message ? ` (${message})` : ''}`;
  if (answer.refId !== undefined && answer.refId !== expected.refId) {
    return inDoubt(`Digiflazz answered about ref_id ${answer.refId}, not ${expected.refId}`);
  }
  const verdict = outcomeOfRc(rc, expected.call);
  if (!verdict.known) return inDoubt(`Digiflazz answered ${said}, a code kios does not map`);
  const word = answer.status === undefined ? undefined : statusWordOf(answer.status);
  if (answer.status !== undefined && word === undefined) {
    return inDoubt(`Digiflazz answered ${said} with status "${answer.status}", which kios does not know`);
  }
  const agrees =
    word === undefined ||
    verdict.outcome === 'in_doubt' ||
    { succeeded: 'success', failed: 'failed', pending: 'pending' }[verdict.outcome] === word;
  if (!agrees) return inDoubt(`Digiflazz answered ${said} with status "${answer.status}": they disagree`);
  switch (verdict.outcome) {
    case 'succeeded':
      return {
        status: 'succeeded',
        ...receiptOf(expected.product, answer.sn, expected.refId),
        ...costOfRupiah(answer.price),
      };
    case 'pending':
      return { status: 'pending' };
    case 'failed':
      return { status: 'failed', reason: `Digiflazz ${said}` };
    case 'in_doubt':
      return inDoubt(
        verdict.entry.outcome === 'in_doubt'
          ? `Digiflazz answered ${said}, which does not tell the transaction's outcome`
          : `Digiflazz refused this repeated call with ${said}, which says nothing of the transaction made before under the same ref_id`,
      );
  }
}

/** A reply from the client (an answer, or why none came) as a purchase outcome. */
export function outcomeOfReply(
  reply: DigiflazzReply,
  expected: { refId: string; product: Pick<Product, 'delivery'>; call: CallKind },
): PurchaseOutcome {
  if (!reply.ok) {
    const outcome = inDoubt(describeTransportFailure(reply.failure));
    // Refused before a connection existed: Digiflazz got nothing (a routed order may try another supplier).
    const refused = reply.failure.kind === 'network' && reply.failure.detail === 'ECONNREFUSED';
    return refused ? { ...outcome, nothingSent: true } : outcome;
  }
  const answer = readTransactionAnswer(reply.body);
  if (answer === undefined) return inDoubt('Digiflazz answered without data.rc');
  return outcomeOfAnswer(answer, expected);
}

/**
 * A reply to `status-pasca` as a status outcome: as outcomeOfReply, except that rc 50
 * (Transaksi Tidak Ditemukan) means Digiflazz has no transaction under the ref_id: not_found.
 */
export function statusOfPostpaidReply(
  reply: DigiflazzReply,
  expected: { refId: string; product: Pick<Product, 'delivery'> },
): StatusOutcome {
  if (reply.ok) {
    const answer = readTransactionAnswer(reply.body);
    const sameRef = answer?.refId === undefined || answer.refId === expected.refId;
    if (answer?.rc === RC_TRANSACTION_NOT_FOUND && sameRef) return { status: 'not_found' };
  }
  return outcomeOfReply(reply, { ...expected, call: 'repeat' });
}
