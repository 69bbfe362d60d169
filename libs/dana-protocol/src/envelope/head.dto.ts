import { OptionalAnyText, RequiredDanaTime, RequiredText } from '../validation/field-rules';
import type { RequestHead, ResponseHead } from '../dto/wire.types';

/** docs/dana-protocol.md §1.5 request head. `function` is checked against the endpoint by the pipeline, not here. */
export class RequestHeadDto implements RequestHead {
  @RequiredText(1, 8)
  version!: string;

  @RequiredText(1, 128)
  function!: string;

  @RequiredDanaTime()
  reqTime!: string;

  @RequiredText(1, 64)
  reqMsgId!: string;
}

/** docs/dana-protocol.md §1.5 response head; DANA's own heads may also carry `clientId`. */
export class ResponseHeadDto implements ResponseHead {
  @RequiredText(1, 8)
  version!: string;

  @RequiredText(1, 128)
  function!: string;

  @RequiredDanaTime()
  respTime!: string;

  @RequiredText(1, 64)
  reqMsgId!: string;

  @OptionalAnyText()
  clientId?: string;
}
