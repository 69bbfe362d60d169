import { join } from 'node:path';
import {
  type DanaClient,
  type DanaReply,
  DanaPath,
  type PresignedRequest,
  type UserValidateBody,
  UserValidateResponseDto,
  validateEnvelope,
} from '@kios/dana-protocol';
import { SqliteEventStore } from '@kios/event-store';
import { userValidationStream } from '@kios/ordering';
import { KiosProcess } from './support/kios-process';

/** BPJS Kesehatan (customer ids of 12 digits) from the sample catalog; the simulator's accounts by their last digits. */
const BPJS = 'BPJS-KESEHATAN';
const ACTIVE = '000123456345';
const INACTIVE = '000123456997';
const UNKNOWN = '000123456998';

describe('User Validate over HTTP (docs/dana-protocol.md §3.7)', () => {
  // Under a base path, as DANA calls it: POST {KIOS_BASE_PATH}/userValidate.
  const kios = new KiosProcess({
    env: { KIOS_BASE_PATH: '/dana', KIOS_DANA_BASE_URL: 'http://127.0.0.1:9' },
  });
  let dana: DanaClient;
  beforeAll(async () => {
    await kios.start();
    dana = kios.client();
  }, 30_000);
  afterAll(() => kios.kill());

  const request = (primaryParam: string, extra: object = {}) =>
    dana.presign('userValidate', { primaryParam, productId: BPJS, ...extra });

  /** A signed 200 answer whose body is a valid User Validate body by its DTO. */
  async function validate(presigned: PresignedRequest): Promise<UserValidateBody> {
    const reply = await dana.send(presigned);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.httpStatus).toBe(200);
    expect(reply.envelope.response.head).toMatchObject({
      function: 'dana.digital.goods.user.validate',
      reqMsgId: presigned.reqMsgId,
    });
    expect(validateEnvelope(UserValidateResponseDto, reply.envelope)).toMatchObject({ ok: true });
    return reply.envelope.response.body as UserValidateBody;
  }

  async function storedEvents(reqMsgId: string) {
    const store = SqliteEventStore.open(join(kios.dataDir, 'events.db'));
    try {
      return await store.readStream(userValidationStream(reqMsgId));
    } finally {
      await store.close();
    }
  }

  /** A signed error answer: its HTTP status and resultInfo. */
  function expectSignedError(reply: DanaReply, httpStatus: number, resultCode: string) {
    expect(reply.httpStatus).toBe(httpStatus);
    expect(reply.signature).toMatchObject({ ok: true });
    expect(reply.envelope.response.body.resultInfo).toMatchObject({ resultStatus: 'F', resultCode });
    return reply.envelope.response.body.resultInfo.resultMsg as string;
  }

  it('a valid, active account: 10 SUCCESS with the account holder’s name, recorded as UserValidated', async () => {
    const presigned = request(ACTIVE, { secondaryParam: '' });
    const body = await validate(presigned);
    expect(body).toEqual({
      resultInfo: {
        resultStatus: 'S',
        resultCodeId: '00000000',
        resultCode: 'SUCCESS',
        resultMsg: 'success',
      },
      userStatus: { code: '10', status: 'SUCCESS', message: 'Success' },
      customerName: expect.stringMatching(/^[A-Z][A-Z ]+$/),
    });
    // The same account, asked again in a new message, has the same name.
    expect((await validate(request(ACTIVE))).customerName).toBe(body.customerName);

    const events = await storedEvents(presigned.reqMsgId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'UserValidated',
      data: {
        reqMsgId: presigned.reqMsgId,
        productId: BPJS,
        destination: { primaryParam: ACTIVE },
        outcome: 'valid',
        customerName: body.customerName,
      },
      metadata: { correlationId: presigned.reqMsgId, causationId: presigned.reqMsgId, schemaVersion: 1 },
    });
  });

  it('an inactive account (…997): 20 FAILED saying it is inactive; the event keeps the whole number, the log does not', async () => {
    const presigned = request(INACTIVE);
    const body = await validate(presigned);
    expect(body.userStatus).toEqual({ code: '20', status: 'FAILED', message: 'account …6997 is inactive' });
    expect(body).not.toHaveProperty('customerName');
    const [event] = await storedEvents(presigned.reqMsgId);
    expect(event.data).toMatchObject({ destination: { primaryParam: INACTIVE }, outcome: 'inactive' });
    expect(kios.log).not.toContain(INACTIVE);
  });

  it('an unknown account (…998): 20 FAILED saying the supplier does not know it', async () => {
    const presigned = request(UNKNOWN);
    expect((await validate(presigned)).userStatus).toEqual({
      code: '20',
      status: 'FAILED',
      message: 'account …6998 is unknown to the supplier',
    });
    expect((await storedEvents(presigned.reqMsgId)).map((event) => event.data.outcome)).toEqual(['unknown']);
  });

  it('the same message sent twice is answered the same and recorded once', async () => {
    const presigned = request(INACTIVE);
    const first = await validate(presigned);
    expect(await validate(presigned)).toEqual(first);
    expect(await storedEvents(presigned.reqMsgId)).toHaveLength(1);
  });

  it('an unknown product: the answer Destination Inquiry gives for it, nothing recorded', async () => {
    const presigned = dana.presign('userValidate', { primaryParam: ACTIVE, productId: 'NOPE' });
    const inquiry = await dana.send(
      dana.presign('destinationInquiry', { productId: 'NOPE', destinationInfos: [{ primaryParam: ACTIVE }] }),
    );
    const body = await validate(presigned);
    expect(body.userStatus).toEqual(inquiry.envelope.response.body.inquiryResults[0].inquiryStatus);
    expect(body.userStatus).toEqual({
      code: '28',
      status: 'FAILED',
      message: 'product NOPE is not in the catalog',
    });
    expect(await storedEvents(presigned.reqMsgId)).toEqual([]);
  });

  it('a malformed request: a signed 400 naming the field', async () => {
    const missing = await dana.send(dana.presign('userValidate', { primaryParam: ACTIVE }));
    expect(expectSignedError(missing, 400, 'PARAM_ILLEGAL')).toContain('request.body.productId is required');
    const tooLong = await dana.send(request('1'.repeat(65)));
    expect(expectSignedError(tooLong, 400, 'PARAM_ILLEGAL')).toContain(
      'request.body.primaryParam must be 1-64 characters',
    );
  });

  it('another API’s head.function on this endpoint: a signed 400', async () => {
    // A body this endpoint takes, signed as a Destination Inquiry.
    const inquiry = dana.presign('destinationInquiry', { primaryParam: ACTIVE, productId: BPJS });
    const reply = await dana.send({ ...inquiry, path: DanaPath.userValidate });
    expect(expectSignedError(reply, 400, 'FUNCTION_MISMATCH')).toContain(
      'request.head.function must be dana.digital.goods.user.validate',
    );
  });

  it('a bad signature: a signed 401, and nothing asked or recorded', async () => {
    const signed = request(ACTIVE);
    const tampered = { ...signed, bodyText: signed.bodyText.replace(ACTIVE, INACTIVE) };
    expect(tampered.bodyText).not.toBe(signed.bodyText);
    expectSignedError(await dana.send(tampered), 401, 'INVALID_SIGNATURE');
    expect(await storedEvents(signed.reqMsgId)).toEqual([]);
  });
});
