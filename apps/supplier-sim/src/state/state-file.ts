import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Transaction } from '../purchase/transaction-book';

/** One line of the state file: a transaction as it stood after a change, and the deposit then. */
interface StateLine {
  at: string;
  deposit: number;
  transaction: Transaction;
}

/**
 * Transactions and the deposit as JSON lines, appended on every change (synchronously, so a killed
 * process loses nothing it answered), so that supplier-sim restarted on the same file still knows
 * every ref_id, as Digiflazz would.
 */
export class StateFile {
  constructor(private readonly path: string) {}

  append(transaction: Transaction, deposit: number, now: Date): void {
    const line: StateLine = { at: now.toISOString(), deposit, transaction };
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }

  /** The last state of every transaction and the last deposit; nothing when the file is new. */
  load(): { transactions: Transaction[]; deposit?: number } {
    if (!existsSync(this.path)) return { transactions: [] };
    const byRef = new Map<string, Transaction>();
    let deposit: number | undefined;
    const lines = readFileSync(this.path, 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (text.trim() === '') return;
      let line: StateLine;
      try {
        line = JSON.parse(text) as StateLine;
      } catch {
        // A line cut short by a crash is the last one; any other is a damaged file.
        if (index >= lines.length - 2) return;
        throw new Error(`${this.path}:${index + 1}: not a JSON line`);
      }
      byRef.set(line.transaction.data.ref_id, line.transaction);
      deposit = line.deposit;
    });
    return { transactions: [...byRef.values()], deposit };
  }
}
