import { formatDanaTime, type Money } from '@kios/dana-protocol';
import { RC_PRICE_LIST_LIMIT } from './digiflazz-codes';
import { DigiflazzCallError, describeTransportFailure, type DigiflazzReply } from './digiflazz-client';
import { rupiahToMinor } from './digiflazz-money';

/** `prepaid` (topups, vouchers, tokens) or `pasca` (bills). */
export type DigiflazzPriceListCmd = 'prepaid' | 'pasca';

/** One product of Digiflazz's price list, amounts in minor units. */
export type DigiflazzPriceListEntry = {
  sku: string;
  name: string;
  category?: string;
  brand?: string;
  /** Prepaid: what Digiflazz charges kios. */
  price?: Money;
  /** Postpaid: the admin fee per bill, and kios's commission on it. */
  admin?: Money;
  commission?: Money;
  /** Both the buyer's and the seller's product status are on. */
  available: boolean;
  raw: Record<string, unknown>;
};

export type DigiflazzPriceListSnapshot = {
  cmd: DigiflazzPriceListCmd;
  entries: DigiflazzPriceListEntry[];
  fetchedAt: Date;
  /** Older than the cache's time to live: Digiflazz could not be asked again (rc 83 backoff, or a failed call). */
  stale: boolean;
  /** Why a stale list was served: what the call failed with, and its rc when Digiflazz gave one (83: too often). */
  staleBecause?: { reason: string; rc?: string };
};

export type PriceListCacheOptions = {
  ttlMs: number;
  /** The first wait after an rc 83; each further rc 83 doubles it, up to ttlMs. */
  backoffMs: number;
  now: () => Date;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const amount = (value: unknown): Money | undefined =>
  value === undefined ? undefined : rupiahToMinor(value);

function entryOf(raw: Record<string, unknown>): DigiflazzPriceListEntry {
  const sku = text(raw.buyer_sku_code);
  if (!sku) throw new DigiflazzCallError('a price-list entry has no buyer_sku_code');
  return {
    sku,
    name: text(raw.product_name) ?? sku,
    ...(text(raw.category) ? { category: text(raw.category) } : {}),
    ...(text(raw.brand) ? { brand: text(raw.brand) } : {}),
    ...(raw.price !== undefined ? { price: amount(raw.price) } : {}),
    ...(raw.admin !== undefined ? { admin: amount(raw.admin) } : {}),
    ...(raw.commission !== undefined ? { commission: amount(raw.commission) } : {}),
    available: raw.buyer_product_status === true && raw.seller_product_status === true,
    raw,
  };
}

/** The list in a reply, or the rc and message Digiflazz refused with. */
function readPriceList(reply: DigiflazzReply): DigiflazzPriceListEntry[] | { rc?: string; reason: string } {
  if (!reply.ok) return { reason: describeTransportFailure(reply.failure) };
  const data = (reply.body as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) {
    return data.filter((item) => typeof item === 'object' && item !== null).map((item) => entryOf(item));
  }
  const refusal = (data ?? {}) as { rc?: unknown; message?: unknown };
  const rc = text(refusal.rc);
  return {
    rc,
    reason: rc
      ? `Digiflazz answered rc ${rc} (${text(refusal.message) ?? ''})`
      : 'Digiflazz sent no price list',
  };
}

/**
 * Digiflazz's price lists, kept for `ttlMs`: Digiflazz allows a full list once per 5 minutes (rc 83
 * beyond) and a filtered one is 10–15 minutes stale anyway. After an rc 83 nothing is asked for a
 * backoff that doubles with each further rc 83; meanwhile the last list is served, marked stale.
 * Overlapping calls for one cmd share one request.
 */
export class DigiflazzPriceListCache {
  private readonly lists = new Map<DigiflazzPriceListCmd, DigiflazzPriceListSnapshot>();
  private readonly backoff = new Map<DigiflazzPriceListCmd, { until: number; waitMs: number }>();
  private readonly fetching = new Map<DigiflazzPriceListCmd, Promise<DigiflazzPriceListSnapshot>>();

  constructor(
    private readonly fetchList: (cmd: DigiflazzPriceListCmd) => Promise<DigiflazzReply>,
    private readonly options: PriceListCacheOptions,
  ) {}

  async get(cmd: DigiflazzPriceListCmd): Promise<DigiflazzPriceListSnapshot> {
    const now = this.options.now().getTime();
    const cached = this.lists.get(cmd);
    if (cached && now - cached.fetchedAt.getTime() < this.options.ttlMs) return cached;
    const backoff = this.backoff.get(cmd);
    if (backoff && now < backoff.until) {
      return this.staleOr(
        cached,
        new DigiflazzCallError(
          `Digiflazz's ${cmd} price list is rate-limited (rc 83); asked again after ${formatDanaTime(new Date(backoff.until))}`,
          RC_PRICE_LIST_LIMIT,
        ),
      );
    }
    const running = this.fetching.get(cmd);
    if (running) return running;
    const fetched = this.fetch(cmd, cached).finally(() => this.fetching.delete(cmd));
    this.fetching.set(cmd, fetched);
    return fetched;
  }

  private async fetch(
    cmd: DigiflazzPriceListCmd,
    cached: DigiflazzPriceListSnapshot | undefined,
  ): Promise<DigiflazzPriceListSnapshot> {
    const list = readPriceList(await this.fetchList(cmd));
    const now = this.options.now();
    if (Array.isArray(list)) {
      const snapshot = { cmd, entries: list, fetchedAt: now, stale: false };
      this.lists.set(cmd, snapshot);
      this.backoff.delete(cmd);
      return snapshot;
    }
    if (list.rc === RC_PRICE_LIST_LIMIT) {
      const previous = this.backoff.get(cmd)?.waitMs;
      const waitMs = Math.min(
        previous === undefined ? this.options.backoffMs : previous * 2,
        this.options.ttlMs,
      );
      this.backoff.set(cmd, { until: now.getTime() + waitMs, waitMs });
    }
    return this.staleOr(cached, new DigiflazzCallError(`${cmd} price list: ${list.reason}`, list.rc));
  }

  private staleOr(
    cached: DigiflazzPriceListSnapshot | undefined,
    error: DigiflazzCallError,
  ): DigiflazzPriceListSnapshot {
    if (cached) {
      return {
        ...cached,
        stale: true,
        staleBecause: { reason: error.message, ...(error.rc ? { rc: error.rc } : {}) },
      };
    }
    throw error;
  }
}
