import type { TransactionStatus } from '../protocol/response-codes';
import type { Outcome } from '../purchase/transaction-book';

/**
 * IAK's prepaid response codes as supplier-sim plays them, from IAK's "Response Code" page
 * (api.iak.id/api/prepaid/response-code; docs/iak.md §4 has the table and the reading). The status is
 * kept in Digiflazz's words, which the transaction book settles by (Sukses / Pending / Gagal);
 * `refusal` marks a code that refuses the request rather than records a transaction: supplier-sim
 * answers those with HTTP 400 (IAK: "400 - Bad Request … Failed"), and the ref_id stays free.
 */
export interface IakCode {
  message: string;
  status: TransactionStatus;
  refusal: boolean;
}

const code = (message: string, status: TransactionStatus, refusal = false): IakCode => ({
  message,
  status,
  refusal,
});

export const IAK_CODES = {
  '00': code('SUCCESS', 'Sukses'),
  '06': code('TRANSACTION NOT FOUND', 'Gagal', true),
  '07': code('FAILED', 'Gagal'),
  '10': code('REACH TOP UP LIMIT USING SAME DESTINATION NUMBER IN 1 DAY', 'Gagal'),
  '13': code('CUSTOMER NUMBER BLOCKED', 'Gagal'),
  '14': code('INCORRECT DESTINATION NUMBER', 'Gagal'),
  '16': code('NUMBER NOT MATCH WITH OPERATOR', 'Gagal'),
  '17': code('INSUFFICIENT DEPOSIT', 'Gagal', true),
  '20': code('CODE NOT FOUND', 'Gagal', true),
  '39': code('PROCESS', 'Pending'),
  '102': code('INVALID IP ADDRESS', 'Gagal', true),
  '106': code('PRODUCT IS TEMPORARILY OUT OF SERVICE', 'Gagal'),
  '107': code('ERROR IN XML FORMAT', 'Gagal', true),
  '118': code('ACCOUNT SUSPENDED', 'Gagal', true),
  '121': code('MONTHLY TOP UP LIMIT EXCEEDED', 'Gagal'),
  '201': code('UNDEFINED RESPONSE CODE', 'Pending'),
  '204': code('WRONG AUTHENTICATION', 'Gagal', true),
  '205': code('WRONG COMMAND', 'Gagal', true),
  '206': code('THIS DESTINATION NUMBER HAS BEEN BLOCKED', 'Gagal'),
} as const satisfies Record<string, IakCode>;

export type IakRc = keyof typeof IAK_CODES;

export const isIakRc = (value: unknown): value is IakRc =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(IAK_CODES, value);

export const iakOutcome = (rc: IakRc, sn = ''): Outcome => ({
  message: IAK_CODES[rc].message,
  status: IAK_CODES[rc].status,
  rc,
  sn,
});

/** The Digiflazz rc a purchase plan (purchase/plan.ts) gives, in IAK's words: the same scenario table for both. */
const FROM_PLAN: Readonly<Record<string, IakRc>> = {
  '00': '00',
  '02': '07',
  '03': '39',
  '54': '14',
};

export function iakOutcomeOfPlan(planned: Outcome): Outcome {
  const rc = FROM_PLAN[planned.rc] ?? '07';
  return iakOutcome(rc, planned.sn);
}

/** IAK's `data.status`: 0 PROCESS, 1 SUCCESS, 2 FAILED. */
export function iakStatusNumber(status: TransactionStatus): 0 | 1 | 2 {
  return status === 'Sukses' ? 1 : status === 'Pending' ? 0 : 2;
}
