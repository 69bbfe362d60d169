import { createHash } from 'node:crypto';

/** 2^24 bits, 2 MiB: about one false "maybe" in 2,000 lookups after a million references, one in 10^9 after 100,000. */
const DEFAULT_BITS = 2 ** 24;
/** Bit positions per reference: near the best count for 1–2 million references in 2^24 bits. */
const POSITIONS = 7;

/**
 * A Bloom filter of supplier references, fixed in size however many are added: it answers "certainly
 * never added" or "maybe", never a wrong "never". It lets the simulator tell a new reference from
 * one it sold long ago without keeping every reference it ever sold in memory (SimulatedPurchases):
 * only a "maybe" costs a look in the purchase log.
 */
export class ReferenceFilter {
  private readonly bits: Uint8Array;

  constructor(private readonly size = DEFAULT_BITS) {
    if (!Number.isInteger(Math.log2(size)) || size < 8)
      throw new Error(`filter size ${size} is not a power of two ≥ 8`);
    this.bits = new Uint8Array(size / 8);
  }

  add(reference: string): void {
    for (const position of this.positions(reference)) this.bits[position >>> 3] |= 1 << (position & 7);
  }

  /** False only for a reference never added. */
  mightHave(reference: string): boolean {
    for (const position of this.positions(reference)) {
      if ((this.bits[position >>> 3] & (1 << (position & 7))) === 0) return false;
    }
    return true;
  }

  /** Double hashing (Kirsch–Mitzenmacher): two 32-bit halves of a SHA-256 give every position. */
  private positions(reference: string): number[] {
    const digest = createHash('sha256').update(reference).digest();
    const first = digest.readUInt32LE(0);
    const step = (digest.readUInt32LE(4) | 1) >>> 0; // odd, so it never repeats a position; unsigned
    const positions: number[] = [];
    for (let i = 0; i < POSITIONS; i += 1) positions.push((first + i * step) % this.size);
    return positions;
  }
}
