import { RequiredAnyText, RequiredText } from '../validation/field-rules';
import type { DanaStatus } from './wire.types';

/** `inquiryStatus` / `orderStatus` (docs/dana-protocol.md §3.0). */
export class StatusDto implements DanaStatus {
  @RequiredText(1, 8)
  code!: string;

  @RequiredText(1, 32)
  status!: string;

  @RequiredAnyText()
  message!: string;
}
