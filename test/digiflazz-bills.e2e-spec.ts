import { randomUUID } from 'node:crypto';
import {
  inquiryStatus,
  type DanaClient,
  type DanaInquiryResult,
  type DanaOrder,
  type MoneyWire,
} from '@kios/dana-protocol';
import { inquiryReferenceFor } from '@kios/fulfillment';
import { inquiryStream, orderStream } from '@kios/ordering';
import { startSupplierSim, type SupplierSim } from '../apps/supplier-sim/src';
import { digiflazzEnv, DigiflazzShop } from './support/digiflazz-shop';
import { KiosData } from './support/kios-data';
import { KiosProcess } from './support/kios-process';

/**
 * Bills bought from Digiflazz, played by supplier-sim (testing off: kios's suffix table), with kios
 * a real process configured with `KIOS_SUPPLIER=digiflazz`. DANA's Destination Inquiry is
 * Digiflazz's `inq-pasca` under a ref_id kios derives from the inquiryId; Create Order pays that
 * very inquiry with `pay-pasca` under the same ref_id, and every status check (`status-pasca`)
 * asks under it too (docs/digiflazz.md §5). supplier-sim's request log (`GET /_control/log`) and
 * kios's own events show the one ref_id from inquiry to payment.
 */
const PENDING_DELAY_MS = 700;
const PLN_POSTPAID = 'PLN-POSTPAID';
/** A 12-digit PLN customer id ending in `end` (supplier-sim's suffix table). */
const customerId = (end: string) => ({ primaryParam: `532110012${end}` });
const minor = (rupiah: unknown): MoneyWire => ({ value: String(Number(rupiah) * 100), currency: 'IDR' });

