import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, HashChainedEventStore, SqliteEventStore } from '@kios/event-store';
import { KIOS_CONFIG, type KiosConfig } from '../../config/kios-config';
import { Gauge } from 'prom-client';
import { KiosMetrics } from './kios-metrics';

/**
 * What this process's SQLite event store did since it opened (docs/architecture.md §5 "group
 * commit"): its writer's commits, appends and SQL statements, and the statements its reads ran, so
 * appends per commit and statements per order can be read from /metrics (npm run bench --
 * create-order does). Absent on other stores.
 */
@Injectable()
export class EventStoreWriteGauges {
  constructor(
    metrics: KiosMetrics,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(KIOS_CONFIG) { role }: Pick<KiosConfig, 'role'>,
  ) {
    const sqlite = sqliteUnder(store);
    if (!sqlite) return;
    const gauge = (name: string, help: string, read: () => number) => {
      // Labelled with the process's role: a `--role all` process's /metrics shows its worker's beside its own.
      const created: Gauge<'role'> = new Gauge({
        name,
        help,
        labelNames: ['role'] as const,
        registers: [metrics.registry],
        collect: () => created.set({ role }, read()),
      });
    };
    gauge(
      'kios_event_store_commits',
      'Transactions the SQLite event store writer committed since this process started',
      () => sqlite.writeStats().commits,
    );
    gauge(
      'kios_event_store_appends',
      'Appends the SQLite event store writer committed since this process started',
      () => sqlite.writeStats().appends,
    );
    gauge(
      'kios_event_store_statements',
      'SQL statements the SQLite event store writer ran for appends since this process started',
      () => sqlite.writeStats().statements,
    );
    gauge(
      'kios_event_store_read_statements',
      'SQL statements the SQLite event store ran for reads (streams, $all pages, the head) since this process started',
      () => sqlite.readStats().statements,
    );
  }
}

function sqliteUnder(store: EventStore): SqliteEventStore | undefined {
  if (store instanceof SqliteEventStore) return store;
  if (store instanceof HashChainedEventStore) return sqliteUnder(store.underlying);
  return undefined;
}
