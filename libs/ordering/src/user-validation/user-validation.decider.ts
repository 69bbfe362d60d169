import type { EventSourcedDecider } from '@kios/event-store';
import type { Destination } from '@kios/fulfillment';
import { instantData, instantFromData, optional } from '../event-data';
import {
  decodeUserValidationEvent,
  type UserValidated,
  type UserValidatedData,
  type UserValidationEvent,
  type UserValidationOutcome,
} from './user-validation.events';

/**
 * A verdict about the account itself, the ones recorded (see UserValidationOutcome):
 * - valid: the account is known to the supplier and active; `customerName` where the supplier named it
 * - inactive / unknown: the supplier says so
 * - invalid_destination: primaryParam does not fit the product (a phone number of another operator, say)
 */
export type AccountVerdict =
  | { status: 'valid'; customerName?: string }
  | { status: Exclude<UserValidationOutcome, 'valid'>; reason: string };

/**
 * The answer to User Validate (docs/dana-protocol.md §3.7): a verdict about the account, or
 * - product_not_found / product_unavailable: as Destination Inquiry answers for that product
 * - supplier_unavailable: no answer from the supplier within the budget
 */
export type UserValidationVerdict =
  | AccountVerdict
  | { status: 'product_not_found' | 'product_unavailable' | 'supplier_unavailable'; reason: string };

export function isAccountVerdict(verdict: UserValidationVerdict): verdict is AccountVerdict {
  switch (verdict.status) {
    case 'valid':
    case 'inactive':
    case 'unknown':
    case 'invalid_destination':
      return true;
    default:
      return false;
  }
}

export type UserValidationState =
  | { status: 'none' }
  | {
      status: 'validated';
      productId: string;
      destination: Destination;
      verdict: AccountVerdict;
      validatedAt: Date;
    };

export type RecordUserValidation = {
  type: 'RecordUserValidation';
  data: {
    reqMsgId: string;
    productId: string;
    destination: Destination;
    verdict: AccountVerdict;
    now: Date;
  };
};

export type UserValidationCommand = RecordUserValidation;

export const initialUserValidationState: UserValidationState = { status: 'none' };

function validated({ data }: RecordUserValidation): UserValidated {
  const { verdict } = data;
  return {
    type: 'UserValidated',
    data: {
      reqMsgId: data.reqMsgId,
      productId: data.productId,
      destination: { ...data.destination },
      outcome: verdict.status,
      ...(verdict.status === 'valid'
        ? optional('customerName', verdict.customerName)
        : { reason: verdict.reason }),
      validatedAt: instantData(data.now),
    },
  };
}

/** A stream answers one message: a second answer for the same reqMsgId is a replay, and records nothing. */
export function decideUserValidation(
  command: UserValidationCommand,
  state: UserValidationState,
): UserValidationEvent[] {
  return state.status === 'none' ? [validated(command)] : [];
}

function verdictOf(data: UserValidatedData): AccountVerdict {
  if (data.outcome === 'valid') return { status: 'valid', ...optional('customerName', data.customerName) };
  return { status: data.outcome, reason: data.reason ?? '' };
}

export function evolveUserValidation(
  state: UserValidationState,
  event: UserValidationEvent,
): UserValidationState {
  switch (event.type) {
    case 'UserValidated':
      if (state.status !== 'none') return state;
      return {
        status: 'validated',
        productId: event.data.productId,
        destination: { ...event.data.destination },
        verdict: verdictOf(event.data),
        validatedAt: instantFromData(event.data.validatedAt),
      };
  }
}

export const userValidationDecider: EventSourcedDecider<
  UserValidationCommand,
  UserValidationEvent,
  UserValidationState
> = {
  decide: decideUserValidation,
  evolve: evolveUserValidation,
  initialState: initialUserValidationState,
  decode: decodeUserValidationEvent,
};
