import type { RequestLogEntry } from '../apps/supplier-sim/src';

/**
 * What supplier-sim's own request log shows against kios's promise never to buy twice for one order
 * (docs/digiflazz.md §4): a ref_id that made more than one transaction of the same command (two
 * top-ups, two bill payments), or a call Digiflazz would refuse as "Ref ID tidak unik" (rc 49: kios
 * sent one ref_id for two different purchases). One line per problem; none when the log is clean.
 */
export function purchasesBoughtTwice(log: readonly RequestLogEntry[]): string[] {
  const made = new Map<string, number>();
  const problems: string[] = [];
  for (const entry of log) {
    if (entry.path !== '/v1/transaction' || !entry.ref_id) continue;
    if (entry.rc === '49') {
      problems.push(`ref_id ${entry.ref_id} was sent for another purchase (${describe(entry)}): rc 49`);
    }
    if (!entry.created) continue;
    const key = `${entry.ref_id} ${entry.command ?? 'topup'}`;
    made.set(key, (made.get(key) ?? 0) + 1);
  }
  for (const [key, count] of made) {
    if (count > 1) {
      const [refId, command] = key.split(' ');
      problems.push(`ref_id ${refId} made ${count} ${command} transactions`);
    }
  }
  return problems;
}

/** The transaction calls in the log by command, e.g. "topup 20, inq-pasca 12, pay-pasca 6". */
export function transactionCallsByCommand(log: readonly RequestLogEntry[]): string {
  const calls = new Map<string, number>();
  for (const entry of log) {
    if (entry.path !== '/v1/transaction') continue;
    const command = entry.command ?? 'unread';
    calls.set(command, (calls.get(command) ?? 0) + 1);
  }
  return [...calls].map(([command, count]) => `${command} ${count}`).join(', ');
}

function describe(entry: RequestLogEntry): string {
  return `${entry.command ?? 'topup'} of ${entry.sku} for ${entry.customer_no}`;
}
