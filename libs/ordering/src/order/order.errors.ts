export class OrderNotFound extends Error {
  override readonly name = 'OrderNotFound';
  constructor(readonly requestId: string) {
    super(`order ${requestId} was not found`);
  }
}

/** The order exists but was never sent to a supplier, so there is no outcome to wait for. */
export class FulfilmentNotRequested extends Error {
  override readonly name = 'FulfilmentNotRequested';
  constructor(readonly requestId: string) {
    super(`order ${requestId} was never sent to a supplier`);
  }
}

/** An outcome that contradicts the final one: final statuses never change (docs/dana-protocol.md §5.4). */
export class OrderAlreadyFinal extends Error {
  override readonly name = 'OrderAlreadyFinal';
  constructor(
    readonly requestId: string,
    readonly finalStatus: 'succeeded' | 'failed',
    readonly attempted: string,
  ) {
    super(`order ${requestId} already ${finalStatus}; refusing to record it ${attempted}`);
  }
}

/**
 * A supplier's news about a reference that is not the order's current attempt: a success under an
 * attempt that had failed for good, or a reference the order never sent. Never recorded as the
 * order's outcome; an operator must look (a supplier taking back its final failure could mean a
 * second purchase).
 */
export class OutcomeOfAnotherAttempt extends Error {
  override readonly name = 'OutcomeOfAnotherAttempt';
  constructor(
    readonly requestId: string,
    readonly supplierRef: string,
    readonly attempted: string,
  ) {
    super(
      `order ${requestId}: refusing to record ${attempted} under ${supplierRef}, which is not its current attempt's reference`,
    );
  }
}

export class CallbackNotOwed extends Error {
  override readonly name = 'CallbackNotOwed';
  constructor(
    readonly requestId: string,
    readonly why: string,
  ) {
    super(`order ${requestId} owes DANA no Order Complete Callback: ${why}`);
  }
}

/** The callback was delivered or abandoned; both are final for the callback. */
export class CallbackAlreadySettled extends Error {
  override readonly name = 'CallbackAlreadySettled';
  constructor(
    readonly requestId: string,
    readonly settled: 'delivered' | 'abandoned',
  ) {
    super(`the Order Complete Callback of order ${requestId} was already ${settled}`);
  }
}

export class CallbackAttemptOutOfOrder extends Error {
  override readonly name = 'CallbackAttemptOutOfOrder';
  constructor(
    readonly requestId: string,
    readonly expected: number,
    readonly got: number,
  ) {
    super(`order ${requestId}: callback attempt ${got} recorded where attempt ${expected} comes next`);
  }
}

/** Only an abandoned callback can be sent again: a pending one is still being retried, a delivered one reached DANA. */
export class CallbackNotAbandoned extends Error {
  override readonly name = 'CallbackNotAbandoned';
  constructor(
    readonly requestId: string,
    readonly current: 'owed' | 'delivered',
  ) {
    super(
      `the Order Complete Callback of order ${requestId} is ${current === 'owed' ? 'still pending' : 'already delivered'}; only an abandoned callback can be retried`,
    );
  }
}

/** An operator's settlement lacks what the audit trail needs (docs/digiflazz.md §10): nothing is recorded. */
export class SettlementIncomplete extends Error {
  override readonly name = 'SettlementIncomplete';
  constructor(
    readonly requestId: string,
    readonly missing: readonly string[],
  ) {
    super(`order ${requestId} cannot be settled without ${missing.join(', ')}`);
  }
}

/** Only a purchase kios finished as SUCCESS can be reversed; an order in flight or failed records the failure as its outcome. */
export class NothingToReverse extends Error {
  override readonly name = 'NothingToReverse';
  constructor(
    readonly requestId: string,
    readonly status: string,
  ) {
    super(`order ${requestId} is ${status}, not succeeded: there is no success to reverse`);
  }
}
