import type { Product } from '@kios/catalog';
import { idr } from '@kios/dana-protocol';

/** Catalog products of each module, as the simulator and the destination checks see them. */
export function product(overrides: Partial<Product> = {}): Product {
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
    ...overrides,
  };
}

export const telkomselCredit = product();

export const plnPostpaid = product({
  productId: 'PLN-POSTPAID',
  type: 'ELECTRICITY_POSTPAID',
  provider: 'pln',
  name: 'PLN Pascabayar',
  module: 'biller',
  price: idr(0),
  destination: { kind: 'customer_id' },
  pricing: 'bill',
});

export const plnToken = product({
  productId: 'PLN-TOKEN-50K',
  type: 'ELECTRICITY_TOKEN',
  provider: 'pln',
  name: 'Token PLN 50.000',
  module: 'biller',
  price: idr(5_150_000),
  destination: { kind: 'electricity_meter' },
  delivery: 'token',
});

export const mobileLegendsDiamonds = product({
  productId: 'MLBB-86',
  type: 'GAME_TOPUP',
  provider: 'mobile_legends',
  name: 'Mobile Legends 86 Diamonds',
  module: 'games',
  price: idr(2_300_000),
  destination: { kind: 'game_account', zone: true },
});

export const googlePlayVoucher = product({
  productId: 'GPLAY-50K',
  type: 'GAME_VOUCHER',
  provider: 'google_play',
  name: 'Google Play 50.000',
  module: 'games',
  price: idr(5_100_000),
  destination: { kind: 'none' },
  delivery: 'voucher',
});
