import type { Clock } from '@kios/dana-protocol';
import { HashChainedEventStore } from './hash-chain/hash-chained.event-store';
import { openEventStore } from './open-event-store';

/**
 * The event store as kios and kios-cli use it: the configured adapter, every append hash-chained
 * so auditors can prove no stored event was altered (issue #7, `kios-cli verify`).
 */
export async function openKiosEventStore(url: string, clock: Clock): Promise<HashChainedEventStore> {
  return new HashChainedEventStore(await openEventStore(url, { clock }));
}
