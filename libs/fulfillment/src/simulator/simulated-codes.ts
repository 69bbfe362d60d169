import { createHash } from 'node:crypto';

/**
 * Codes the simulator hands out, derived from the purchase's supplierRef so that asking twice
 * about one purchase shows the same codes, and two purchases never share one.
 */
function seedBytes(purpose: string, supplierRef: string): Buffer {
  return createHash('sha256').update(`${purpose}:${supplierRef}`, 'utf8').digest();
}

function digits(purpose: string, supplierRef: string, count: number): string {
  const value = BigInt(`0x${seedBytes(purpose, supplierRef).toString('hex')}`);
  return (value % 10n ** BigInt(count)).toString().padStart(count, '0');
}

/** 16 digits, the shape of an operator serial number. */
export function simulatedSerialNumber(supplierRef: string): string {
  return digits('serial', supplierRef, 16);
}

/** 20 digits, like a PLN prepaid electricity token. */
export function simulatedPlnToken(supplierRef: string): string {
  return digits('pln-token', supplierRef, 20);
}

/** No 0/O or 1/I, so a code read off a screen is typed right; 32 letters keep byte → letter unbiased. */
const VOUCHER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const VOUCHER_LENGTH = 16;

/** 16 characters, the shape of a Google Play gift code. */
export function simulatedVoucherCode(supplierRef: string): string {
  const bytes = seedBytes('voucher', supplierRef).subarray(0, VOUCHER_LENGTH);
  return Array.from(bytes, (byte) => VOUCHER_ALPHABET[byte % VOUCHER_ALPHABET.length]).join('');
}
