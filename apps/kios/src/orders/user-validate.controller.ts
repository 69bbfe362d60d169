import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type UserValidateBody, UserValidateRequestDto } from '@kios/dana-protocol';
import { ValidateUser } from '@kios/ordering';
import { toDanaUserValidate } from '../dana-api/dana-user-validate.mapper';
import { DanaEndpoint, SignedRequest } from '../http/dana-endpoint.decorator';

/** User Validate (docs/dana-protocol.md §3.7, optional): is the account behind an account-bound product valid and active? */
@Controller()
export class UserValidateController {
  constructor(private readonly commands: CommandBus) {}

  @DanaEndpoint({ api: 'userValidate', envelope: UserValidateRequestDto })
  async validate(@SignedRequest() { request }: UserValidateRequestDto): Promise<UserValidateBody> {
    const { productId, primaryParam, secondaryParam } = request.body;
    const verdict = await this.commands.execute(
      new ValidateUser(
        {
          productId,
          // DANA's own sample sends secondaryParam "" (docs/dana-protocol.md §3.7): that is no secondaryParam.
          destination: secondaryParam ? { primaryParam, secondaryParam } : { primaryParam },
        },
        request.head.reqMsgId,
      ),
    );
    return toDanaUserValidate(verdict);
  }
}
