import type { PresignedRequest } from '@kios/dana-protocol';
import { BareSigningServer, type SigningServerStack } from '../bench/support/bare-signing-server';

/*
 * The servers `npm run bench -- create-order` judges kios against do the work their figures claim:
 * each verifies DANA's signature over the bytes sent and signs its answer, so a baseline that skipped
 * either would not pass for a fast one.
 */
const ORDER = {
  requestId: 'BASELINE-1',
  productId: 'TSEL-10K',
  destinationInfo: { primaryParam: '081200000015' },
  danaSellingPrice: { value: '1025000', currency: 'IDR' },
};

describe.each<SigningServerStack>(['node:http', 'nest'])('the verify+sign bench server on %s', (stack) => {
  let server: BareSigningServer;
  beforeAll(async () => {
    server = await BareSigningServer.start({ stack });
  }, 30_000);
  afterAll(() => server?.stop());

  it('answers a signed Create Order SUCCESS, signed with its key', async () => {
    const reply = await server.client.createOrder(ORDER);

    expect(reply.httpStatus).toBe(200);
    expect(reply.signature).toEqual({ ok: true, via: 'raw' });
    expect(reply.envelope.response.head.function).toBe('dana.digital.goods.order.create');
    expect(reply.envelope.response.body.order).toMatchObject({
      requestId: 'BASELINE-1',
      orderStatus: { code: '10', status: 'SUCCESS' },
    });
  });

  it('refuses a request whose bytes differ from what DANA signed', async () => {
    const signed = server.client.presign('createOrder', ORDER);
    const altered = { ...signed, bodyText: signed.bodyText.replace('BASELINE-1', 'BASELINE-2') };

    expect(altered.bodyText).not.toBe(signed.bodyText);
    expect(await statusOf(server, altered)).toBe(401);
    expect(await statusOf(server, signed)).toBe(200);
  });
});

describe('the verify+sign bench server on nest', () => {
  let server: BareSigningServer;
  beforeAll(async () => {
    server = await BareSigningServer.start({ stack: 'nest' });
  }, 30_000);
  afterAll(() => server?.stop());

  it("checks the envelope against kios's Create Order DTO", async () => {
    const { productId: _productId, ...withoutProduct } = ORDER;

    expect(await statusOf(server, server.client.presign('createOrder', withoutProduct))).toBe(400);
  });
});

async function statusOf(server: BareSigningServer, request: PresignedRequest): Promise<number | undefined> {
  let status: number | undefined;
  await server.send(request, (httpStatus) => {
    status = httpStatus;
    return true;
  });
  return status;
}
