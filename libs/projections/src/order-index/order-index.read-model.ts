import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { OrderDetailStatus } from '../order-detail/order-detail.row';
import { destinationSearchKey } from './destination-key';
import { OrderIndexRow } from './order-index.row';

/** The statuses an order can be found in, as the index stores them. */
export const ORDER_INDEX_STATUSES: readonly OrderDetailStatus[] = [
  'placed',
  'requested',
  'pending',
  'in_doubt',
  'succeeded',
  'failed',
];

/** What to look for; every field given must match. `from` is inclusive, `to` exclusive (created_at). */
export type OrderIndexFilter = {
  requestId?: string;
  orderId?: string;
  /** Any way of writing the destination's number (destinationSearchKey). */
  destination?: string;
  productId?: string;
  status?: OrderDetailStatus;
  from?: Date;
  to?: Date;
};

/** `cursor`: the `next` of the page before; `limit`: rows per page. */
export type OrderIndexPage = { cursor?: string; limit?: number };

export type OrderIndexResult = { rows: OrderIndexRow[]; next?: string };

export const ORDER_SEARCH_LIMIT = { default: 50, max: 500 } as const;
const DEFAULT_STREAM_CHUNK = 1_000;

/** A search that cannot be run as asked; `parameter` names what to fix (the admin API answers 400 with it). */
export class InvalidOrderSearch extends Error {
  override readonly name = 'InvalidOrderSearch';
  constructor(
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`${parameter}: ${reason}`);
  }
}

/** Where a page ended: the last row's place in (created_at, request_id) order. */
type Key = { createdAt: string; requestId: string };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The cursor is the key, opaque to callers: base64url of its JSON. */
function encodeCursor({ createdAt, requestId }: Key): string {
  return Buffer.from(JSON.stringify([createdAt, requestId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Key {
  const invalid = new InvalidOrderSearch('cursor', 'not a cursor an order search gave');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid;
  const [createdAt, requestId] = decoded as unknown[];
  if (typeof createdAt !== 'string' || !ISO_INSTANT.test(createdAt) || typeof requestId !== 'string') {
    throw invalid;
  }
  return { createdAt, requestId };
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return ORDER_SEARCH_LIMIT.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > ORDER_SEARCH_LIMIT.max) {
    throw new InvalidOrderSearch('limit', `must be a whole number from 1 to ${ORDER_SEARCH_LIMIT.max}`);
  }
  return limit;
}

function checkedInstant(name: 'from' | 'to', instant: Date | undefined): string | undefined {
  if (instant === undefined) return undefined;
  if (Number.isNaN(instant.getTime())) throw new InvalidOrderSearch(name, 'is not a time');
  return instant.toISOString();
}

/**
 * Queries over the `order_index` projection. Both ways of reading go by keyset over (created_at,
 * request_id), never by offset: a page costs the same however deep, and a row written while an
 * operator pages (a new order) neither repeats nor hides a row of the pages after. The keyset is a
 * row-value comparison, `(created_at, request_id) > (…)`: PostgreSQL and SQLite both seek the
 * `order_index_created_at` index with it, where the equivalent OR of two comparisons makes
 * PostgreSQL scan the index from its start and filter, every chunk of an export again.
 */
export class OrderIndexReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of the orders matching `filter`, newest first; `next` when more follow. */
  async find(filter: OrderIndexFilter, page: OrderIndexPage = {}): Promise<OrderIndexResult> {
    const limit = pageLimit(page.limit);
    const query = this.matching(filter);
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor);
      query.andWhere('(o.createdAt, o.requestId) < (:afterCreatedAt, :afterRequestId)', {
        afterCreatedAt: after.createdAt,
        afterRequestId: after.requestId,
      });
    }
    const rows = await query
      .orderBy('o.createdAt', 'DESC')
      .addOrderBy('o.requestId', 'DESC')
      .limit(limit + 1)
      .getMany();
    if (rows.length <= limit) return { rows };
    const shown = rows.slice(0, limit);
    return { rows: shown, next: encodeCursor(shown[shown.length - 1]) };
  }

  /** How many orders match `filter`: one indexed count (the export's progress bar shows it as the total). */
  async count(filter: OrderIndexFilter): Promise<number> {
    return this.matching(filter).getCount();
  }

  /**
   * Every order matching `filter`, oldest first, read `chunk` rows at a time (never the whole
   * table at once): the reconciliation export streams it.
   */
  async *stream(filter: OrderIndexFilter, options: { chunk?: number } = {}): AsyncIterable<OrderIndexRow> {
    const chunk = options.chunk ?? DEFAULT_STREAM_CHUNK;
    if (!Number.isInteger(chunk) || chunk < 1)
      throw new InvalidOrderSearch('chunk', 'must be a whole number above 0');
    let after: Key | undefined;
    for (;;) {
      const query = this.matching(filter);
      if (after) {
        query.andWhere('(o.createdAt, o.requestId) > (:afterCreatedAt, :afterRequestId)', {
          afterCreatedAt: after.createdAt,
          afterRequestId: after.requestId,
        });
      }
      const rows = await query
        .orderBy('o.createdAt', 'ASC')
        .addOrderBy('o.requestId', 'ASC')
        .limit(chunk)
        .getMany();
      yield* rows;
      if (rows.length < chunk) return;
      after = rows[rows.length - 1];
    }
  }

  private matching(filter: OrderIndexFilter): SelectQueryBuilder<OrderIndexRow> {
    const query = this.dataSource.getRepository(OrderIndexRow).createQueryBuilder('o');
    const from = checkedInstant('from', filter.from);
    const to = checkedInstant('to', filter.to);
    if (from !== undefined && to !== undefined && to <= from) {
      throw new InvalidOrderSearch('to', 'must be later than from');
    }
    if (filter.status !== undefined && !ORDER_INDEX_STATUSES.includes(filter.status)) {
      throw new InvalidOrderSearch('status', `must be one of ${ORDER_INDEX_STATUSES.join(', ')}`);
    }
    if (filter.requestId !== undefined)
      query.andWhere('o.requestId = :requestId', { requestId: filter.requestId });
    if (filter.orderId !== undefined) query.andWhere('o.orderId = :orderId', { orderId: filter.orderId });
    if (filter.destination !== undefined) {
      query.andWhere('o.destinationKey = :destinationKey', {
        destinationKey: destinationSearchKey(filter.destination),
      });
    }
    if (filter.productId !== undefined)
      query.andWhere('o.productId = :productId', { productId: filter.productId });
    if (filter.status !== undefined) query.andWhere('o.status = :status', { status: filter.status });
    if (from !== undefined) query.andWhere('o.createdAt >= :from', { from });
    if (to !== undefined) query.andWhere('o.createdAt < :to', { to });
    return query;
  }
}
