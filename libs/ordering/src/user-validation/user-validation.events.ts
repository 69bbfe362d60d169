import {
  type DomainEvent,
  eventDecoder,
  isInstant,
  isString,
  oneOf,
  optional,
  shape,
} from '@kios/event-store';
import type { Destination } from '@kios/fulfillment';
import { destinationDataCheck } from '../event-data';

/**
 * One stream per User Validate request (docs/dana-protocol.md §3.7), named by DANA's reqMsgId. Why that key:
 * - reqMsgId is unique per message (docs/dana-protocol.md §1.6), so a stream holds one question and its answer;
 *   the same signed message sent again (a transport retry, a replay) finds its answer there and is
 *   recorded once;
 * - nothing later refers to a validation (DANA gets no id for it, unlike an inquiry's inquiryId, so a
 *   kios-made id would name nothing anyone holds), while every log line of the request carries its
 *   reqMsgId: an auditor goes from the request to its event;
 * - not one stream per account: that would grow without bound, and stream names (listed by
 *   operators' tools, logged on errors) would carry account numbers.
 */
export const USER_VALIDATION_STREAM_PREFIX = 'user-validation-';

export const userValidationStream = (reqMsgId: string): string =>
  `${USER_VALIDATION_STREAM_PREFIX}${reqMsgId}`;

/**
 * What kios told DANA about the account: valid (and active), inactive, unknown to the supplier, or
 * a destination that does not fit the product. An unknown or unavailable product, or a supplier
 * that did not answer, says nothing about the account and is not recorded.
 */
export const USER_VALIDATION_OUTCOMES = ['valid', 'inactive', 'unknown', 'invalid_destination'] as const;
export type UserValidationOutcome = (typeof USER_VALIDATION_OUTCOMES)[number];

export type UserValidatedData = {
  reqMsgId: string;
  productId: string;
  /** As DANA sent it (an empty secondaryParam left out), unmasked: the event store is the audit record. */
  destination: Destination;
  outcome: UserValidationOutcome;
  /** valid: the account holder (a game account's nickname), when the supplier named one. */
  customerName?: string;
  /** Not valid: why, as told to DANA. */
  reason?: string;
  validatedAt: string;
};

export type UserValidated = DomainEvent<'UserValidated', UserValidatedData>;

export type UserValidationEvent = UserValidated;

/** Reads stored user-validation events. UserValidated is at schema version 1, its first: no upcasts yet. */
export const decodeUserValidationEvent = eventDecoder<UserValidationEvent>({
  UserValidated: {
    schemaVersion: 1,
    check: shape({
      reqMsgId: isString,
      productId: isString,
      destination: destinationDataCheck,
      outcome: oneOf(...USER_VALIDATION_OUTCOMES),
      customerName: optional(isString),
      reason: optional(isString),
      validatedAt: isInstant,
    }),
  },
});
