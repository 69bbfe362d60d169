import { OptionalObject, OptionalText, RequiredText } from '../validation/field-rules';
import { MoneyDto } from './money.dto';
import type { DanaDestinationInfo } from './wire.types';

/** docs/dana-protocol.md §3.0 destinationInfo. */
export class DestinationInfoDto implements DanaDestinationInfo {
  @RequiredText(1, 64)
  primaryParam!: string;

  @OptionalText(1, 64)
  secondaryParam?: string;

  @OptionalObject(() => MoneyDto)
  billAmount?: MoneyDto;
}
