import { billTotal } from '@kios/fulfillment';
import { inquiryStream } from '@kios/ordering';
import { mobileLegendsDiamonds, plnPostpaid, telkomselCredit } from '@kios/testing';
import { orderingFixture, T0 } from './ordering.fixture';

describe('Destination Inquiry handler', () => {
  it('answers every destination in the order sent, each with its own verdict', async () => {
    const kios = await orderingFixture();
    const answers = await kios.inquire(telkomselCredit.productId, [
      { primaryParam: '081234567890' },
      { primaryParam: '081234567990' },
      { primaryParam: '085712345678' },
    ]);
    expect(answers.map((answer) => [answer.destination.primaryParam, answer.status])).toEqual([
      ['081234567890', 'valid'],
      ['081234567990', 'invalid_destination'],
      ['085712345678', 'invalid_destination'],
    ]);
    expect(answers[2]).toMatchObject({
      reason: 'phone number 085712345678 belongs to indosat, not telkomsel',
    });
  });

  it('prices a telco destination at the product price, with no fee and no fine', async () => {
    const kios = await orderingFixture();
    const [answer] = await kios.inquire(telkomselCredit.productId, [{ primaryParam: '+62 812-3456-7890' }]);
    if (answer.status !== 'valid') throw new Error(answer.status);
    expect(answer.inquiry).toMatchObject({
      productId: telkomselCredit.productId,
      destination: { primaryParam: '081234567890' },
      totalAmount: telkomselCredit.price,
      amounts: { baseAmount: telkomselCredit.price, adminFee: { minor: 0n }, fineAmount: { minor: 0n } },
    });
    expect(answer.inquiry.customerName).toBeUndefined();
  });

  it('finds a biller’s bill: the customer, amounts adding up to the total, due date and periods', async () => {
    const kios = await orderingFixture();
    const [answer] = await kios.inquire(plnPostpaid.productId, [{ primaryParam: '532110012345' }]);
    if (answer.status !== 'valid') throw new Error(answer.status);
    const { inquiry } = answer;
    expect(inquiry.customerName).toMatch(/^[A-Z ]+$/);
    expect(inquiry.totalAmount).toEqual(billTotal(inquiry.amounts));
    expect(inquiry.amounts.baseAmount.minor).toBeGreaterThan(0n);
    expect(inquiry.dueDate).toBeInstanceOf(Date);
    expect(inquiry.period?.length).toBeGreaterThan(0);
  });

  it('records the inquiry under a fresh id, usable for the configured time', async () => {
    const kios = await orderingFixture({ inquiryValidityMs: 600_000 });
    const [answer] = await kios.inquire(plnPostpaid.productId, [{ primaryParam: '532110012345' }]);
    if (answer.status !== 'valid') throw new Error(answer.status);
    expect(answer.inquiry.inquiryId).toMatch(/^INQ-[0-9A-F]{32}$/);
    const [recorded] = await kios.store.readStream(inquiryStream(answer.inquiry.inquiryId));
    expect(recorded).toMatchObject({
      type: 'InquiryRecorded',
      data: { expiresAt: new Date(T0.getTime() + 600_000).toISOString() },
      metadata: { correlationId: 'msg-1', causationId: 'msg-1', schemaVersion: 1 },
    });
  });

  it('tells a bill already paid (…996) and an unknown customer (…990) apart', async () => {
    const kios = await orderingFixture();
    const answers = await kios.inquire(plnPostpaid.productId, [
      { primaryParam: '532110012996' },
      { primaryParam: '532110012990' },
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(['bill_already_paid', 'invalid_destination']);
  });

  it('names a game account by its nickname', async () => {
    const kios = await orderingFixture();
    const [answer] = await kios.inquire(mobileLegendsDiamonds.productId, [
      { primaryParam: '123456789', secondaryParam: '2345' },
    ]);
    if (answer.status !== 'valid') throw new Error(answer.status);
    expect(answer.inquiry.customerName).toMatch(/^[A-Z][a-z]+[A-Z][a-z]+89$/);
    expect(answer.inquiry.destination).toEqual({ primaryParam: '123456789', secondaryParam: '2345' });
  });

  it('answers every destination of an unknown or sold-out product without asking the supplier', async () => {
    const kios = await orderingFixture();
    const inquire = jest.spyOn(kios.supplier, 'inquire');
    const unknown = await kios.inquire('NOPE', [
      { primaryParam: '081234567890' },
      { primaryParam: '081234567891' },
    ]);
    const soldOut = await kios.inquire('TSEL-SOLD-OUT', [{ primaryParam: '081234567890' }]);
    expect(unknown).toEqual([
      {
        destination: { primaryParam: '081234567890' },
        status: 'product_not_found',
        reason: 'product NOPE is not in the catalog',
      },
      {
        destination: { primaryParam: '081234567891' },
        status: 'product_not_found',
        reason: 'product NOPE is not in the catalog',
      },
    ]);
    expect(soldOut[0]).toMatchObject({ status: 'product_unavailable' });
    expect(inquire).not.toHaveBeenCalled();
  });

  it('answers supplier_unavailable when the supplier does not answer within the budget', async () => {
    const kios = await orderingFixture({ supplierBudgetMs: 50 });
    jest.spyOn(kios.supplier, 'inquire').mockReturnValueOnce(new Promise(() => undefined));
    const [answer] = await kios.inquire(telkomselCredit.productId, [{ primaryParam: '081234567890' }]);
    expect(answer).toMatchObject({
      status: 'supplier_unavailable',
      reason: 'the supplier did not answer within 50 ms',
    });
  });
});
