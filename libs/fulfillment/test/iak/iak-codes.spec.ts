import {
  IAK_RESPONSE_CODES,
  iakStatusOf,
  isIakTransactionFailure,
  outcomeOfIakRc,
  type IakRcOutcome,
} from '@kios/fulfillment';

/**
 * Every rc on IAK's prepaid response-code page (https://api.iak.id/api/prepaid/response-code) with
 * IAK's own status word, the outcome kios gives it on a first call, and whether kios reads it as about
 * the transaction (true) or a refusal of the request (false). Written out here, not read from the
 * adapter's table, so a change to either is seen.
 */
const EXPECTED: [rc: string, iakStatus: string, outcome: IakRcOutcome, aboutTransaction: boolean][] = [
  ['00', 'Success', 'succeeded', true],
  ['06', 'Failed', 'in_doubt', false],
  ['07', 'Failed', 'failed', true],
  ['10', 'Failed', 'failed', true],
  ['12', 'Failed', 'failed', true],
  ['13', 'Failed', 'failed', true],
  ['14', 'Failed', 'failed', true],
  ['16', 'Failed', 'failed', true],
  ['17', 'Failed', 'failed', false],
  ['18', 'Failed', 'failed', true],
  ['19', 'Failed', 'failed', true],
  ['20', 'Failed', 'failed', false],
  ['39', 'Pending', 'pending', true],
  ['102', 'Failed', 'failed', false],
  ['106', 'Failed', 'failed', true],
  ['107', 'Failed', 'failed', false],
  ['117', 'Failed', 'failed', false],
  ['118', 'Failed', 'failed', false],
  ['121', 'Failed', 'failed', true],
  ['131', 'Failed', 'failed', true],
  ['141', 'Failed', 'failed', true],
  ['142', 'Failed', 'failed', true],
  ['201', 'Pending', 'pending', true],
  ['202', 'Failed', 'failed', true],
  ['203', 'Failed', 'failed', true],
  ['204', 'Failed', 'failed', false],
  ['205', 'Failed', 'failed', false],
  ['206', 'Failed', 'failed', true],
  ['207', 'Failed', 'failed', true],
];

describe("IAK's rc table", () => {
  it('holds exactly the codes of the page', () => {
    expect(Object.keys(IAK_RESPONSE_CODES).sort()).toEqual(EXPECTED.map(([rc]) => rc).sort());
  });

  it.each(EXPECTED)('rc %s (IAK: %s) is %s on a first call', (rc, _iak, outcome, aboutTransaction) => {
    expect(IAK_RESPONSE_CODES[rc]).toMatchObject({ outcome, formsTransaction: aboutTransaction });
    expect(outcomeOfIakRc(rc, 'first').outcome).toBe(outcome);
  });

  it("never makes a failure of a code IAK's page does not call Failed", () => {
    for (const [rc, iak] of EXPECTED) {
      if (iak !== 'Failed') expect(outcomeOfIakRc(rc, 'first').outcome).not.toBe('failed');
    }
  });

  it('a refusal of the request answered to a repeated call tells nothing of the transaction: in doubt', () => {
    for (const rc of ['17', '20', '102', '107', '117', '118', '204', '205']) {
      expect(outcomeOfIakRc(rc, 'first').outcome).toBe('failed');
      expect(outcomeOfIakRc(rc, 'repeat')).toMatchObject({ outcome: 'in_doubt', known: true });
    }
  });

  it("the transaction's own failure is final on a repeat too", () => {
    expect(outcomeOfIakRc('07', 'repeat').outcome).toBe('failed');
    expect(outcomeOfIakRc('14', 'repeat').outcome).toBe('failed');
  });

  it('an rc it does not hold is in doubt, never failed; so are names of Object.prototype', () => {
    for (const rc of ['99', '', '0', 'constructor', '__proto__', 'toString']) {
      expect(outcomeOfIakRc(rc, 'first')).toEqual({ outcome: 'in_doubt', known: false });
    }
  });

  it('tells a final transaction failure (a router may try another supplier) from a refusal of the request', () => {
    expect(isIakTransactionFailure('07')).toBe(true);
    expect(isIakTransactionFailure('106')).toBe(true);
    for (const rc of ['00', '39', '201', '06', '17', '102', '204', '99', 'constructor']) {
      expect(isIakTransactionFailure(rc)).toBe(false);
    }
  });

  it.each([
    [0, 'pending'],
    [1, 'success'],
    [2, 'failed'],
    ['0', 'pending'],
    ['1', 'success'],
    ['2', 'failed'],
    [' 1 ', 'success'],
  ])('data.status %p reads %p', (status, read) => {
    expect(iakStatusOf(status)).toBe(read);
  });

  it.each([[3], [1.5], ['success'], [''], [null], [undefined], [true], ['constructor']])(
    'data.status %p is not a status kios knows',
    (status) => {
      expect(iakStatusOf(status)).toBeUndefined();
    },
  );
});