describe('kios paying bills through Digiflazz (supplier-sim): one ref_id from inq-pasca to pay-pasca', () => {
  let sim: SupplierSim;
  let kios: KiosProcess;
  let dana: DanaClient;
  let shop: DigiflazzShop;
  let data: KiosData;

  beforeAll(async () => {
    sim = await startSupplierSim({ pendingDelayMs: PENDING_DELAY_MS });
    kios = new KiosProcess({
      env: {
        KIOS_DANA_BASE_URL: 'http://127.0.0.1:9',
        ...digiflazzEnv(sim),
        KIOS_FULFILMENT_FIRST_CHECK_MS: '150',
        KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS: '400',
      },
    });
    await kios.start();
    dana = kios.client();
    shop = new DigiflazzShop(sim, () => dana);
    data = new KiosData(kios.dataDir);
  }, 30_000);

  afterAll(async () => {
    await kios?.kill();
    await sim?.close();
  });

  async function inquire(destination: { primaryParam: string }): Promise<DanaInquiryResult> {
    const { inquiryResults } = await shop.call<{ inquiryResults: DanaInquiryResult[] }>(
      dana.presign('destinationInquiry', { productId: PLN_POSTPAID, destinationInfos: [destination] }),
    );
    return inquiryResults[0];
  }

  async function payBill(inquiry: DanaInquiryResult, destination: { primaryParam: string }) {
    const createBody = {
      requestId: `E2E-DF-BILL-${randomUUID()}`,
      productId: PLN_POSTPAID,
      destinationInfo: destination,
      danaSellingPrice: inquiry.totalAmount,
      extendInfo: JSON.stringify({ inquiryId: inquiry.inquiryId }),
    };
    const { order } = await shop.call<{ order: DanaOrder }>(dana.presign('createOrder', createBody));
    return { order, requestId: createBody.requestId };
  }

  /** kios's transaction calls to supplier-sim for a customer, as supplier-sim logged them. */
  async function callsFor(destination: { primaryParam: string }) {
    return (await shop.simLog()).filter(
      (entry) => entry.path === '/v1/transaction' && entry.customer_no === destination.primaryParam,
    );
  }

  /** The supplier reference kios stored for the inquiry (InquiryRecorded) and for the order (FulfilmentRequested). */
  async function storedRefs(inquiryId: string, requestId: string) {
    const [recorded] = await data.streamEvents(inquiryStream(inquiryId));
    const requested = (await data.streamEvents(orderStream(requestId))).find(
      (event) => event.type === 'FulfilmentRequested',
    );
    return { inquiry: recorded.data.supplierRef, order: requested?.data.supplierRef };
  }

  it("inquires the bill with inq-pasca (DANA sees Digiflazz's amounts), pays it with pay-pasca under the same ref_id, SUCCESS with the serial", async () => {
    const destination = customerId('345');
    const inquiry = await inquire(destination);
    expect(inquiry.inquiryStatus.code).toBe(inquiryStatus('SUCCESS').code);
    const ref = inquiryReferenceFor(inquiry.inquiryId!);
    const inquired = sim.transaction(ref)!.data;
    expect(inquiry).toMatchObject({
      customerName: inquired.customer_name,
      totalAmount: minor(inquired.selling_price),
      adminFee: minor(inquired.admin),
    });

    const { order, requestId } = await payBill(inquiry, destination);

    expect(order.orderStatus).toEqual({ code: '10', status: 'SUCCESS', message: 'Success' });
    const paid = sim.transaction(ref)!.data;
    expect(paid.sn).toMatch(/\S/);
    expect(order.serialNumber).toBe(paid.sn);
    const calls = await callsFor(destination);
    expect(calls.map((call) => [call.command, call.ref_id, call.rc])).toEqual([
      ['inq-pasca', ref, '00'],
      ['pay-pasca', ref, '00'],
    ]);
    expect(await storedRefs(inquiry.inquiryId!, requestId)).toEqual({ inquiry: ref, order: ref });
  });

  it('…992: pay-pasca answers pending; status-pasca under the same ref_id finishes it SUCCESS', async () => {
    const destination = customerId('992');
    const inquiry = await inquire(destination);
    expect(inquiry.inquiryStatus.code).toBe(inquiryStatus('SUCCESS').code);
    const ref = inquiryReferenceFor(inquiry.inquiryId!);

    const { order, requestId } = await payBill(inquiry, destination);
    expect(order.orderStatus).toEqual({ code: '20', status: 'PENDING', message: 'Pending' });

    const final = await shop.settlesAs(requestId, '10');
    expect(final.serialNumber).toBe(sim.transaction(ref)!.data.sn);
    const calls = await callsFor(destination);
    expect(calls.map((call) => call.command)).toEqual([
      'inq-pasca',
      'pay-pasca',
      ...calls.slice(2).map(() => 'status-pasca'),
    ]);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(new Set(calls.map((call) => call.ref_id))).toEqual(new Set([ref]));
    expect(calls.filter((call) => call.created)).toHaveLength(2); // the inquiry, then its payment
    expect(await storedRefs(inquiry.inquiryId!, requestId)).toEqual({ inquiry: ref, order: ref });
  });

  it('…990: supplier-sim rejects the customer number at inq-pasca, and DANA gets the inquiry failure with no inquiryId', async () => {
    const destination = customerId('990');
    const inquiry = await inquire(destination);

    expect(inquiry.inquiryStatus.code).toBe(inquiryStatus('INVALID_DESTINATION').code);
    expect(inquiry.inquiryStatus.message).toContain('rc 54');
    expect(inquiry.inquiryId).toBeUndefined();
    const calls = await callsFor(destination);
    expect(calls.map((call) => [call.command, call.rc])).toEqual([['inq-pasca', '54']]);
  });

  it('one inquiry pays one order: a second Create Order on it is refused and pay-pasca is sent once', async () => {
    const destination = customerId('512');
    const inquiry = await inquire(destination);
    const ref = inquiryReferenceFor(inquiry.inquiryId!);
    const first = await payBill(inquiry, destination);
    expect(first.order.orderStatus.code).toBe('10');

    const second = await payBill(inquiry, destination);

    expect(second.order.orderStatus).toMatchObject({ code: '30', status: 'FAILED' });
    const calls = await callsFor(destination);
    expect(calls.map((call) => [call.command, call.ref_id])).toEqual([
      ['inq-pasca', ref],
      ['pay-pasca', ref],
    ]);
    expect((await data.streamEvents(orderStream(second.requestId))).map((event) => event.type)).toEqual([
      'OrderPlaced',
      'OrderFailed',
    ]);
  });
});
