import { appendFileSync } from 'node:fs';

/** One call supplier-sim received on the buyer API, and what it answered. */
export interface RequestLogEntry {
  at: string;
  /** `iak` for a call on IAK's API (`/api/…`); absent for Digiflazz's (`/v1/…`). */
  supplier?: 'iak';
  path: string;
  /** `cmd` of price-list and cek-saldo; `commands` of a transaction, `topup` for a prepaid one. */
  command?: string;
  ref_id?: string;
  customer_no?: string;
  sku?: string;
  /** The answer's rc and status; absent when the answer was no JSON (a 5xx, garbage). */
  rc?: string;
  status?: string;
  http_status: number;
  /** This call made a new transaction (a purchase, an inquiry or a payment). */
  created: boolean;
  /** The misbehaviour that shaped the answer, if any (see modes.ts). */
  misbehaviour?: string;
}

/** Every call, in memory for `GET /_control/log` (the newest `limit`) and as JSON lines in a file when given one. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(
    private readonly file?: string,
    private readonly limit = 100_000,
  ) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  all(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
