import {
  CurrentProducts,
  USER_VALIDATE_SUPPLIER_BUDGET_MS,
  userValidationStream,
  ValidateUser,
  ValidateUserHandler,
} from '@kios/ordering';
import type { Destination } from '@kios/fulfillment';
import { mobileLegendsDiamonds, plnPostpaid, telkomselCredit } from '@kios/testing';
import { type FixtureOptions, orderingFixture, T0 } from './ordering.fixture';

/** The ordering fixture (in-memory store, simulator, the sample products of @kios/testing) with User Validate. */
async function userValidation(options: FixtureOptions = {}) {
  const kios = await orderingFixture(options);
  const handler = new ValidateUserHandler(
    kios.store,
    kios.supplier,
    kios.clock,
    kios.settings,
    new CurrentProducts(kios.store),
  );
  let messages = 0;
  return {
    ...kios,
    validate(productId: string, destination: Destination, reqMsgId = `validate-${(messages += 1)}`) {
      return handler.execute(new ValidateUser({ productId, destination }, reqMsgId));
    },
    events(reqMsgId: string) {
      return kios.store.readStream(userValidationStream(reqMsgId));
    },
  };
}

describe('User Validate handler', () => {
  it('given an active account, answers valid with its holder, and records it on the request’s stream', async () => {
    const kios = await userValidation();
    const verdict = await kios.validate(plnPostpaid.productId, { primaryParam: '532110012345' }, 'msg-a');
    expect(verdict).toEqual({ status: 'valid', customerName: expect.stringMatching(/^[A-Z ]+$/) });
    const [event, ...more] = await kios.events('msg-a');
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: 'UserValidated',
      data: {
        reqMsgId: 'msg-a',
        productId: plnPostpaid.productId,
        destination: { primaryParam: '532110012345' },
        outcome: 'valid',
        customerName: verdict.status === 'valid' ? verdict.customerName : undefined,
        validatedAt: T0.toISOString(),
      },
      metadata: { correlationId: 'msg-a', causationId: 'msg-a', schemaVersion: 1 },
    });
  });

  it('given an inactive (…997) or unknown (…998) account, says so and records it, the number whole in the event', async () => {
    const kios = await userValidation();
    await expect(
      kios.validate(plnPostpaid.productId, { primaryParam: '532110012997' }, 'msg-i'),
    ).resolves.toEqual({
      status: 'inactive',
      reason: 'account …2997 is inactive',
    });
    await expect(
      kios.validate(plnPostpaid.productId, { primaryParam: '532110012998' }, 'msg-u'),
    ).resolves.toEqual({
      status: 'unknown',
      reason: 'account …2998 is unknown to the supplier',
    });
    expect((await kios.events('msg-i'))[0].data).toMatchObject({
      destination: { primaryParam: '532110012997' },
      outcome: 'inactive',
      reason: 'account …2997 is inactive',
    });
    expect((await kios.events('msg-u'))[0].data).toMatchObject({ outcome: 'unknown' });
  });

  it('names a game account by its nickname, asked with its zone', async () => {
    const kios = await userValidation();
    const checkAccount = jest.spyOn(kios.supplier, 'checkAccount');
    const verdict = await kios.validate(mobileLegendsDiamonds.productId, {
      primaryParam: '123456789',
      secondaryParam: '2345',
    });
    expect(verdict).toEqual({
      status: 'valid',
      customerName: expect.stringMatching(/^[A-Z][a-z]+[A-Z][a-z]+89$/),
    });
    expect(checkAccount).toHaveBeenCalledWith({
      product: mobileLegendsDiamonds,
      destination: { primaryParam: '123456789', secondaryParam: '2345' },
    });
  });

  it('given a destination that does not fit the product, answers invalid without asking the supplier, and records it', async () => {
    const kios = await userValidation();
    const checkAccount = jest.spyOn(kios.supplier, 'checkAccount');
    await expect(
      kios.validate(telkomselCredit.productId, { primaryParam: '085712345678' }, 'msg-x'),
    ).resolves.toEqual({
      status: 'invalid_destination',
      reason: 'phone number 085712345678 belongs to indosat, not telkomsel',
    });
    expect(checkAccount).not.toHaveBeenCalled();
    expect((await kios.events('msg-x')).map((event) => event.data)).toEqual([
      expect.objectContaining({ outcome: 'invalid_destination' }),
    ]);
  });

  it('given an unknown product, answers what Destination Inquiry answers, asks nothing and records nothing', async () => {
    const kios = await userValidation();
    const checkAccount = jest.spyOn(kios.supplier, 'checkAccount');
    const [inquiry] = await kios.inquire('NOPE', [{ primaryParam: '081234567890' }]);
    const verdict = await kios.validate('NOPE', { primaryParam: '081234567890' }, 'msg-n');
    expect(verdict).toEqual({ status: 'product_not_found', reason: 'product NOPE is not in the catalog' });
    expect(verdict).toEqual({
      status: inquiry.status,
      reason: 'reason' in inquiry ? inquiry.reason : undefined,
    });
    expect(checkAccount).not.toHaveBeenCalled();
    expect(await kios.events('msg-n')).toEqual([]);
  });

  it('given a sold-out product, answers it is not available, as Destination Inquiry does', async () => {
    const kios = await userValidation();
    await expect(kios.validate('TSEL-SOLD-OUT', { primaryParam: '081234567890' })).resolves.toEqual({
      status: 'product_unavailable',
      reason: 'product TSEL-SOLD-OUT is not available at the moment',
    });
  });

  it('given a supplier that does not answer within the budget, answers supplier_unavailable and records nothing', async () => {
    const kios = await userValidation({ supplierBudgetMs: 50 });
    jest.spyOn(kios.supplier, 'checkAccount').mockReturnValueOnce(new Promise(() => undefined));
    await expect(
      kios.validate(plnPostpaid.productId, { primaryParam: '532110012345' }, 'msg-t'),
    ).resolves.toEqual({
      status: 'supplier_unavailable',
      reason: 'the supplier did not answer within 50 ms',
    });
    expect(await kios.events('msg-t')).toEqual([]);
  });

  it('gives the supplier at most 3 s of DANA’s 5 s, whatever the Create Order budget', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const kios = await userValidation({ supplierBudgetMs: 5000 });
      jest.spyOn(kios.supplier, 'checkAccount').mockReturnValueOnce(new Promise(() => undefined));
      const verdict = kios.validate(plnPostpaid.productId, { primaryParam: '532110012345' });
      await jest.advanceTimersByTimeAsync(USER_VALIDATE_SUPPLIER_BUDGET_MS);
      await expect(verdict).resolves.toEqual({
        status: 'supplier_unavailable',
        reason: 'the supplier did not answer within 3000 ms',
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('given the same message again, answers it as recorded without asking the supplier again', async () => {
    const kios = await userValidation();
    const first = await kios.validate(plnPostpaid.productId, { primaryParam: '532110012345' }, 'msg-r');
    const checkAccount = jest.spyOn(kios.supplier, 'checkAccount');
    const again = await kios.validate(plnPostpaid.productId, { primaryParam: '532110012345' }, 'msg-r');
    expect(again).toEqual(first);
    expect(checkAccount).not.toHaveBeenCalled();
    expect(await kios.events('msg-r')).toHaveLength(1);
  });

  it('given two deliveries of one message at once, records one answer and gives both that answer', async () => {
    const kios = await userValidation();
    const [one, two] = await Promise.all([
      kios.validate(plnPostpaid.productId, { primaryParam: '532110012997' }, 'msg-c'),
      kios.validate(plnPostpaid.productId, { primaryParam: '532110012997' }, 'msg-c'),
    ]);
    expect(one).toEqual(two);
    expect(await kios.events('msg-c')).toHaveLength(1);
  });
});
