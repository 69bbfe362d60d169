/**
 * What a `--role all` process and the worker process it started tell each other over their IPC
 * channel (docs/architecture.md §1 "Processes and roles").
 */
export type WorkerMessage =
  /** Worker → kios: may I open the stores? (asked once it listens: a message nobody listens to is lost) */
  | { kios: 'stores?' }
  /** kios → worker: this process's stores are open and migrated; open yours. */
  | { kios: 'stores-ready' }
  /** Worker → kios: the projections it runs have caught up with the store as of its start. */
  | { kios: 'worker-ready' }
  /** kios → worker: send your metrics. */
  | { kios: 'metrics?'; id: number }
  /** Worker → kios: its registry's getMetricsAsJSON(). */
  | { kios: 'metrics'; id: number; metrics: object[] };

export const WORKER_READY: WorkerMessage = { kios: 'worker-ready' };
export const STORES_ASKED: WorkerMessage = { kios: 'stores?' };
export const STORES_READY: WorkerMessage = { kios: 'stores-ready' };

export function isWorkerMessage<K extends WorkerMessage['kios']>(
  message: unknown,
  kind: K,
): message is Extract<WorkerMessage, { kios: K }> {
  return typeof message === 'object' && message !== null && (message as { kios?: unknown }).kios === kind;
}
