import { randomUUID, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { formatDanaTime, systemClock, type Clock } from '../clock';
import type { CreateOrderBodyDto } from '../dto/create-order.dto';
import type { DestinationInquiryBodyDto } from '../dto/destination-inquiry.dto';
import type { OrderDetailBodyDto } from '../dto/order-detail.dto';
import type { ProductQueryBodyDto } from '../dto/product-query.dto';
import type { UserValidateBodyDto } from '../dto/user-validate.dto';
import type { ResponseHead, ResultInfo } from '../dto/wire.types';
import { verifySignedBody, type SignatureCheck } from '../signature/dana-signature';
import { signedEnvelope } from '../signature/signed-envelope';
import { DANA_API_VERSION, signedRequest, type PresignedRequest } from '../signature/signed-request';
import type { DanaFunctionName } from '../status-codes';

export interface DanaClientOptions {
  /** kios's base URL; the API paths of docs/dana-protocol.md §1.2 are appended to it. */
  baseUrl: string;
  danaPrivateKey: KeyObject;
  kiosPublicKey: KeyObject;
  clock?: Clock;
  newId?: () => string;
}

export interface DanaReply {
  httpStatus: number;
  bodyText: string;
  /** The parsed body, or undefined when it is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  envelope: any;
  signature: SignatureCheck;
  latencyMs: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Plays DANA against kios (dana-sim, end-to-end tests): signs requests the way DANA's Node SDK does
 * (docs/dana-protocol.md §2.2), checks kios's signed answers, and answers kios's callbacks (docs/dana-protocol.md §3.5, §3.6).
 */
export class DanaClient {
  private readonly baseUrl: string;
  private readonly clock: Clock;
  private readonly newId: () => string;

  constructor(private readonly options: DanaClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
  }

  /** Signs now; `send` can post it later, or several times, to test replays. */
  presign(fn: DanaFunctionName, body: object): PresignedRequest {
    return signedRequest(
      fn,
      body,
      { reqMsgId: this.newId(), reqTime: this.clock.now() },
      this.options.danaPrivateKey,
    );
  }

  /** Rejects on network failure or timeout; any HTTP answer resolves. */
  async send(req: PresignedRequest, opts: { timeoutMs?: number } = {}): Promise<DanaReply> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${req.path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: req.bodyText,
      signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    const bodyText = await response.text();
    const latencyMs = performance.now() - started;
    return {
      httpStatus: response.status,
      bodyText,
      envelope: parseOrUndefined(bodyText),
      signature: verifySignedBody(bodyText, 'response', this.options.kiosPublicKey),
      latencyMs,
    };
  }

  productQuery(body: ProductQueryBodyDto): Promise<DanaReply> {
    return this.send(this.presign('productQuery', body));
  }

  destinationInquiry(body: DestinationInquiryBodyDto): Promise<DanaReply> {
    return this.send(this.presign('destinationInquiry', body));
  }

  createOrder(body: CreateOrderBodyDto): Promise<DanaReply> {
    return this.send(this.presign('createOrder', body));
  }

  orderDetail(body: OrderDetailBodyDto): Promise<DanaReply> {
    return this.send(this.presign('orderQuery', body));
  }

  userValidate(body: UserValidateBodyDto): Promise<DanaReply> {
    return this.send(this.presign('userValidate', body));
  }

  /** DANA's side of APIs 5 and 6: is this callback/notify really from kios? */
  verifyKiosRequest(bodyText: string): SignatureCheck {
    return verifySignedBody(bodyText, 'request', this.options.kiosPublicKey);
  }

  /** DANA's signed answer to a callback/notify: `{response:{head,body:{resultInfo}},signature}`. */
  signedResultResponse(fn: string, reqMsgId: string, result: ResultInfo): string {
    const head: ResponseHead = {
      version: DANA_API_VERSION,
      function: fn,
      respTime: formatDanaTime(this.clock.now()),
      reqMsgId,
    };
    return signedEnvelope('response', { head, body: { resultInfo: result } }, this.options.danaPrivateKey);
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
