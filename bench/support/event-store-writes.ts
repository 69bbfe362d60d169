import type { KiosChild } from './kios-child';

/** The request process's event store counters since it started (EventStoreWriteGauges). */
export type StoreWrites = { commits: number; appends: number; statements: number; readStatements: number };

/** Read from kios's /metrics: the counters of the role that answers DANA (`all`, or `api`). */
export async function storeWrites(kios: KiosChild): Promise<StoreWrites> {
  const text = await (await fetch(`${kios.baseUrl}/metrics`)).text();
  const counter = (name: string) => {
    const match = new RegExp(`^${name}\\{role="(?:all|api)"\\} (\\d+)$`, 'm').exec(text);
    if (!match) throw new Error(`kios's /metrics has no ${name}`);
    return Number(match[1]);
  };
  return {
    commits: counter('kios_event_store_commits'),
    appends: counter('kios_event_store_appends'),
    statements: counter('kios_event_store_statements'),
    readStatements: counter('kios_event_store_read_statements'),
  };
}
