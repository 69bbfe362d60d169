/**
 * IAK's prepaid response codes (`rc`) and what each one makes of a purchase, as kios reads them.
 *
 * Source: IAK's prepaid "Response Code" page (https://api.iak.id/api/prepaid/response-code, the same
 * table as docs/prepaid/response-code.md in github.com/iak-id/iak-api-reference-docs), which gives for
 * every rc its description and its status (Success / Pending / Failed). Unlike Digiflazz's table it
 * does not say whether a transaction is formed; kios reads that from the description: a code about
 * the request or the account (authentication, IP, format, product code, deposit, suspension) refuses
 * the call, a code about the destination or the top-up is the transaction's own fate
 * (docs/iak.md §4). Where kios departs from the page:
 * - 06 (TRANSACTION NOT FOUND): to `check-status` the ref_id is unknown, which is not_found (see
 *   iak-answer.ts), not a failed transaction; answered to a top-up it tells nothing: in_doubt
 * - 201 (UNDEFINED RESPONSE CODE): the page says Pending, and so does kios
 * An rc not in this table is in_doubt (see outcomeOfIakRc).
 */

export type IakRcOutcome = 'succeeded' | 'failed' | 'pending' | 'in_doubt';

/** The same shape as Digiflazz's RcEntry (digiflazz-codes.ts), so a router reads both tables alike. */
export type IakRcEntry = {
  /** IAK's description of the code, as the page has it. */
  message: string;
  outcome: IakRcOutcome;
  /**
   * Whether the answer is about a transaction IAK holds under the ref_id (the top-up itself, or its
   * destination), rather than a refusal of the call (the request or the account): kios's reading of
   * the description, which IAK's page does not state. A refusal says nothing about a transaction sent
   * earlier under the same ref_id: see outcomeOfIakRc.
   */
  formsTransaction: boolean;
};

const entry = (message: string, outcome: IakRcOutcome, formsTransaction: boolean): IakRcEntry => ({
  message,
  outcome,
  formsTransaction,
});

export const IAK_RESPONSE_CODES: Readonly<Record<string, IakRcEntry>> = {
  '00': entry('SUCCESS', 'succeeded', true),
  '06': entry('TRANSACTION NOT FOUND', 'in_doubt', false),
  '07': entry('FAILED', 'failed', true),
  '10': entry('REACH TOP UP LIMIT USING SAME DESTINATION NUMBER IN 1 DAY', 'failed', true),
  '12': entry('BALANCE MAXIMUM LIMIT EXCEEDED', 'failed', true),
  '13': entry('CUSTOMER NUMBER BLOCKED', 'failed', true),
  '14': entry('INCORRECT DESTINATION NUMBER', 'failed', true),
  '16': entry('NUMBER NOT MATCH WITH OPERATOR', 'failed', true),
  '17': entry('INSUFFICIENT DEPOSIT', 'failed', false),
  '18': entry('NUMBER NOT AVAILABLE', 'failed', true),
  '19': entry('NUMBER IS ALREADY IN USE', 'failed', true),
  '20': entry('CODE NOT FOUND', 'failed', false),
  '39': entry('PROCESS', 'pending', true),
  '102': entry('INVALID IP ADDRESS', 'failed', false),
  '106': entry('PRODUCT IS TEMPORARILY OUT OF SERVICE', 'failed', true),
  '107': entry('ERROR IN XML FORMAT', 'failed', false),
  '117': entry('PAGE NOT FOUND', 'failed', false),
  '118': entry('ACCOUNT SUSPENDED', 'failed', false),
  '121': entry('MONTHLY TOP UP LIMIT EXCEEDED', 'failed', true),
  '131': entry('TOP UP REGION BLOCKED FOR PLAYER', 'failed', true),
  '141': entry('INVALID USER ID / ZONE ID / SERVER ID / ROLENAME', 'failed', true),
  '142': entry('INVALID USER ID', 'failed', true),
  '201': entry('UNDEFINED RESPONSE CODE', 'pending', true),
  '202': entry('MAXIMUM 1 NUMBER 1 TIME IN 1 DAY', 'failed', true),
  '203': entry('NUMBER IS TOO LONG', 'failed', true),
  '204': entry('WRONG AUTHENTICATION', 'failed', false),
  '205': entry('WRONG COMMAND', 'failed', false),
  '206': entry('THIS DESTINATION NUMBER HAS BEEN BLOCKED', 'failed', true),
  '207': entry('MAXIMUM 1 NUMBER WITH ANY CODE 1 TIME IN 1 DAY', 'failed', true),
};

/** TRANSACTION NOT FOUND: to `check-status`, IAK holds nothing under the ref_id. */
export const IAK_RC_NOT_FOUND = '06';
/** PROCESS: the transaction is under way. */
export const IAK_RC_PENDING = '39';

/**
 * What kind of call an answer is to:
 * - first: the first top-up this adapter sends under the ref_id
 * - repeat: the ref_id was sent before (a top-up sent again, which IAK treats as a status check, or
 *   `check-status` itself)
 */
export type IakCallKind = 'first' | 'repeat';

export type IakRcVerdict =
  { outcome: IakRcOutcome; known: true; entry: IakRcEntry } | { outcome: 'in_doubt'; known: false };

/**
 * The outcome an rc gives a purchase. An rc the table does not hold is in_doubt. A refusal of the
 * call (17, 20, 102, 107, 117, 118, 204, 205) is a failure only for the first call under a ref_id:
 * answered to a repeat it refuses that repeated call (a key or IP allow-list changed, the deposit ran
 * low) and tells nothing of the transaction the first call may have made, so in_doubt.
 */
export function outcomeOfIakRc(rc: string, call: IakCallKind): IakRcVerdict {
  const known = Object.prototype.hasOwnProperty.call(IAK_RESPONSE_CODES, rc)
    ? IAK_RESPONSE_CODES[rc]
    : undefined;
  if (known === undefined) return { outcome: 'in_doubt', known: false };
  if (known.outcome === 'failed' && !known.formsTransaction && call === 'repeat') {
    return { outcome: 'in_doubt', known: true, entry: known };
  }
  return { outcome: known.outcome, known: true, entry: known };
}

/**
 * Whether an rc is a final failure of the transaction itself (the destination, the product, a limit),
 * as opposed to a refusal of the request: a router may take the first for "this supplier will not
 * deliver this order" and try another only after it (issue 20, part 2).
 */
export function isIakTransactionFailure(rc: string): boolean {
  const known = Object.prototype.hasOwnProperty.call(IAK_RESPONSE_CODES, rc)
    ? IAK_RESPONSE_CODES[rc]
    : undefined;
  return known !== undefined && known.outcome === 'failed' && known.formsTransaction;
}

/** IAK's `data.status`: 0 PROCESS, 1 SUCCESS, 2 FAILED; a number in answers, a digit string in callbacks. */
export type IakStatus = 'pending' | 'success' | 'failed';

const STATUSES: Readonly<Record<string, IakStatus>> = { '0': 'pending', '1': 'success', '2': 'failed' };

export function iakStatusOf(status: unknown): IakStatus | undefined {
  const key = typeof status === 'number' ? String(status) : typeof status === 'string' ? status.trim() : '';
  return Object.prototype.hasOwnProperty.call(STATUSES, key) ? STATUSES[key] : undefined;
}
