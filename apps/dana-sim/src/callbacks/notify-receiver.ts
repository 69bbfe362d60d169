import {
  DanaFunction,
  NotifyProductStatusRequestDto,
  SUCCESS_RESULT,
  type DanaClient,
} from '@kios/dana-protocol';
import { checkKiosRequest, refusalOf } from './kios-request-check';

/** One Notify Aggregator Product Status as dana-sim received it (served at GET /sim/notifications). */
export interface ReceivedNotification {
  receivedAt: string;
  reqMsgId?: string;
  signatureValid: boolean;
  problems: string[];
  productStatusList?: { productId: string; productStatus: string }[];
}

/** DANA's side of Notify Aggregator Product Status (docs/dana-protocol.md §3.6): a signed `S` for a sound request, `F` otherwise. */
export class NotifyReceiver {
  readonly received: ReceivedNotification[] = [];

  constructor(
    private readonly dana: DanaClient,
    private readonly now: () => Date,
  ) {}

  receive(bodyText: string): { notification: ReceivedNotification; bodyText: string } {
    const fn = DanaFunction.notifyProductStatus;
    const checked = checkKiosRequest(this.dana, NotifyProductStatusRequestDto, fn, bodyText);
    const request = checked.envelope?.request;
    const notification: ReceivedNotification = {
      receivedAt: this.now().toISOString(),
      reqMsgId: request?.head.reqMsgId,
      signatureValid: checked.signatureValid,
      problems: checked.problems,
      productStatusList: request?.body.productStatusList.map(({ productId, productStatus }) => ({
        productId,
        productStatus,
      })),
    };
    this.received.push(notification);
    const result = refusalOf(checked) ?? SUCCESS_RESULT;
    return {
      notification,
      bodyText: this.dana.signedResultResponse(fn, notification.reqMsgId ?? '', result),
    };
  }
}
