import { Command } from '@nestjs/cqrs';
import type { Causation } from './event-metadata';

/** Where an order stands after one follow-up step. */
export type FollowUpResult = {
  /** Final (or gone): nothing is left to follow. */
  settled: boolean;
  flaggedForOperator: boolean;
};

/**
 * One step of the fulfilment follow-up (docs/architecture.md §4 steps 3–4) for an order that is pending or
 * in doubt: ask the supplier about its reference and record a final answer. The caller decides when
 * the next step is due.
 */
export class FollowUpFulfilment extends Command<FollowUpResult> {
  constructor(
    readonly requestId: string,
    /** The order event the follow-up reacts to, and the story's correlation id. */
    readonly causation: Causation,
  ) {
    super();
  }
}
