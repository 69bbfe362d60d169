import type { Product } from '@kios/catalog';
import type { InDoubt, PurchaseOutcome, StatusOutcome } from '../supplier.port';
import type { DigiflazzReply, TransportFailure } from '../digiflazz/digiflazz-client';
import { IAK_RC_NOT_FOUND, iakStatusOf, outcomeOfIakRc, type IakCallKind, type IakStatus } from './iak-codes';
import { iakCostOf } from './iak-money';
import { iakReceiptOf } from './iak-receipt';

/** The `data` of an answer from `top-up` or `check-status` (or of a callback), as far as kios reads it. */
export type IakAnswer = {
  rc: string;
  /** 0/1/2 read (iakStatusOf); undefined when IAK sent none; `unknown` when it sent one kios does not know. */
  status?: IakStatus | 'unknown';
  /** The status as sent, for messages and the record. */
  rawStatus?: unknown;
  message: string;
  refId?: string;
  sn: string;
  /** A game voucher's pin, when IAK sends one. */
  pin?: string;
  /** Rupiah as sent (a number, or a string in callbacks); convert with iakAmountToMinor. */
  price?: unknown;
  data: Record<string, unknown>;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `{data: {rc, …}}` read into an IakAnswer; undefined when there is no `data` object with a string rc. */
export function readIakAnswer(body: unknown): IakAnswer | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const fields = data as Record<string, unknown>;
  const rc = text(fields.rc) ?? (typeof fields.rc === 'number' ? String(fields.rc) : undefined);
  if (rc === undefined) return undefined;
  const pin = text(fields.pin);
  return {
    rc: rc.trim(),
    ...(fields.status === undefined
      ? {}
      : { status: iakStatusOf(fields.status) ?? 'unknown', rawStatus: fields.status }),
    message: text(fields.message) ?? '',
    refId: text(fields.ref_id),
    sn: text(fields.sn) ?? '',
    ...(pin === undefined || pin.trim() === '' ? {} : { pin: pin.trim() }),
    price: fields.price,
    data: fields,
  };
}

export function describeIakFailure(failure: TransportFailure): string {
  switch (failure.kind) {
    case 'timeout':
      return `no answer from IAK within ${failure.afterMs} ms`;
    case 'http_status':
      return `IAK answered HTTP ${failure.status}`;
    case 'unparseable':
      return `IAK's answer (HTTP ${failure.httpStatus}) is not JSON`;
    case 'network':
      return `could not reach IAK: ${failure.detail}`;
  }
}

const inDoubt = (reason: string): InDoubt => ({ status: 'in_doubt', reason });

const AGREES: Readonly<Record<string, IakStatus>> = {
  succeeded: 'success',
  failed: 'failed',
  pending: 'pending',
};

export type IakExpectation = { refId: string; product: Pick<Product, 'delivery'>; call: IakCallKind };

/**
 * What an answer makes of the purchase under `refId` (docs/iak.md §4): the rc decides, through the
 * table in iak-codes.ts; a `status` that contradicts the rc, or that kios does not know, makes the
 * answer unusable (in_doubt); so does an answer about another ref_id. `httpStatus` is the answer's:
 * IAK answers a failure HTTP 400 with its rc, and HTTP 400 with anything but a failure rc is unusable.
 */
export function outcomeOfIakAnswer(
  answer: IakAnswer,
  expected: IakExpectation,
  httpStatus = 200,
): PurchaseOutcome {
  const { rc, message } = answer;
  const said = `rc ${rc}${message ? ` (${message})` : ''}`;
  if (answer.refId !== undefined && answer.refId !== '' && answer.refId !== expected.refId) {
    return inDoubt(`IAK answered about ref_id ${answer.refId}, not ${expected.refId}`);
  }
  const verdict = outcomeOfIakRc(rc, expected.call);
  if (!verdict.known) return inDoubt(`IAK answered ${said}, a code kios does not map`);
  if (httpStatus !== 200 && verdict.outcome !== 'failed') {
    return inDoubt(`IAK answered HTTP ${httpStatus} with ${said}, which is not a failure code`);
  }
  if (answer.status === 'unknown') {
    return inDoubt(
      `IAK answered ${said} with status ${JSON.stringify(answer.rawStatus)}, which kios does not know`,
    );
  }
  if (
    answer.status !== undefined &&
    verdict.outcome !== 'in_doubt' &&
    AGREES[verdict.outcome] !== answer.status
  ) {
    return inDoubt(`IAK answered ${said} with status ${JSON.stringify(answer.rawStatus)}: they disagree`);
  }
  switch (verdict.outcome) {
    case 'succeeded':
      return {
        status: 'succeeded',
        ...iakReceiptOf(expected.product, answer, expected.refId),
        ...iakCostOf(answer.price),
      };
    case 'pending':
      return { status: 'pending' };
    case 'failed':
      return { status: 'failed', reason: `IAK ${said}` };
    case 'in_doubt':
      return inDoubt(
        verdict.entry.outcome === 'in_doubt'
          ? `IAK answered ${said}, which does not tell the transaction's outcome`
          : `IAK refused this repeated call with ${said}, which says nothing of the transaction made before under the same ref_id`,
      );
  }
}

/**
 * A reply from the transport (an answer, or why none came) as a purchase outcome. Only HTTP 200 and
 * 400 carry an answer (IAK's "Response Code" page: 400 is Failed, any OTHER status is Pending, "something
 * went wrong on IAK's end"): any other status, a timeout or a lost connection is in_doubt.
 */
export function outcomeOfIakReply(reply: DigiflazzReply, expected: IakExpectation): PurchaseOutcome {
  if (!reply.ok) {
    const outcome = inDoubt(describeIakFailure(reply.failure));
    // Refused before a connection existed: IAK got nothing (a routed order may try another supplier).
    const refused = reply.failure.kind === 'network' && reply.failure.detail === 'ECONNREFUSED';
    return refused ? { ...outcome, nothingSent: true } : outcome;
  }
  if (reply.httpStatus !== 200 && reply.httpStatus !== 400) {
    return inDoubt(`IAK answered HTTP ${reply.httpStatus}`);
  }
  const answer = readIakAnswer(reply.body);
  if (answer === undefined) return inDoubt(`IAK answered HTTP ${reply.httpStatus} without data.rc`);
  return outcomeOfIakAnswer(answer, expected, reply.httpStatus);
}

/**
 * A reply to `check-status` as a status outcome: as outcomeOfIakReply for a repeated call, except
 * that rc 06 (TRANSACTION NOT FOUND) about this ref_id means IAK holds no transaction under it:
 * not_found, so a purchase under the same ref_id buys once.
 */
export function statusOfIakReply(
  reply: DigiflazzReply,
  expected: Omit<IakExpectation, 'call'>,
): StatusOutcome {
  if (reply.ok && (reply.httpStatus === 200 || reply.httpStatus === 400)) {
    const answer = readIakAnswer(reply.body);
    const sameRef = answer?.refId === undefined || answer.refId === '' || answer.refId === expected.refId;
    if (answer?.rc === IAK_RC_NOT_FOUND && sameRef) return { status: 'not_found' };
  }
  return outcomeOfIakReply(reply, { ...expected, call: 'repeat' });
}
