import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who this replica is in the lease table (docs/architecture.md §1 "Leases"): host and pid tell an
 * operator which process to look at; the random suffix keeps a restarted process that got the same
 * pid (a container's pid 1) from being taken for its predecessor.
 */
export function newLeaseHolder(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}
