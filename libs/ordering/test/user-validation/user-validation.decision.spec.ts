import type { ProductState } from '@kios/catalog';
import type { AccountOutcome, AccountRequest, Destination } from '@kios/fulfillment';
import {
  afterAccountCheck,
  beforeAccountCheck,
  type DeadlineOutcome,
  type UserValidationStep,
  type UserValidationVerdict,
} from '@kios/ordering';
import { mobileLegendsDiamonds, plnPostpaid, telkomselCredit } from '@kios/testing';

const listed = (product = plnPostpaid): ProductState => ({ status: 'listed', product });

/** given the product as stored, when DANA asks about `destination`, then User Validate first does `expected`. */
const before = {
  given(product: ProductState, productId = plnPostpaid.productId) {
    return {
      when(destination: Destination) {
        return {
          then(expected: UserValidationStep) {
            expect(beforeAccountCheck(productId, product, destination)).toEqual(expected);
          },
        };
      },
    };
  },
};

const PLN_REQUEST: AccountRequest = { product: plnPostpaid, destination: { primaryParam: '532110012997' } };

/** given the account check asked, when the supplier answered (or did not), then DANA is told `expected`. */
const after = {
  given(request: AccountRequest) {
    return {
      when(answer: DeadlineOutcome<AccountOutcome>) {
        return {
          then(expected: UserValidationVerdict) {
            expect(afterAccountCheck(request, answer)).toEqual(expected);
          },
        };
      },
    };
  },
};
const answered = (value: AccountOutcome): DeadlineOutcome<AccountOutcome> => ({ answered: true, value });

describe('user validation decision', () => {
  describe('before asking the supplier', () => {
    it('asks about an account that fits a product on sale, in canonical form', () =>
      before
        .given(listed())
        .when({ primaryParam: ' 532110012345 ' })
        .then({ ask: { product: plnPostpaid, destination: { primaryParam: '532110012345' } } }));

    it('keeps a game account’s zone', () =>
      before
        .given(listed(mobileLegendsDiamonds), mobileLegendsDiamonds.productId)
        .when({ primaryParam: '123456345', secondaryParam: '2345' })
        .then({
          ask: {
            product: mobileLegendsDiamonds,
            destination: { primaryParam: '123456345', secondaryParam: '2345' },
          },
        }));

    it('answers a product not in the catalog as Destination Inquiry does', () =>
      before
        .given({ status: 'unlisted' }, 'NOPE')
        .when({ primaryParam: '532110012345' })
        .then({ answer: { status: 'product_not_found', reason: 'product NOPE is not in the catalog' } }));

    it('answers a delisted product as no longer sold', () =>
      before
        .given({ status: 'delisted', product: plnPostpaid })
        .when({ primaryParam: '532110012345' })
        .then({
          answer: { status: 'product_not_found', reason: 'product PLN-POSTPAID is no longer sold' },
        }));

    it('answers a product that is not available at the moment without asking', () =>
      before
        .given(listed({ ...plnPostpaid, available: false }))
        .when({ primaryParam: '532110012345' })
        .then({
          answer: {
            status: 'product_unavailable',
            reason: 'product PLN-POSTPAID is not available at the moment',
          },
        }));

    it('answers a destination that does not fit the product without asking', () =>
      before
        .given(listed(telkomselCredit), telkomselCredit.productId)
        .when({ primaryParam: '085712345678' })
        .then({
          answer: {
            status: 'invalid_destination',
            reason: 'phone number 085712345678 belongs to indosat, not telkomsel',
          },
        }));
  });

  describe('after asking the supplier', () => {
    it('tells a valid, active account with its holder’s name', () =>
      after
        .given(PLN_REQUEST)
        .when(answered({ status: 'active', customerName: 'SRI WAHYUNI' }))
        .then({ status: 'valid', customerName: 'SRI WAHYUNI' }));

    it('tells a valid account without a name when the supplier gave none', () =>
      after
        .given(PLN_REQUEST)
        .when(answered({ status: 'active' }))
        .then({ status: 'valid' }));

    it('says an inactive account is inactive, naming only its last four digits', () =>
      after
        .given(PLN_REQUEST)
        .when(answered({ status: 'inactive' }))
        .then({ status: 'inactive', reason: 'account …2997 is inactive' }));

    it('says an unknown account is unknown', () =>
      after
        .given(PLN_REQUEST)
        .when(answered({ status: 'unknown' }))
        .then({ status: 'unknown', reason: 'account …2997 is unknown to the supplier' }));

    it('tells no verdict on the account when the supplier did not answer', () =>
      after
        .given(PLN_REQUEST)
        .when({ answered: false, reason: 'the supplier did not answer within 3000 ms' })
        .then({ status: 'supplier_unavailable', reason: 'the supplier did not answer within 3000 ms' }));
  });
});
