import { createHash } from 'node:crypto';

/** 96 bits: collisions are out of reach, and the whole reference fits a 32-character supplier field. */
const HASH_HEX_CHARS = 24;

/** `prefix` and the first HASH_HEX_CHARS hex characters of the SHA-256 of `source`, upper case. */
function derivedReference(prefix: string, source: string): string {
  const hash = createHash('sha256').update(source, 'utf8').digest('hex');
  return prefix + hash.slice(0, HASH_HEX_CHARS).toUpperCase();
}

/**
 * The reference kios gives a supplier for the order with DANA's `requestId`. Derived, not
 * random, so every retry and status check after a crash names the same purchase
 * (docs/architecture.md §4 step 4); hashed because requestIds may be 64 characters of any kind.
 */
export function supplierReferenceFor(requestId: string): string {
  return derivedReference('KIOS-', requestId);
}

/**
 * The reference of an order's attempt number `attempt` (1-based) at a supplier, when a routed kios
 * moves an order to its next offer. Derived from the requestId and the number, so a crash between
 * recording an attempt and sending it never invents a second reference for it; the first attempt's is
 * supplierReferenceFor's, which every order stored before routing already uses. Each later attempt
 * has its own, since a supplier that failed a reference may refuse it again, or a second supplier may
 * share a reference space with none of kios's other orders.
 */
export function attemptReferenceFor(requestId: string, attempt: number): string {
  if (!Number.isSafeInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt ${attempt} is not 1 or more`);
  // JSON keeps the two apart whatever the requestId holds, so no two (requestId, attempt) pairs hash alike.
  return attempt === 1
    ? supplierReferenceFor(requestId)
    : derivedReference('KIOS-', JSON.stringify([requestId, attempt]));
}

/**
 * The reference a bill is inquired under at Destination Inquiry, for a supplier that pays only a
 * reference it was asked to inquire (Digiflazz's `inq-pasca` then `pay-pasca`, docs/digiflazz.md §5).
 * DANA's requestId does not exist yet, so it is derived from kios's own inquiryId; the order that
 * uses the inquiry pays under it (InquiryRecorded.supplierRef, docs/architecture.md §3). Its own
 * prefix keeps it apart from every order's reference.
 */
export function inquiryReferenceFor(inquiryId: string): string {
  return derivedReference('KINQ-', inquiryId);
}
