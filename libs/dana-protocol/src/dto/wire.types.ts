import type { MoneyWire } from '../money';

/**
 * Shapes of the JSON kios and DANA exchange (docs/dana-protocol.md §1.4, §1.5, §3). All scalars are strings on the
 * wire except `availability` (boolean) and `paymentCount` (number).
 */
export interface RequestHead {
  version: string;
  function: string;
  reqTime: string;
  reqMsgId: string;
}

export interface ResponseHead {
  version: string;
  function: string;
  respTime: string;
  reqMsgId: string;
  clientId?: string;
}

export interface SignedRequest<Body> {
  request: { head: RequestHead; body: Body };
  signature: string;
}

export interface SignedResponse<Body> {
  response: { head: ResponseHead; body: Body };
  signature: string;
}

/** `inquiryStatus` / `orderStatus` (docs/dana-protocol.md §3.0). */
export interface DanaStatus {
  code: string;
  status: string;
  message: string;
}

export interface DanaDestinationInfo {
  primaryParam: string;
  secondaryParam?: string;
  billAmount?: MoneyWire;
}

export interface DanaProduct {
  productId: string;
  type: string;
  provider: string;
  price: MoneyWire;
  availability: boolean;
}

/** One element of `inquiryResults` (docs/dana-protocol.md §3.2); the amounts matter for billers. */
export interface DanaInquiryResult {
  inquiryId?: string;
  inquiryStatus: DanaStatus;
  destinationInfo: DanaDestinationInfo;
  customerName?: string;
  totalAmount?: MoneyWire;
  baseAmount?: MoneyWire;
  adminFee?: MoneyWire;
  fineAmount?: MoneyWire;
  type?: string;
  dueDate?: string;
  period?: string[];
  detailAmount?: { amount: MoneyWire; period: string }[];
  paymentCount?: number;
  providerName?: string;
  minimumPayAmount?: MoneyWire;
  maximumPayAmount?: MoneyWire;
}

/** The order object of docs/dana-protocol.md §3.3, also used by Get Order Detail. `extendInfo` is JSON text. */
export interface DanaOrder {
  requestId: string;
  orderId: string;
  createdTime: string;
  modifiedTime: string;
  destinationInfo: DanaDestinationInfo;
  orderStatus: DanaStatus;
  serialNumber?: string;
  token?: string;
  product: DanaProduct;
  extendInfo?: string;
}

/** Get Order Detail's answer for a requestId kios never saw (docs/dana-protocol.md §3.4): code 40 EMPTY. */
export interface DanaOrderNotFound {
  requestId: string;
  orderStatus: DanaStatus;
}

/** The `orders` object of the Order Complete Callback (docs/dana-protocol.md §3.5). */
export interface DanaCompletedOrder extends Omit<DanaOrder, 'product'> {
  partnerId: string;
  aggregatorId: string;
  product?: DanaProduct;
}

/** DANA's generic Open API result block (docs/dana-protocol.md §3.0). */
export interface ResultInfo {
  resultStatus: 'S' | 'F' | 'U';
  resultCodeId: string;
  resultCode: string;
  resultMsg: string;
}

export interface ProductListBody {
  products: DanaProduct[];
}

export interface InquiryResultsBody {
  inquiryResults: DanaInquiryResult[];
}

export interface OrderBody {
  order: DanaOrder;
}

export interface OrdersBody {
  orders: (DanaOrder | DanaOrderNotFound)[];
}

export interface ResultInfoBody {
  resultInfo: ResultInfo;
}
