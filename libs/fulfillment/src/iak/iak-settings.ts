import type { Product } from '@kios/catalog';

export const IAK_DEFAULTS = {
  /** IAK's sandbox (development key); production is https://prepaid.iak.id/api/. */
  baseUrl: 'https://prepaid.iak.dev/api/',
  /** Below kios's supplier budget (KIOS_SUPPLIER_BUDGET_MS, 5 s), so the adapter's own in_doubt says why. */
  timeoutMs: 4_500,
} as const;

/**
 * The adapter's settings; the environment names they are read from are KIOS_IAK_* (docs/iak.md §7).
 * `apiKey` is a secret: the adapter puts it in no log line, error message or outcome reason.
 */
export type IakSettings = {
  /** IAK's prepaid base URL (KIOS_IAK_URL), paths such as `top-up` under it. */
  baseUrl?: string;
  /** The registered phone number IAK calls the username (KIOS_IAK_USERNAME). */
  username: string;
  /** The development or production API key (KIOS_IAK_API_KEY / _FILE). */
  apiKey: string;
  /** Each call to IAK is given up after this long (KIOS_IAK_TIMEOUT_MS). */
  timeoutMs?: number;
  /** IAK's product_code for a product; undefined: kios does not sell it through IAK. */
  productCodeFor: (product: Product) => string | undefined;
  /** kios's clock: when a ref was first sent, kept with it. */
  now?: () => Date;
};

/**
 * What kios sends as ref_id. IAK asks for a unique ref_id and, on its postpaid page, "alpha_num only
 * without space"; its prepaid pages state no alphabet or length. kios keeps to letters, digits and
 * `-` (its own references, `KIOS-` and 24 hex characters, are 29), at most 36 characters.
 */
export const IAK_REF_ID = /^[A-Za-z0-9-]{1,36}$/;

/** A supplierRef that does not fit IAK_REF_ID: a programming error, never sent. */
export class UnfitIakRef extends Error {
  override readonly name = 'UnfitIakRef';
}

export function assertIakRef(ref: string): void {
  if (!IAK_REF_ID.test(ref)) {
    throw new UnfitIakRef(
      `supplier reference ${JSON.stringify(ref.slice(0, 64))} does not fit IAK's ref_id: ` +
        '1 to 36 letters, digits or "-"',
    );
  }
}
