import { idr } from '@kios/dana-protocol';
import { checkDestination } from '@kios/fulfillment';
import { inquiryDecider, type InquiryCheck, type InquiryRecorded } from '@kios/ordering';
import { plnPostpaid } from '@kios/testing';
import { inquiryRecorded } from '../inquiry/inquiry.builders';
import { listed, placeOrder } from './order.builders';

/** A usable inquiry for PLN postpaid 532110012345, total Rp 248.000 (`supplierRef`: inquired under it). */
export const usableInquiry = (overrides: Partial<InquiryRecorded['data']> = {}): InquiryCheck => {
  const state = inquiryDecider.evolve(inquiryDecider.initialState, inquiryRecorded(overrides));
  if (state.status !== 'open') throw new Error('expected an open inquiry');
  return { ok: true, inquiry: state.inquiry };
};

export const billDestination = { primaryParam: '532110012345' };

/** Create Order for PLN postpaid 532110012345 at Rp 248.000, with the inquiry it uses when given. */
export const placeBillOrder = (inquiry?: { inquiryId: string; check?: InquiryCheck }) =>
  placeOrder({
    productId: plnPostpaid.productId,
    product: listed(plnPostpaid),
    destination: billDestination,
    destinationCheck: checkDestination(plnPostpaid, billDestination),
    danaSellingPrice: idr(24_800_000),
    ...(inquiry && { inquiry }),
  });
