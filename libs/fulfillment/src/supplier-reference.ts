import { createHash } from 'node:crypto';

const PREFIX = 'KIOS-';
/** 96 bits: collisions are out of reach, and the whole reference fits a 32-character supplier field. */
const HASH_HEX_CHARS = 24;

/**
 * The reference kios gives a supplier for the order with DANA's `requestId`. Derived, not
 * random, so every retry and status check after a crash names the same purchase
 * (docs/architecture.md §4 step 4); hashed because requestIds may be 64 characters of any kind.
 */
export function supplierReferenceFor(requestId: string): string {
  const hash = createHash('sha256').update(requestId, 'utf8').digest('hex');
  return PREFIX + hash.slice(0, HASH_HEX_CHARS).toUpperCase();
}
