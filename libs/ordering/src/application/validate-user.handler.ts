import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import { SUPPLIER, type Supplier } from '@kios/fulfillment';
import {
  isAccountVerdict,
  type RecordUserValidation,
  userValidationDecider,
  type UserValidationVerdict,
} from '../user-validation/user-validation.decider';
import { afterAccountCheck, beforeAccountCheck } from '../user-validation/user-validation.decision';
import { userValidationStream } from '../user-validation/user-validation.events';
import { causedByRequest, eventMetadata } from './event-metadata';
import { CurrentProducts } from './current-products';
import { ORDERING_SETTINGS, type OrderingSettings } from './ordering.settings';
import { withinDeadline } from './supplier-deadline';
import { ValidateUser } from './validate-user.command';

/**
 * DANA waits 5 s for User Validate (docs/dana-protocol.md §3.7), not the 8 s of the other calls: the supplier gets
 * at most 3 s of it, leaving the rest for the reads, the write, signing and the network.
 */
export const USER_VALIDATE_SUPPLIER_BUDGET_MS = 3000;

/**
 * User Validate: the product and the destination checked (beforeAccountCheck), the supplier asked
 * about the account within the budget (afterAccountCheck), and a verdict about the account recorded
 * as UserValidated on the request's own stream. The same message again is answered from its record.
 */
@CommandHandler(ValidateUser)
export class ValidateUserHandler implements ICommandHandler<ValidateUser> {
  private readonly repository: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SUPPLIER) private readonly supplier: Supplier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ORDERING_SETTINGS) private readonly settings: OrderingSettings,
    private readonly products: CurrentProducts,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async execute({ validation, reqMsgId }: ValidateUser): Promise<UserValidationVerdict> {
    const budgetMs = Math.min(this.settings.supplierBudgetMs, USER_VALIDATE_SUPPLIER_BUDGET_MS);
    const deadline = this.clock.now().getTime() + budgetMs;
    const stream = userValidationStream(reqMsgId);
    const recorded = await this.repository.load(stream, userValidationDecider);
    if (recorded.state.status === 'validated') return recorded.state.verdict;

    const product = await this.products.of(validation.productId);
    const step = beforeAccountCheck(validation.productId, product, validation.destination);
    const verdict =
      'answer' in step
        ? step.answer
        : afterAccountCheck(
            step.ask,
            await withinDeadline(this.supplier.checkAccount(step.ask), deadline - this.clock.now().getTime()),
          );
    if (!isAccountVerdict(verdict)) return verdict;

    const now = this.clock.now();
    const command: RecordUserValidation = {
      type: 'RecordUserValidation',
      data: { reqMsgId, productId: validation.productId, destination: validation.destination, verdict, now },
    };
    const { state } = await this.repository.decideFromKnownState(
      stream,
      userValidationDecider,
      recorded,
      (current) => userValidationDecider.decide(command, current),
      eventMetadata(causedByRequest(reqMsgId), now),
    );
    // Another delivery of the same message recorded first: DANA gets that one answer.
    return state.status === 'validated' ? state.verdict : verdict;
  }
}
