import type { Clock } from '@kios/dana-protocol';
import { HashChainedEventStore } from './hash-chain/hash-chained.event-store';
import { openEventStore } from './open-event-store';

export interface KiosEventStoreOptions {
  /** `KIOS_SQLITE_SYNC` for an SQLite store: `full` (the default) or `normal` (docs/architecture.md §5). */
  sqliteSync?: 'normal' | 'full';
}

/**
 * The event store as kios and kios-cli use it: the configured adapter, every append hash-chained
 * so auditors can prove no stored event was altered (issue #7, `kios-cli verify`).
 */
export async function openKiosEventStore(
  url: string,
  clock: Clock,
  options: KiosEventStoreOptions = {},
): Promise<HashChainedEventStore> {
  const synchronous = options.sqliteSync === 'normal' ? 'NORMAL' : 'FULL';
  return new HashChainedEventStore(await openEventStore(url, { clock, sqlite: { synchronous } }));
}
