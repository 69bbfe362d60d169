import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { FinalPurchaseOutcome } from '../supplier.port';
import type { Destination } from '../destination';

/** A purchase as the simulated supplier keeps it: one per supplierRef, its final outcome known from the start. */
export type SimulatedPurchase = {
  supplierRef: string;
  productId: string;
  destination: Destination;
  placedAt: Date;
  /** Until then checkStatus answers pending. */
  settlesAt: Date;
  outcome: FinalPurchaseOutcome;
};

/**
 * What the simulated supplier remembers between runs of kios. A real supplier outlives kios; so must
 * the simulator's purchases, or a restarted kios would meet a supplier that forgot what it sold.
 * It is also what two kios processes on one data folder share (docs/architecture.md §7): each reads
 * the purchases the other appended. Repeated purchase calls are written down too, as a supplier's
 * access log would show them: tests count them to prove kios never asked to buy twice.
 */
export interface SimulatedPurchaseLog {
  /**
   * Hands `each` the purchases recorded since the previous call, by this process or any other,
   * oldest first; the first call reads every purchase recorded so far. The log is read a chunk at a
   * time, so a long log is never held in memory whole.
   */
  readNew(each: (purchase: SimulatedPurchase) => void): void;
  /** The first purchase recorded under `supplierRef`, looked for in the whole log (a read of all of it). */
  find(supplierRef: string): SimulatedPurchase | undefined;
  /** Every purchase recorded, the first of each supplierRef, oldest first. */
  purchases(): SimulatedPurchase[];
  purchased(purchase: SimulatedPurchase): void;
  /** A purchase call for a supplierRef already bought (it buys nothing). */
  repeated(supplierRef: string, at: Date): void;
  close(): void;
}

/** One line of the log file. */
export type PurchaseLogEntry =
  | {
      type: 'purchased';
      supplierRef: string;
      productId: string;
      destination: Destination;
      placedAt: string;
      settlesAt: string;
      outcome: FinalPurchaseOutcome;
    }
  | { type: 'repeated'; supplierRef: string; at: string };

/** How much of the file one read takes at most (a longer line is read whole all the same). */
const CHUNK_BYTES = 1024 * 1024;

/**
 * An append-only JSON-lines file. Each line is written with one `write` before the purchase call
 * answers, so a SIGKILL loses nothing already answered; a torn last line (a kill mid-write) is
 * skipped on reading, as that purchase never answered anyone.
 */
export class JsonLinesPurchaseLog implements SimulatedPurchaseLog {
  private fd?: number;
  private readFd?: number;
  /** Byte offset just past the last complete line read so far. */
  private readUpTo = 0;

  constructor(
    readonly file: string,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  /**
   * Reads from where the previous call stopped to the end of the file, complete lines only: a line
   * without its newline yet may be another process's write in progress, so it is read again next
   * time, once its writer has finished it (or the next writer has ended it, if a kill tore it).
   */
  readNew(each: (purchase: SimulatedPurchase) => void): void {
    for (const { bytes, end } of this.completeLines(this.readUpTo)) {
      this.readUpTo = end;
      for (const entry of parseLines(bytes.toString('utf8'))) {
        if (entry.type === 'purchased') each(purchaseOf(entry));
      }
    }
  }

  /**
   * Looks for the line `purchased` writes for `supplierRef`, whose text begins with its type and
   * reference, so a chunk is searched as bytes and only a matching line is parsed.
   */
  find(supplierRef: string): SimulatedPurchase | undefined {
    const start = Buffer.from(`{"type":"purchased","supplierRef":${JSON.stringify(supplierRef)},`);
    for (const { bytes } of this.completeLines(0)) {
      for (let at = bytes.indexOf(start); at >= 0; at = bytes.indexOf(start, at + 1)) {
        if (at > 0 && bytes[at - 1] !== 0x0a) continue;
        const [entry] = parseLines(bytes.toString('utf8', at, bytes.indexOf(0x0a, at)));
        if (entry?.type === 'purchased' && entry.supplierRef === supplierRef) return purchaseOf(entry);
      }
    }
    return undefined;
  }

  purchases(): SimulatedPurchase[] {
    const first = new Map<string, SimulatedPurchase>();
    for (const entry of readPurchaseLog(this.file)) {
      if (entry.type === 'purchased' && !first.has(entry.supplierRef))
        first.set(entry.supplierRef, purchaseOf(entry));
    }
    return [...first.values()];
  }

  purchased(purchase: SimulatedPurchase): void {
    this.write({
      type: 'purchased',
      supplierRef: purchase.supplierRef,
      productId: purchase.productId,
      destination: purchase.destination,
      placedAt: purchase.placedAt.toISOString(),
      settlesAt: purchase.settlesAt.toISOString(),
      outcome: purchase.outcome,
    });
  }

  repeated(supplierRef: string, at: Date): void {
    this.write({ type: 'repeated', supplierRef, at: at.toISOString() });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.readFd !== undefined) closeSync(this.readFd);
    this.fd = undefined;
    this.readFd = undefined;
  }

  /**
   * The complete lines from byte `from` to the end of the file as it is now, a chunk at a time, each
   * chunk with the offset just past it; none while the file does not exist.
   */
  private *completeLines(from: number): Generator<{ bytes: Buffer; end: number }> {
    this.readFd ??= existsSync(this.file) ? openSync(this.file, 'r') : undefined;
    if (this.readFd === undefined) return;
    const size = fstatSync(this.readFd).size;
    let chunkBytes = this.chunkBytes;
    for (let offset = from; offset < size;) {
      const buffer = Buffer.alloc(Math.min(chunkBytes, size - offset));
      const bytes = buffer.subarray(0, readSync(this.readFd, buffer, 0, buffer.length, offset));
      const complete = bytes.lastIndexOf(0x0a) + 1;
      if (complete === 0) {
        // No newline: the last line still being written, or a line longer than a chunk.
        if (offset + bytes.length >= size) return;
        chunkBytes *= 2;
        continue;
      }
      offset += complete;
      yield { bytes: bytes.subarray(0, complete), end: offset };
    }
  }

  private write(entry: PurchaseLogEntry): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, 'a+');
      // A torn last line must not swallow the next entry. (Should another process's write be in
      // flight instead, O_APPEND puts this newline after it: an empty line, skipped on reading.)
      if (!endsWithNewline(this.fd)) writeSync(this.fd, '\n');
    }
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }
}

function endsWithNewline(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

function purchaseOf(entry: PurchaseLogEntry & { type: 'purchased' }): SimulatedPurchase {
  return {
    supplierRef: entry.supplierRef,
    productId: entry.productId,
    destination: entry.destination,
    placedAt: new Date(entry.placedAt),
    settlesAt: new Date(entry.settlesAt),
    outcome: entry.outcome,
  };
}

/** Every complete line of a purchase log file; none when the file does not exist. */
export function readPurchaseLog(file: string): PurchaseLogEntry[] {
  return existsSync(file) ? parseLines(readFileSync(file, 'utf8')) : [];
}

function parseLines(text: string): PurchaseLogEntry[] {
  const entries: PurchaseLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as PurchaseLogEntry);
    } catch {
      // A torn line from a kill mid-write: that call never answered.
    }
  }
  return entries;
}
