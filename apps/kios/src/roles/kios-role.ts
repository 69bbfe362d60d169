import { ConfigError } from '@kios/config';
import type { KiosConfig } from '../config/kios-config';

/**
 * What a kios process does (docs/architecture.md §1 "Processes and roles"): `api` answers DANA and
 * the admin API and runs no background processor; `worker` runs the background processors (those
 * whose leases it holds) and serves no HTTP; `all`, the default, is both — the API in this process
 * and the processors in a worker process of its own that it starts and stops.
 */
export type KiosRole = 'all' | 'api' | 'worker';

/**
 * Whether this process runs the background processors itself: a worker does; `all` does only on
 * the in-memory event store, which another process cannot open.
 */
export function runsProcessorsHere(config: Pick<KiosConfig, 'role' | 'eventStore'>): boolean {
  return config.role === 'worker' || (config.role === 'all' && !storeIsShareable(config));
}

/** Whether this process starts a worker process beside it for the background processors. */
export function startsWorkerProcess(config: Pick<KiosConfig, 'role' | 'eventStore'>): boolean {
  return config.role === 'all' && storeIsShareable(config);
}

function storeIsShareable(config: Pick<KiosConfig, 'eventStore'>): boolean {
  return config.eventStore !== 'memory:';
}

/**
 * `--role api|worker|all` from the command line, which wins over KIOS_ROLE: answers the
 * environment to read the configuration from, whose check refuses a role it does not know.
 */
export function withRoleArgument(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const at = argv.findIndex((arg) => arg === '--role' || arg.startsWith('--role='));
  if (at === -1) return env;
  const role = argv[at].startsWith('--role=') ? argv[at].slice('--role='.length) : argv[at + 1];
  if (!role || role.startsWith('--'))
    throw new ConfigError('--role needs a value: all, api or worker (KIOS_ROLE)');
  return { ...env, KIOS_ROLE: role };
}
