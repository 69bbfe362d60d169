import {
  RequiredAnyText,
  RequiredDigits,
  RequiredObject,
  RequiredOneOf,
  RequiredText,
} from '../validation/field-rules';
import { ResultStatus } from '../status-codes';
import type { ResultInfo, ResultInfoBody } from './wire.types';

/** DANA's generic result block (docs/dana-protocol.md §3.0). */
export class ResultInfoDto implements ResultInfo {
  @RequiredOneOf(Object.values(ResultStatus))
  resultStatus!: ResultInfo['resultStatus'];

  @RequiredDigits(8, 8, 'result code id')
  resultCodeId!: string;

  @RequiredText(1, 64)
  resultCode!: string;

  @RequiredAnyText()
  resultMsg!: string;
}

/** Body of DANA's answers to the callback and notify requests (docs/dana-protocol.md §3.5, §3.6). */
export class ResultInfoBodyDto implements ResultInfoBody {
  @RequiredObject(() => ResultInfoDto)
  resultInfo!: ResultInfoDto;
}
