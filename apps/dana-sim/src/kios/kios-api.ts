import type {
  DanaClient,
  DanaDestinationInfo,
  DanaInquiryResult,
  DanaReply,
  InquiryResultsBody,
  MoneyWire,
  OrderBody,
  OrdersBody,
  PresignedRequest,
  ProductListBody,
  ResultInfo,
  SignatureCheck,
  UserValidateBody,
} from '@kios/dana-protocol';
import { type SimContext, SimError } from '../sim-context';

/** kios's answer to one signed request, as DANA sees it. */
export interface KiosAnswer<Body> {
  httpStatus: number;
  /** `response.body`, when the answer was an envelope. */
  body?: Body & { resultInfo?: ResultInfo };
  /** kios's signature over `response` (docs/dana-protocol.md §2.5). */
  signature: SignatureCheck;
  latencyMs: number;
}

export interface CreateOrderRequest {
  requestId: string;
  productId: string;
  destinationInfo: DanaDestinationInfo;
  danaSellingPrice: MoneyWire;
  extendInfo?: string;
}

/**
 * The DANA → kios APIs (docs/dana-protocol.md §3.1–§3.4, §3.7) over DANA's client. A kios that cannot be reached is a
 * SimError naming the URL, so every command reports it the same way.
 */
export class KiosApi {
  constructor(
    readonly client: DanaClient,
    readonly baseUrl: string,
  ) {}

  products(type: string, provider?: string): Promise<KiosAnswer<ProductListBody>> {
    return this.send(this.client.presign('productQuery', { type, ...(provider ? { provider } : {}) }));
  }

  inquire(productId: string, destination: DanaDestinationInfo): Promise<KiosAnswer<InquiryResultsBody>> {
    return this.send(
      this.client.presign('destinationInquiry', { productId, destinationInfos: [destination] }),
    );
  }

  createOrder(request: CreateOrderRequest): Promise<KiosAnswer<OrderBody>> {
    return this.send(this.client.presign('createOrder', request));
  }

  orderDetail(requestIds: string[]): Promise<KiosAnswer<OrdersBody>> {
    return this.send(
      this.client.presign('orderQuery', { orderIdentifiers: requestIds.map((requestId) => ({ requestId })) }),
    );
  }

  /** User Validate (docs/dana-protocol.md §3.7): its flat body, secondaryParam only when given. */
  userValidate(
    productId: string,
    primaryParam: string,
    secondaryParam?: string,
  ): Promise<KiosAnswer<UserValidateBody>> {
    return this.send(
      this.client.presign('userValidate', {
        primaryParam,
        ...(secondaryParam === undefined ? {} : { secondaryParam }),
        productId,
      }),
    );
  }

  async send<Body>(request: PresignedRequest): Promise<KiosAnswer<Body>> {
    let reply: DanaReply;
    try {
      reply = await this.client.send(request);
    } catch (error) {
      throw new SimError(`cannot reach kios at ${this.baseUrl}: ${networkReason(error)}`);
    }
    return {
      httpStatus: reply.httpStatus,
      body: reply.envelope?.response?.body,
      signature: reply.signature,
      latencyMs: reply.latencyMs,
    };
  }
}

/** The body of a 200 answer kios really signed; anything else is a SimError saying what kios said. */
export function acceptedBody<Body>(answer: KiosAnswer<Body>, what: string): Body {
  if (answer.httpStatus !== 200) {
    const result = answer.body?.resultInfo;
    const said = result ? `${result.resultCode}: ${result.resultMsg}` : 'no DANA envelope';
    throw new SimError(`kios refused the ${what} with HTTP ${answer.httpStatus} (${said})`);
  }
  if (!answer.signature.ok) {
    throw new SimError(`kios's answer to the ${what} is not trusted: ${answer.signature.reason}`);
  }
  if (!answer.body) throw new SimError(`kios answered the ${what} without a response body`);
  return answer.body;
}

/** `connect ECONNREFUSED 127.0.0.1:8080` rather than undici's bare "fetch failed". */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}

/** DANA's side of kios at `--kios`, else DANA_SIM_KIOS_URL, else the local default. */
export async function openKiosApi(context: SimContext, kiosFlag: string | undefined): Promise<KiosApi> {
  const baseUrl = context.kiosUrl(kiosFlag);
  return new KiosApi(await context.client(baseUrl), baseUrl);
}

/** DANA's destinationInfo; a game's zone/server id goes in secondaryParam (docs/dana-protocol.md §3.0). */
export function destinationInfo(primaryParam: string, zone: string | undefined): DanaDestinationInfo {
  return zone === undefined ? { primaryParam } : { primaryParam, secondaryParam: zone };
}

/** The one result of a single-destination inquiry. */
export async function inquiryResult(
  api: KiosApi,
  productId: string,
  destination: DanaDestinationInfo,
): Promise<DanaInquiryResult> {
  const { inquiryResults } = acceptedBody(await api.inquire(productId, destination), 'Destination Inquiry');
  const [result] = inquiryResults ?? [];
  if (!result) throw new SimError('kios answered the Destination Inquiry without an inquiry result');
  return result;
}
