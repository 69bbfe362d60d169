import type { Money } from '@kios/dana-protocol';
import type {
  AccountOutcome,
  InquiryOutcome,
  PurchaseOutcome,
  PurchaseRequest,
  StatusOutcome,
  Supplier,
} from '@kios/fulfillment';

/**
 * What a scripted supplier does with the next new reference it is asked to buy under:
 * - success / failure: a final answer at once (a failure that ends the transaction)
 * - refused: the connection refused, nothing sent, no transaction
 * - pending_then_success / pending_then_failure: answered pending; the first status check after
 *   finds the final outcome
 * - timeout_then_success / timeout_then_failure: the transaction is made but the answer is lost
 *   (in doubt); a status check finds it (a late success or failure)
 * - lost: in doubt, and the request never reached the supplier (a status check: not found)
 */
export type ScriptedAnswer =
  | 'success'
  | 'failure'
  | 'refused'
  | 'pending_then_success'
  | 'pending_then_failure'
  | 'timeout_then_success'
  | 'timeout_then_failure'
  | 'lost';

export const SCRIPTED_ANSWERS: readonly ScriptedAnswer[] = [
  'success',
  'failure',
  'refused',
  'pending_then_success',
  'pending_then_failure',
  'timeout_then_success',
  'timeout_then_failure',
  'lost',
];

type Transaction = { status: 'pending' | 'succeeded' | 'failed'; eventual: 'succeeded' | 'failed' };

/**
 * A supplier that keeps a book of transactions by reference, as a real one does (a repeated purchase
 * under a reference answers that transaction, never buys again), and answers new references from a
 * script. The book is the truth the tests hold kios to: which references were bought.
 */
export class ScriptedSupplier implements Supplier {
  readonly book = new Map<string, Transaction>();
  /** Every call made, in order: what was asked, under which reference and sku. */
  readonly calls: { call: 'purchase' | 'status'; supplierRef: string; sku?: string }[] = [];

  constructor(
    readonly name: string,
    private readonly script: ScriptedAnswer[],
    /** Once the script is used up, new references get this. */
    private readonly afterScript: ScriptedAnswer = 'failure',
    /** What a success says it cost; none: the answer names no price. */
    private readonly cost?: Money,
  ) {}

  /** The references that did or still may sell: succeeded, or pending whatever it will become. */
  liveRefs(): string[] {
    return [...this.book.entries()].filter(([, tx]) => tx.status !== 'failed').map(([ref]) => ref);
  }

  /** The references this supplier sold (succeeded transactions). */
  succeededRefs(): string[] {
    return [...this.book.entries()].filter(([, tx]) => tx.status === 'succeeded').map(([ref]) => ref);
  }

  purchase(request: PurchaseRequest): Promise<PurchaseOutcome> {
    this.calls.push({
      call: 'purchase',
      supplierRef: request.supplierRef,
      sku: request.product.offers[0]?.sku,
    });
    const known = this.book.get(request.supplierRef);
    // A purchase repeated under a known reference is answered as a status check (Digiflazz, IAK).
    if (known) return Promise.resolve(this.settled(request.supplierRef, known));
    const answer = this.script.shift() ?? this.afterScript;
    return Promise.resolve(this.start(request.supplierRef, answer));
  }

  checkStatus(request: PurchaseRequest): Promise<StatusOutcome> {
    this.calls.push({ call: 'status', supplierRef: request.supplierRef });
    const known = this.book.get(request.supplierRef);
    if (!known) return Promise.resolve({ status: 'not_found' });
    return Promise.resolve(this.settled(request.supplierRef, known));
  }

  /** The supplier settles a pending transaction by the time it is asked about it again. */
  private settled(ref: string, tx: Transaction): PurchaseOutcome {
    if (tx.status === 'pending') tx.status = tx.eventual;
    return this.answerOf(ref, tx);
  }

  inquire(): Promise<InquiryOutcome> {
    return Promise.resolve({ status: 'bill_not_available' });
  }

  checkAccount(): Promise<AccountOutcome> {
    return Promise.resolve({ status: 'unknown' });
  }

  private start(ref: string, answer: ScriptedAnswer): PurchaseOutcome {
    switch (answer) {
      case 'success':
        this.book.set(ref, { status: 'succeeded', eventual: 'succeeded' });
        return this.answerOf(ref, this.book.get(ref)!);
      case 'failure':
        this.book.set(ref, { status: 'failed', eventual: 'failed' });
        return this.answerOf(ref, this.book.get(ref)!);
      case 'refused':
        return { status: 'in_doubt', reason: `${this.name}: connect ECONNREFUSED`, nothingSent: true };
      case 'pending_then_success':
      case 'pending_then_failure':
        this.book.set(ref, {
          status: 'pending',
          eventual: answer === 'pending_then_success' ? 'succeeded' : 'failed',
        });
        return { status: 'pending' };
      case 'timeout_then_success':
      case 'timeout_then_failure':
        this.book.set(ref, {
          status: 'pending',
          eventual: answer === 'timeout_then_success' ? 'succeeded' : 'failed',
        });
        return { status: 'in_doubt', reason: `${this.name}: no answer in time` };
      case 'lost':
        return { status: 'in_doubt', reason: `${this.name}: the connection dropped` };
    }
  }

  private answerOf(ref: string, tx: Transaction): PurchaseOutcome {
    switch (tx.status) {
      case 'succeeded':
        return {
          status: 'succeeded',
          serialNumber: `${this.name}-${ref}`,
          ...(this.cost ? { cost: this.cost } : {}),
        };
      case 'failed':
        return { status: 'failed', reason: `${this.name}: rc 02 Transaksi Gagal` };
      case 'pending':
        return { status: 'pending' };
    }
  }
}
