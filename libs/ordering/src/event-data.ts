import { idr, type Money } from '@kios/dana-protocol';
import { isDigits, isString, optional as optionalField, shape } from '@kios/event-store';
import type { BillAmounts } from '@kios/fulfillment';

/**
 * Events carry JSON only: money as minor-unit digit strings, instants as ISO-8601 UTC text.
 * These convert between that and the domain's Money and Date.
 */
export const minorData = (money: Money): string => money.minor.toString();
export const moneyFromData = (minor: string): Money => idr(minor);
export const instantData = (instant: Date): string => instant.toISOString();
export const instantFromData = (iso: string): Date => new Date(iso);

export type BillAmountsData = { baseAmount: string; adminFee: string; fineAmount: string };

/** The checks order and inquiry decoders share: a destination (fulfillment's Destination) and a bill's amounts. */
export const destinationDataCheck = shape({
  primaryParam: isString,
  secondaryParam: optionalField(isString),
});
export const billAmountsFields = { baseAmount: isDigits, adminFee: isDigits, fineAmount: isDigits };
export const billAmountsDataCheck = shape(billAmountsFields);

export function billAmountsData(amounts: BillAmounts): BillAmountsData {
  return {
    baseAmount: minorData(amounts.baseAmount),
    adminFee: minorData(amounts.adminFee),
    fineAmount: minorData(amounts.fineAmount),
  };
}

export function billAmountsFromData(data: BillAmountsData): BillAmounts {
  return {
    baseAmount: moneyFromData(data.baseAmount),
    adminFee: moneyFromData(data.adminFee),
    fineAmount: moneyFromData(data.fineAmount),
  };
}

/** Copies `value` under `key` only when it is defined: a JSON round trip must give back the same event. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function ifDefined<T, R>(value: T | undefined, map: (value: T) => R): R | undefined {
  return value === undefined ? undefined : map(value);
}
