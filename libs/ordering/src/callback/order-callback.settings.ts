import type { KeyObject } from 'node:crypto';
import type { DanaPublicKeys } from '@kios/dana-protocol';
import type { RetryPolicy } from './retry-policy';

/** What DeliverOrderCallback needs from the configuration (docs/architecture.md §6); the app provides it. */
export type OrderCallbackSettings = {
  /** The ids DANA assigned, carried by every callback (KIOS_PARTNER_ID, KIOS_AGGREGATOR_ID). */
  partnerId: string;
  aggregatorId: string;
  /** Signs the callback. */
  merchantPrivateKey: KeyObject;
  /** Check DANA's answer before anything in it is trusted (two while DANA rotates its key). */
  danaPublicKeys: DanaPublicKeys;
  /** When a callback DANA did not accept is tried again (KIOS_CALLBACK_SCHEDULE, _JITTER_PERCENT, _GIVE_UP_MS). */
  retryPolicy: RetryPolicy;
};

export const ORDER_CALLBACK_SETTINGS = Symbol('ORDER_CALLBACK_SETTINGS');

/** The points of a delivery where the crash tests stop the process (KIOS_FAULT_INJECTION). */
export type CallbackFaultPoint = 'crash-before-callback-send' | 'crash-after-callback-answer';

/**
 * Optional, provided by the app under CALLBACK_FAULTS: told each time a delivery passes a fault
 * point, so a test can kill the process exactly there. Without it a delivery just goes on.
 */
export interface CallbackFaults {
  reached(point: CallbackFaultPoint): void;
}

export const CALLBACK_FAULTS = Symbol('CALLBACK_FAULTS');
