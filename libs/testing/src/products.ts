import type { Product } from '@kios/catalog';
import { idr } from '@kios/dana-protocol';

/** A catalog product for tests: Telkomsel credit, changed by `overrides`. */
export function aProduct(overrides: Partial<Product> = {}): Product {
  return {
    productId: 'TSEL-10K',
    type: 'MOBILE_CREDIT',
    provider: 'telkomsel',
    name: 'Telkomsel Pulsa 10.000',
    module: 'telco',
    price: idr(1_025_000),
    available: true,
    destination: { kind: 'phone' },
    pricing: 'fixed',
    delivery: 'serial',
    offers: [],
    ...overrides,
  };
}

/** One product of each module, destination shape and delivery, as the tests of every lib use them. */
export const telkomselCredit = aProduct();

export const plnPostpaid = aProduct({
  productId: 'PLN-POSTPAID',
  type: 'ELECTRICITY_POSTPAID',
  provider: 'pln',
  name: 'PLN Pascabayar',
  module: 'biller',
  price: idr(0),
  destination: { kind: 'customer_id' },
  pricing: 'bill',
});

export const plnToken = aProduct({
  productId: 'PLN-TOKEN-50K',
  type: 'ELECTRICITY_TOKEN',
  provider: 'pln',
  name: 'Token PLN 50.000',
  module: 'biller',
  price: idr(5_150_000),
  destination: { kind: 'electricity_meter' },
  delivery: 'token',
});

export const mobileLegendsDiamonds = aProduct({
  productId: 'MLBB-86',
  type: 'GAME_TOPUP',
  provider: 'mobile-legends',
  name: 'Mobile Legends 86 Diamonds',
  module: 'games',
  price: idr(2_350_000),
  destination: { kind: 'game_account', zone: true },
});

export const googlePlayVoucher = aProduct({
  productId: 'GPLAY-50K',
  type: 'GAME_VOUCHER',
  provider: 'google_play',
  name: 'Google Play 50.000',
  module: 'games',
  price: idr(5_100_000),
  destination: { kind: 'none' },
  delivery: 'voucher',
});
