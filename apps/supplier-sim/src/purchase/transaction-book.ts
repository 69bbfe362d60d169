import type { TransactionStatus } from '../protocol/response-codes';
import type { Bill } from './receipts';

/** The `data` of a `/v1/transaction` answer and of a webhook (prepaid; postpaid adds the bill's fields). */
export interface TransactionData {
  ref_id: string;
  customer_no: string;
  buyer_sku_code: string;
  message: string;
  status: TransactionStatus;
  rc: string;
  sn: string;
  buyer_last_saldo: number;
  price: number;
  tele: string;
  wa: string;
  customer_name?: string;
  admin?: number;
  selling_price?: number;
  periode?: string;
  desc?: Bill['desc'];
}

export type Outcome = Pick<TransactionData, 'status' | 'rc' | 'message' | 'sn'>;

export interface Transaction {
  /**
   * Which buyer API made it: Digiflazz's (absent) or IAK's (`iak`, whose rc and message `data` holds;
   * its status word stays Digiflazz's, which the book settles and refunds by). One book, one ref_id
   * space: a sim playing both suppliers never makes two transactions under one ref_id.
   */
  supplier?: 'iak';
  kind: 'prepaid' | 'pasca';
  /** Postpaid: an inquiry (`inq-pasca`) becomes a payment with `pay-pasca` under the same ref_id. */
  stage: 'purchase' | 'inquiry' | 'payment';
  testing: boolean;
  createdAt: string;
  /** Where this transaction's webhooks go instead of the configured URL. */
  cbUrl?: string;
  /** Rupiah taken from the deposit and not given back. */
  debited: number;
  /** A pending transaction settles into `settlesInto` at `settlesAt` (ISO time). */
  settlesAt?: string;
  settlesInto?: Outcome;
  data: TransactionData;
}

export type TransactionEvent = 'create' | 'update';

export interface TransactionBookOptions {
  deposit: number;
  now: () => number;
  /** Told of every new transaction and every change of one, e.g. to send webhooks. */
  onEvent?: (event: TransactionEvent, transaction: Transaction) => void;
  /** Told of every change worth keeping, e.g. to append it to the state file. */
  persist?: (transaction: Transaction, deposit: number) => void;
}

/**
 * The buyer's deposit and every transaction by ref_id. A pending transaction settles by a timer at
 * its time, and also when read after that time (a timer may be late), whichever comes first;
 * a failed one gives its money back.
 */
export class TransactionBook {
  private readonly transactions = new Map<string, Transaction>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private depositLeft: number;

  constructor(private readonly options: TransactionBookOptions) {
    this.depositLeft = options.deposit;
  }

  get deposit(): number {
    return this.depositLeft;
  }

  set deposit(rupiah: number) {
    this.depositLeft = rupiah;
  }

  /** The transaction under `refId` as it stands now (settled first when its time has come). */
  get(refId: string): Transaction | undefined {
    const transaction = this.transactions.get(refId);
    if (transaction) this.settleIfDue(transaction);
    return transaction;
  }

  all(): Transaction[] {
    for (const transaction of this.transactions.values()) this.settleIfDue(transaction);
    return [...this.transactions.values()];
  }

  /** Records a new transaction, taking `debit` rupiah from the deposit (0 for testing or a failure). */
  add(transaction: Omit<Transaction, 'debited'>, debit: number): Transaction {
    this.depositLeft -= debit;
    const recorded: Transaction = {
      ...transaction,
      debited: debit,
      data: { ...transaction.data, buyer_last_saldo: this.depositLeft },
    };
    this.transactions.set(recorded.data.ref_id, recorded);
    this.options.persist?.(recorded, this.depositLeft);
    this.schedule(recorded);
    this.options.onEvent?.('create', recorded);
    return recorded;
  }

  /** A postpaid inquiry paid under its ref_id: the payment's outcome replaces the inquiry's. */
  pay(
    refId: string,
    payment: Pick<Transaction, 'settlesAt' | 'settlesInto' | 'cbUrl'> & { outcome: Outcome },
    debit: number,
  ): Transaction {
    const transaction = this.transactions.get(refId);
    if (!transaction) throw new RangeError(`no transaction ${refId}`);
    this.depositLeft -= debit;
    transaction.stage = 'payment';
    transaction.debited = debit;
    transaction.settlesAt = payment.settlesAt;
    transaction.settlesInto = payment.settlesInto;
    transaction.cbUrl = payment.cbUrl ?? transaction.cbUrl;
    transaction.data = { ...transaction.data, ...payment.outcome, buyer_last_saldo: this.depositLeft };
    this.options.persist?.(transaction, this.depositLeft);
    this.schedule(transaction);
    this.options.onEvent?.('create', transaction);
    return transaction;
  }

  /** Digiflazz's rc 74: a successful transaction taken back, its money returned. */
  refund(refId: string): Transaction {
    const transaction = this.get(refId);
    if (!transaction || transaction.data.status !== 'Sukses') {
      throw new RangeError(`no successful transaction ${JSON.stringify(refId)} to refund`);
    }
    this.change(transaction, { status: 'Gagal', rc: '74', message: 'Transaksi Refund', sn: '' });
    return transaction;
  }

  /** Reads back what a state file kept (see state-file.ts); pending ones settle on time again. */
  restore(transactions: Transaction[], deposit: number | undefined): void {
    for (const transaction of transactions) {
      this.transactions.set(transaction.data.ref_id, transaction);
      this.schedule(transaction);
    }
    if (deposit !== undefined) this.depositLeft = deposit;
  }

  clear(deposit: number): void {
    this.stopTimers();
    this.transactions.clear();
    this.depositLeft = deposit;
  }

  stopTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(transaction: Transaction): void {
    if (!transaction.settlesAt) return;
    const refId = transaction.data.ref_id;
    const wait = Math.max(0, Date.parse(transaction.settlesAt) - this.options.now());
    const timer = setTimeout(() => {
      this.timers.delete(refId);
      // A timer may fire a millisecond before the wall clock reaches settlesAt: then it waits again.
      if (!this.settleIfDue(transaction)) this.schedule(transaction);
    }, wait);
    timer.unref();
    this.timers.set(refId, timer);
  }

  /** Settles a pending transaction whose time has come; false while it stays pending. */
  private settleIfDue(transaction: Transaction): boolean {
    const { settlesAt, settlesInto } = transaction;
    if (!settlesAt || !settlesInto) return true;
    if (this.options.now() < Date.parse(settlesAt)) return false;
    transaction.settlesAt = undefined;
    transaction.settlesInto = undefined;
    clearTimeout(this.timers.get(transaction.data.ref_id));
    this.timers.delete(transaction.data.ref_id);
    this.change(transaction, settlesInto);
    return true;
  }

  private change(transaction: Transaction, outcome: Outcome): void {
    if (outcome.status === 'Gagal' && transaction.debited > 0) {
      this.depositLeft += transaction.debited;
      transaction.debited = 0;
    }
    transaction.data = { ...transaction.data, ...outcome, buyer_last_saldo: this.depositLeft };
    this.options.persist?.(transaction, this.depositLeft);
    this.options.onEvent?.('update', transaction);
  }
}
