import { randomBytes } from 'node:crypto';
import { formatDanaTime } from '@kios/dana-protocol';

/**
 * A fresh DANA requestId: a prefix, the GMT+7 time as digits (DANA's own ids start with it), and
 * random hex so two runs in one second never share one. 27 characters with `SIM`, within docs/dana-protocol.md §3.3's 64.
 */
export function newRequestId(now: Date, prefix = 'SIM'): string {
  const time = formatDanaTime(now).replace(/\D/g, '').slice(0, 14);
  return `${prefix}${time}-${randomBytes(5).toString('hex').toUpperCase()}`;
}
