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
   * The purchases recorded since the previous call, by this process or any other, oldest first;
   * the first call returns every purchase recorded so far.
   */
  readNew(): SimulatedPurchase[];
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

  constructor(readonly file: string) {}

  /**
   * Reads from where the previous call stopped to the end of the file, complete lines only: a line
   * without its newline yet may be another process's write in progress, so it is read again next
   * time, once its writer has finished it (or the next writer has ended it, if a kill tore it).
   */
  readNew(): SimulatedPurchase[] {
    this.readFd ??= existsSync(this.file) ? openSync(this.file, 'r') : undefined;
    if (this.readFd === undefined) return [];
    const unread = fstatSync(this.readFd).size - this.readUpTo;
    if (unread <= 0) return [];
    const buffer = Buffer.alloc(unread);
    const bytes = buffer.subarray(0, readSync(this.readFd, buffer, 0, unread, this.readUpTo));
    const complete = bytes.lastIndexOf(0x0a) + 1;
    this.readUpTo += complete;
    return parseLines(bytes.toString('utf8', 0, complete)).flatMap((entry) =>
      entry.type === 'purchased' ? [purchaseOf(entry)] : [],
    );
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
