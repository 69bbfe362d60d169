/**
 * Create Order could not store OrderPlaced and, reading the order back, found it absent: nothing
 * was placed and nothing bought, so DANA may send the same requestId again as a new attempt.
 */
export class OrderNotStored extends Error {
  override readonly name = 'OrderNotStored';
  constructor(
    readonly requestId: string,
    cause: unknown,
  ) {
    super(`order ${requestId} could not be stored (${reasonOf(cause)}): nothing was placed or bought`, {
      cause,
    });
  }
}

/**
 * Create Order could not store OrderPlaced and could not read the order back either: it may be
 * stored (a connection lost after the commit), in which case the follow-up will fulfil it. Neither
 * "failed" nor "placed" would be true.
 */
export class OrderPlacementInDoubt extends Error {
  override readonly name = 'OrderPlacementInDoubt';
  constructor(
    readonly requestId: string,
    cause: unknown,
  ) {
    super(`order ${requestId} may or may not be stored (${reasonOf(cause)}): ask again with its requestId`, {
      cause,
    });
  }
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
