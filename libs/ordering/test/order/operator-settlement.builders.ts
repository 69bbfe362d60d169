import type { FulfilmentSettledByOperator, SettleByOperator } from '@kios/ordering';
import { REQUEST_ID, secondsAfterT0 } from './order.builders';

export const OPERATOR = 'kios-cli (siti)';
export const EVIDENCE = 'Digiflazz mutasi 2025-04-06 10:02: KIOS-… Sukses, SN 0412999988887777';
/** When the operator settles: a week after the order was placed. */
export const SETTLED_AT = secondsAfterT0(7 * 86_400);

export function settleAsSucceeded(
  overrides: Partial<SettleByOperator['data']> = {},
  receipt: { serialNumber: string; token?: string } = { serialNumber: '0412999988887777' },
): SettleByOperator {
  return {
    type: 'SettleByOperator',
    data: {
      requestId: REQUEST_ID,
      settledBy: OPERATOR,
      outcome: { status: 'succeeded', ...receipt },
      evidence: EVIDENCE,
      now: SETTLED_AT,
      ...overrides,
    },
  };
}

export function settleAsFailed(
  reason = 'Digiflazz shows the transaction Gagal',
  overrides: Partial<SettleByOperator['data']> = {},
): SettleByOperator {
  return settleAsSucceeded({ outcome: { status: 'failed', reason }, ...overrides });
}

export function settledByOperator(
  overrides: Partial<FulfilmentSettledByOperator['data']> = {},
): FulfilmentSettledByOperator {
  return {
    type: 'FulfilmentSettledByOperator',
    data: {
      requestId: REQUEST_ID,
      settledBy: OPERATOR,
      decision: 'succeeded',
      evidence: EVIDENCE,
      settledAt: SETTLED_AT.toISOString(),
      ...overrides,
    },
  };
}
