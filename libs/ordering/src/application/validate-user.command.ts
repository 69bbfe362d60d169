import { Command } from '@nestjs/cqrs';
import type { Destination } from '@kios/fulfillment';
import type { UserValidationVerdict } from '../user-validation/user-validation.decider';

/** DANA's User Validate (docs/dana-protocol.md §3.7): is this account valid and active for the product? */
export type UserValidationRequest = {
  productId: string;
  /** As DANA sent it; an empty secondaryParam is left out. */
  destination: Destination;
};

export class ValidateUser extends Command<UserValidationVerdict> {
  constructor(
    readonly validation: UserValidationRequest,
    /** DANA's reqMsgId: names the validation's stream, and is the correlation id of its event. */
    readonly reqMsgId: string,
  ) {
    super();
  }
}
