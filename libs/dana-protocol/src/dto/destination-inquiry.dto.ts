import {
  OnlyWhen,
  OptionalAnyText,
  OptionalArray,
  OptionalInteger,
  OptionalObject,
  OptionalTextList,
  RequiredArray,
  RequiredObject,
  RequiredText,
} from '../validation/field-rules';
import { DestinationInfoDto } from './destination-info.dto';
import { MoneyDto } from './money.dto';
import { StatusDto } from './status.dto';
import type { DanaInquiryResult, InquiryResultsBody } from './wire.types';

/**
 * kios's cap on one Destination Inquiry (DANA documents none, docs/dana-protocol.md §3.2): each
 * destination is asked of the supplier, so a longer list is refused (400) rather than fanned out.
 */
export const MAX_DESTINATIONS_PER_INQUIRY = 20;

/** docs/dana-protocol.md §3.2 request body. */
export class DestinationInquiryBodyDto {
  @RequiredArray(() => DestinationInfoDto, { min: 1, max: MAX_DESTINATIONS_PER_INQUIRY })
  destinationInfos!: DestinationInfoDto[];

  @RequiredText(1, 64)
  productId!: string;
}

export class DetailAmountDto {
  @RequiredObject(() => MoneyDto)
  amount!: MoneyDto;

  @RequiredText(1, 64)
  period!: string;
}

/** One element of `inquiryResults` (docs/dana-protocol.md §3.2). */
export class InquiryResultDto implements DanaInquiryResult {
  // HARNESS treats a successful inquiry without an id as a failure.
  @OnlyWhen((result: InquiryResultDto) => result.inquiryStatus?.code === '10')
  @RequiredText(1, 64)
  inquiryId?: string;

  @RequiredObject(() => StatusDto)
  inquiryStatus!: StatusDto;

  @RequiredObject(() => DestinationInfoDto)
  destinationInfo!: DestinationInfoDto;

  @OptionalAnyText()
  customerName?: string;

  @OptionalObject(() => MoneyDto)
  totalAmount?: MoneyDto;

  @OptionalObject(() => MoneyDto)
  baseAmount?: MoneyDto;

  @OptionalObject(() => MoneyDto)
  adminFee?: MoneyDto;

  @OptionalObject(() => MoneyDto)
  fineAmount?: MoneyDto;

  @OptionalAnyText()
  type?: string;

  @OptionalAnyText()
  dueDate?: string;

  @OptionalTextList()
  period?: string[];

  @OptionalArray(() => DetailAmountDto)
  detailAmount?: DetailAmountDto[];

  @OptionalInteger()
  paymentCount?: number;

  @OptionalAnyText()
  providerName?: string;

  @OptionalObject(() => MoneyDto)
  minimumPayAmount?: MoneyDto;

  @OptionalObject(() => MoneyDto)
  maximumPayAmount?: MoneyDto;
}

/** docs/dana-protocol.md §3.2 response body. */
export class DestinationInquiryResponseBodyDto implements InquiryResultsBody {
  @RequiredArray(() => InquiryResultDto, { min: 1 })
  inquiryResults!: InquiryResultDto[];
}
