import type { DestinationShape, Product } from '@kios/catalog';
import { mobileOperatorOf, operatorOfNumber } from './mobile-operators';

/** Where a product goes: DANA's `destinationInfo` without the open-amount `billAmount` (docs/dana-protocol.md §3.0). */
export type Destination = {
  primaryParam: string;
  secondaryParam?: string;
};

export type DestinationCheck = { ok: true; destination: Destination } | { ok: false; reason: string };

const valid = (primaryParam: string, secondaryParam?: string): DestinationCheck => ({
  ok: true,
  destination: secondaryParam === undefined ? { primaryParam } : { primaryParam, secondaryParam },
});
const invalid = (reason: string): DestinationCheck => ({ ok: false, reason });

const MOBILE_DIGITS_08 = { min: 10, max: 13 };

/** `08…`, `628…` and `+628…` (spaces and dashes allowed) to the one form kios stores: `08…`. */
export function normalisePhoneNumber(text: string): string | undefined {
  const compact = text.replace(/[\s-]/g, '');
  const match = /^(?:\+62|62|0)(8\d*)$/.exec(compact);
  return match ? `0${match[1]}` : undefined;
}

function checkPhone(provider: string, primaryParam: string): DestinationCheck {
  const number = normalisePhoneNumber(primaryParam);
  if (number === undefined) {
    return invalid(`phone number "${primaryParam}" must be digits starting with 08, 628 or +628`);
  }
  if (number.length < MOBILE_DIGITS_08.min || number.length > MOBILE_DIGITS_08.max) {
    return invalid(
      `phone number ${number} has ${number.length} digits; Indonesian mobile numbers have ` +
        `${MOBILE_DIGITS_08.min} to ${MOBILE_DIGITS_08.max} in 08… form`,
    );
  }
  const wanted = mobileOperatorOf(provider);
  if (wanted === undefined) return invalid(`no mobile number prefixes are known for provider "${provider}"`);
  const actual = operatorOfNumber(number);
  if (actual === undefined) return invalid(`phone number ${number} has no known Indonesian operator prefix`);
  if (actual !== wanted) return invalid(`phone number ${number} belongs to ${actual}, not ${wanted}`);
  return valid(number);
}

function checkDigits(label: string, text: string, length: number): DestinationCheck {
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) return invalid(`${label} "${text}" must contain only digits`);
  if (digits.length !== length)
    return invalid(`${label} ${digits} has ${digits.length} digits, expected ${length}`);
  return valid(digits);
}

const GAME_USER_ID = /^\d{5,20}$/;
const GAME_ZONE_ID = /^\d{1,8}$/;

function checkGameAccount(zone: boolean, destination: Destination): DestinationCheck {
  const userId = destination.primaryParam.trim();
  if (!GAME_USER_ID.test(userId))
    return invalid(`game user id "${destination.primaryParam}" must be 5 to 20 digits`);
  // A zone sent for a game without zones is dropped rather than refused: DANA may send "" there.
  if (!zone) return valid(userId);
  const zoneId = destination.secondaryParam?.trim() ?? '';
  if (zoneId === '') return invalid('this game needs a zone/server id in secondaryParam');
  if (!GAME_ZONE_ID.test(zoneId))
    return invalid(`zone id "${destination.secondaryParam}" must be 1 to 8 digits`);
  return valid(userId, zoneId);
}

function checkShape(shape: DestinationShape, provider: string, destination: Destination): DestinationCheck {
  switch (shape.kind) {
    case 'phone':
      return checkPhone(provider, destination.primaryParam);
    case 'electricity_meter':
      return checkDigits('meter number', destination.primaryParam, 11);
    case 'customer_id':
      return checkDigits('customer id', destination.primaryParam, 12);
    case 'game_account':
      return checkGameAccount(shape.zone, destination);
    case 'none': {
      const text = destination.primaryParam.trim();
      return text === '' ? invalid('primaryParam must not be empty') : valid(text);
    }
  }
}

/**
 * Whether `destination` fits the product (its DestinationShape and, for phones, its operator),
 * and if so the destination in the canonical form kios stores and sends to suppliers. Only a
 * game account with zones keeps `secondaryParam`; every other shape drops it.
 */
export function checkDestination(
  product: Pick<Product, 'destination' | 'provider'>,
  destination: Destination,
): DestinationCheck {
  return checkShape(product.destination, product.provider, destination);
}

/** Two destinations name the same target (both taken in canonical form). */
export function sameDestination(a: Destination, b: Destination): boolean {
  return a.primaryParam === b.primaryParam && (a.secondaryParam ?? '') === (b.secondaryParam ?? '');
}
