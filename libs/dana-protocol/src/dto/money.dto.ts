import type { MoneyWire } from '../money';
import { RequiredDigits, RequiredOneOf } from '../validation/field-rules';

/** docs/dana-protocol.md §1.6: `value` in minor units (rupiah × 100) as 1–19 digits; no sign, no decimal point. */
export class MoneyDto implements MoneyWire {
  @RequiredDigits(1, 19, 'minor units')
  value!: string;

  @RequiredOneOf(['IDR'])
  currency!: string;
}
