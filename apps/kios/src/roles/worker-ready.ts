/**
 * The message a worker process sends the `--role all` process that started it once its projections
 * have read what the store held when it started (docs/architecture.md §1 "Processes and roles"), so
 * that process listens with read models as current as a single process would have them.
 */
export const WORKER_READY = { kios: 'worker-ready' } as const;

export function isWorkerReady(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kios?: unknown }).kios === WORKER_READY.kios
  );
}
