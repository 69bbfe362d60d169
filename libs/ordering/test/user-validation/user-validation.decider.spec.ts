import type { JsonObject } from '@kios/event-store';
import {
  decodeUserValidationEvent,
  type RecordUserValidation,
  type UserValidated,
  userValidationDecider,
  userValidationStream,
} from '@kios/ordering';
import { DeciderSpec } from '@kios/testing';

const T0 = new Date('2025-01-15T03:00:00.000Z');
const REQ_MSG_ID = '7c1e2a9e-3b7d-4c1e-9a55-1f0c7d2b8e41';
const BPJS_CARD = '000123456997';

const record = (verdict: RecordUserValidation['data']['verdict']): RecordUserValidation => ({
  type: 'RecordUserValidation',
  data: {
    reqMsgId: REQ_MSG_ID,
    productId: 'BPJS-KESEHATAN',
    destination: { primaryParam: BPJS_CARD },
    verdict,
    now: T0,
  },
});

const validated = (data: Partial<UserValidated['data']>): UserValidated => ({
  type: 'UserValidated',
  data: {
    reqMsgId: REQ_MSG_ID,
    productId: 'BPJS-KESEHATAN',
    destination: { primaryParam: BPJS_CARD },
    outcome: 'valid',
    validatedAt: T0.toISOString(),
    ...data,
  },
});

describe('user validation decider', () => {
  const spec = DeciderSpec.for(userValidationDecider);

  it('lives in the stream user-validation-<reqMsgId>', () => {
    expect(userValidationStream(REQ_MSG_ID)).toBe(`user-validation-${REQ_MSG_ID}`);
  });

  it('records a valid account with its holder, the account number unmasked', () =>
    spec
      .given([])
      .when(record({ status: 'valid', customerName: 'BUDI SANTOSO' }))
      .then([validated({ outcome: 'valid', customerName: 'BUDI SANTOSO' })]));

  it('records a valid account the supplier named no one for without a customerName', () =>
    spec
      .given([])
      .when(record({ status: 'valid' }))
      .then([validated({ outcome: 'valid' })]));

  it.each(['inactive', 'unknown', 'invalid_destination'] as const)(
    'records an account that is %s with the reason DANA is told',
    (status) =>
      spec
        .given([])
        .when(record({ status, reason: `account …6997 is ${status}` }))
        .then([validated({ outcome: status, reason: `account …6997 is ${status}` })]),
  );

  it('records nothing more for the same message: its first answer stands', () =>
    spec
      .given([validated({ outcome: 'inactive', reason: 'account …6997 is inactive' })])
      .when(record({ status: 'valid', customerName: 'BUDI SANTOSO' }))
      .then([]));

  it('gives back the recorded verdict from its event', () => {
    const state = userValidationDecider.evolve(
      userValidationDecider.initialState,
      validated({ outcome: 'unknown', reason: 'account …6998 is unknown to the supplier' }),
    );
    expect(state).toEqual({
      status: 'validated',
      productId: 'BPJS-KESEHATAN',
      destination: { primaryParam: BPJS_CARD },
      verdict: { status: 'unknown', reason: 'account …6998 is unknown to the supplier' },
      validatedAt: T0,
    });
  });

  it('reads its stored events back, and refuses one with an outcome it does not know', () => {
    const stored = (data: JsonObject) => ({
      type: 'UserValidated',
      data,
      metadata: { schemaVersion: 1 },
      stream: userValidationStream(REQ_MSG_ID),
      revision: 0n,
    });
    const event = validated({ customerName: 'BUDI SANTOSO' });
    const data = event.data as unknown as JsonObject;
    expect(decodeUserValidationEvent(stored(data))).toEqual(event);
    expect(() => decodeUserValidationEvent(stored({ ...data, outcome: 'maybe' }))).toThrow(
      /data\.outcome must be one of/,
    );
  });
});
