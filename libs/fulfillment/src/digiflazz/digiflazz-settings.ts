import type { Product } from '@kios/catalog';
import type { Money } from '@kios/dana-protocol';

/**
 * How long after its first call a ref_id may be sent again. Digiflazz checks a prepaid
 * transaction's status by the same topup sent again with the same ref_id; more than 90 days after
 * the first, that repeat makes a NEW transaction (https://developer.digiflazz.com/api/buyer/cek-status:
 * "Jangan pernah mencoba untuk melakukan Cek Status terhadap transaksi yang sudah lewat 90 HARI").
 * The guard belongs to the caller, which knows when an order was placed; this adapter refuses too
 * when it knows the first call's time. See docs/digiflazz.md "The 90-day horizon".
 */
export const DIGIFLAZZ_REF_HORIZON_MS = 90 * 24 * 60 * 60 * 1000;

export const DIGIFLAZZ_DEFAULTS = {
  baseUrl: 'https://api.digiflazz.com',
  /** Below kios's supplier budget (KIOS_SUPPLIER_BUDGET_MS, 5 s), so the adapter's own in_doubt says why. */
  timeoutMs: 4_500,
  /** Digiflazz asks for no repeated call about one transaction within a minute. */
  statusCheckMinIntervalMs: 60_000,
  /** A filtered price list is 10–15 minutes stale anyway; a full one is allowed once per 5 minutes (rc 83). */
  priceListTtlMs: 15 * 60_000,
  /** After an rc 83 the price list is not asked again for this long (doubling, up to the TTL). */
  priceListBackoffMs: 5 * 60_000,
  refHorizonMs: DIGIFLAZZ_REF_HORIZON_MS,
} as const;

/**
 * The adapter's settings, typed; the environment names they will be read from are in
 * docs/digiflazz.md (KIOS_DIGIFLAZZ_*). `key` and `webhookSecret` are secrets: the adapter puts them
 * in no log line, error message or outcome reason.
 */
export type DigiflazzSettings = {
  /** Digiflazz's origin (KIOS_DIGIFLAZZ_URL); paths under it start with `/v1/`. */
  baseUrl?: string;
  username: string;
  /** The production or the development API key (KIOS_DIGIFLAZZ_KEY / _KEY_FILE). */
  key: string;
  /** Sends `testing: true` with every transaction (KIOS_DIGIFLAZZ_TESTING; use the development key). */
  testing?: boolean;
  /** Each call to Digiflazz is given up after this long (KIOS_DIGIFLAZZ_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Digiflazz's buyer_sku_code for a product; undefined: kios does not sell it through Digiflazz. */
  skuFor: (product: Product) => string | undefined;
  /** The most kios pays Digiflazz for a product (`max_price`, whole rupiah); none: no limit sent. */
  maxPriceFor?: (product: Product) => Money | undefined;
  /** Sent as `cb_url` with each transaction, for a webhook other than the account's static one. */
  callbackUrl?: string;
  /** A pending transaction is asked about again no sooner than this; meanwhile it is still pending. */
  statusCheckMinIntervalMs?: number;
  priceListTtlMs?: number;
  priceListBackoffMs?: number;
  /** See DIGIFLAZZ_REF_HORIZON_MS; tests shorten it. */
  refHorizonMs?: number;
  now?: () => Date;
};

/**
 * What kios sends as ref_id. Digiflazz's pages ask for a unique ref_id and state no length or
 * alphabet; kios keeps to what every Digiflazz connection carries (its Jabber format sends the
 * ref after `R#`): letters, digits, `-` and `_`, at most 36 characters. kios's own references
 * (`KIOS-` and 24 hex characters, supplierReferenceFor) are 29.
 */
export const DIGIFLAZZ_REF_ID = /^[A-Za-z0-9_-]{1,36}$/;

/** A supplierRef that does not fit DIGIFLAZZ_REF_ID: a programming error, never sent. */
export class UnfitDigiflazzRef extends Error {
  override readonly name = 'UnfitDigiflazzRef';
}

export function assertDigiflazzRef(ref: string): void {
  if (!DIGIFLAZZ_REF_ID.test(ref)) {
    throw new UnfitDigiflazzRef(
      `supplier reference ${JSON.stringify(ref.slice(0, 64))} does not fit Digiflazz's ref_id: ` +
        '1 to 36 letters, digits, "-" or "_"',
    );
  }
}
