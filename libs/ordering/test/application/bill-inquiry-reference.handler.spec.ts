import { Logger } from '@nestjs/common';
import { inquiryReferenceFor, supplierReferenceFor, type InquiryRequest } from '@kios/fulfillment';
import { inquiryStream } from '@kios/ordering';
import { plnPostpaid, telkomselCredit } from '@kios/testing';
import { orderingFixture } from './ordering.fixture';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

/**
 * A bill inquired under a reference and paid under it (docs/digiflazz.md §5): Destination Inquiry
 * hands the supplier a reference derived from the inquiryId, records it when the supplier inquired
 * under it, and the one order that uses the inquiry pays under it.
 */
describe('Destination Inquiry and Create Order: a bill inquired under a reference', () => {
  const meter = { primaryParam: '532110012345' };

  /** The ordering handlers, their simulator standing in for a supplier that inquires bills under the reference given (as Digiflazz's inq-pasca does). */
  async function kiosWithReferencingSupplier() {
    const kios = await orderingFixture();
    const inquire = kios.supplier.inquire.bind(kios.supplier);
    const inquiries = jest
      .spyOn(kios.supplier, 'inquire')
      .mockImplementation(async (request: InquiryRequest) => {
        const outcome = await inquire(request);
        return outcome.status === 'valid' && request.supplierRef !== undefined
          ? { ...outcome, supplierRef: request.supplierRef }
          : outcome;
      });
    return { kios, inquiries };
  }

  async function inquiredBill(kios: Awaited<ReturnType<typeof orderingFixture>>) {
    const [answer] = await kios.inquire(plnPostpaid.productId, [meter]);
    if (answer.status !== 'valid') throw new Error(`expected a valid inquiry, got ${answer.status}`);
    return answer.inquiry;
  }

  it('inquires a bill under the reference derived from its inquiryId and records it', async () => {
    const { kios, inquiries } = await kiosWithReferencingSupplier();
    const inquiry = await inquiredBill(kios);
    const ref = inquiryReferenceFor(inquiry.inquiryId);

    expect(inquiries).toHaveBeenCalledWith(expect.objectContaining({ supplierRef: ref }));
    expect(inquiry.supplierRef).toBe(ref);
    const [recorded] = await kios.store.readStream(inquiryStream(inquiry.inquiryId));
    expect(recorded).toMatchObject({ type: 'InquiryRecorded', data: { supplierRef: ref } });
  });

  it('gives a fixed-price product no reference to inquire under, and records none', async () => {
    const { kios, inquiries } = await kiosWithReferencingSupplier();
    const [answer] = await kios.inquire(telkomselCredit.productId, [{ primaryParam: '081234567890' }]);
    if (answer.status !== 'valid') throw new Error(answer.status);

    expect(inquiries.mock.calls[0][0]).not.toHaveProperty('supplierRef');
    expect(answer.inquiry).not.toHaveProperty('supplierRef');
  });

  it('pays the bill under the inquiry reference, telling the supplier it was inquired under it', async () => {
    const { kios } = await kiosWithReferencingSupplier();
    const inquiry = await inquiredBill(kios);
    const ref = inquiryReferenceFor(inquiry.inquiryId);

    const order = await kios.createOrder({
      requestId: 'REQ-A',
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
      inquiryId: inquiry.inquiryId,
    });

    expect(order).toMatchObject({ status: 'SUCCESS', supplierRef: ref });
    expect(kios.purchases).toHaveBeenCalledWith(
      expect.objectContaining({ supplierRef: ref, billInquiredUnderRef: true }),
    );
    const requested = (await kios.orderEvents('REQ-A')).find((event) => event.type === 'FulfilmentRequested');
    expect(requested?.data).toMatchObject({ supplierRef: ref });
  });

  it('pays under that reference once: DANA retrying the order buys nothing, a second order on the inquiry is refused', async () => {
    const { kios } = await kiosWithReferencingSupplier();
    const inquiry = await inquiredBill(kios);
    const order = {
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
      inquiryId: inquiry.inquiryId,
    };

    await kios.createOrder({ requestId: 'REQ-A', ...order });
    const retried = await kios.createOrder({ requestId: 'REQ-A', ...order });
    const second = await kios.createOrder({ requestId: 'REQ-B', ...order });

    expect(retried.status).toBe('SUCCESS');
    expect(second).toMatchObject({
      status: 'FAILED',
      failure: {
        code: 'inquiry_rejected',
        reason: `inquiry ${inquiry.inquiryId} was already used by order REQ-A`,
      },
    });
    expect(second).not.toHaveProperty('supplierRef');
    expect(kios.purchases).toHaveBeenCalledTimes(1);
  });

  it('a supplier that inquired under no reference (the simulator) leaves the order its own', async () => {
    const kios = await orderingFixture();
    const inquiry = await inquiredBill(kios);
    expect(inquiry).not.toHaveProperty('supplierRef');

    const order = await kios.createOrder({
      requestId: 'REQ-A',
      productId: plnPostpaid.productId,
      destination: meter,
      price: inquiry.totalAmount,
      inquiryId: inquiry.inquiryId,
    });

    expect(order.supplierRef).toBe(supplierReferenceFor('REQ-A'));
    expect(kios.purchases.mock.calls[0][0]).not.toHaveProperty('billInquiredUnderRef');
  });
});
