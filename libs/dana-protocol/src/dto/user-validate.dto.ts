import { SUCCESS_RESULT } from '../status-codes';
import { OptionalAnyText, OptionalText, RequiredObject, RequiredText } from '../validation/field-rules';
import { ResultInfoDto } from './result-info.dto';
import { StatusDto } from './status.dto';
import type { DanaStatus, ResultInfo } from './wire.types';

/**
 * User Validate request body (docs/dana-protocol.md §3.7): flat, unlike Destination Inquiry's
 * `destinationInfos`. `secondaryParam` is 1–64 in DANA's table, but DANA's own sample sends `""`,
 * so an empty one is taken (and read as absent) rather than refused.
 */
export class UserValidateBodyDto {
  @RequiredText(1, 64)
  primaryParam!: string;

  @OptionalText(0, 64)
  secondaryParam?: string;

  @RequiredText(1, 64)
  productId!: string;
}

/**
 * The one place that says what kios answers to User Validate (docs/dana-protocol.md §3.7). DANA has
 * not published the response body, so this follows §3.7's recommendation until DANA confirms it:
 * `resultInfo` (the call was processed: always `S`/SUCCESS on a 200), and `userStatus`, a status
 * object shaped like Destination Inquiry's `inquiryStatus` (`10 SUCCESS` a valid, active account;
 * `20 FAILED` unknown or inactive, with a message saying which), plus `customerName` where known.
 * When DANA confirms the shape, change this interface, its DTO and `userValidateBody` below.
 */
export interface UserValidateBody {
  resultInfo: ResultInfo;
  userStatus: DanaStatus;
  customerName?: string;
}

/** docs/dana-protocol.md §3.7 response body, as kios answers it (see UserValidateBody). */
export class UserValidateResponseBodyDto implements UserValidateBody {
  @RequiredObject(() => ResultInfoDto)
  resultInfo!: ResultInfoDto;

  @RequiredObject(() => StatusDto)
  userStatus!: StatusDto;

  @OptionalAnyText()
  customerName?: string;
}

/** The User Validate answer for a status (and the account holder's name, when known). */
export function userValidateBody(userStatus: DanaStatus, customerName?: string): UserValidateBody {
  return {
    resultInfo: { ...SUCCESS_RESULT },
    userStatus,
    ...(customerName === undefined ? {} : { customerName }),
  };
}
