/**
 * `items` in consecutive slices whose lengths are powers of two, each at most `max` (itself a power
 * of two), largest first: 13 items come as 8, 4 and 1. A statement written for a slice (`IN (…)`
 * with a placeholder per key, `VALUES (…), (…)` with a tuple per row) then has one of a handful of
 * texts, so the driver's cache of prepared statements keeps them all instead of preparing a new
 * text for every batch size.
 */
export function* powerOfTwoChunks<T>(items: readonly T[], max: number): Generator<T[]> {
  for (let from = 0; from < items.length;) {
    let size = max;
    while (size > items.length - from) size /= 2;
    yield items.slice(from, from + size);
    from += size;
  }
}
