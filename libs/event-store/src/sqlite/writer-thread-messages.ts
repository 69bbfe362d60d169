import { ConcurrencyError } from '../concurrency.error';
import type { AppendResult, ExpectedVersion } from '../event-store.port';
import type { WriteStats } from './group-commit';
import type { RowAppend } from './sqlite-writer';

/** What the writer thread is told (WriterThread → sqlite-writer.thread.ts): a batch of appends, or to close. */
export type WriterRequest = { batch: number; appends: RowAppend[] } | 'close';

/** What the writer thread answers: once when its connection is open, then once per batch it was sent. */
export type WriterAnswer =
  | { opened: { synchronous: number } }
  | { batch: number; outcomes: AppendOutcome[]; stats: WriteStats }
  | { failed: SentError };

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: SentError };

/**
 * An error as it crosses to the other thread: a structured clone keeps an Error's message but not
 * its class or its fields, and callers tell a refused expected version (ConcurrencyError) and
 * SQLite's codes (SQLITE_CONSTRAINT_UNIQUE, SQLITE_BUSY) apart.
 */
export type SentError =
  | {
      concurrency: { stream: string; expected: ExpectedVersion; actual: bigint | 'no_stream' };
    }
  | { name: string; message: string; code?: string };

export function sendError(error: unknown): SentError {
  if (error instanceof ConcurrencyError) {
    const { stream, expected, actual } = error;
    return { concurrency: { stream, expected, actual } };
  }
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code } = error as { code?: unknown };
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

export function receivedError(sent: SentError): Error {
  if ('concurrency' in sent) {
    const { stream, expected, actual } = sent.concurrency;
    return new ConcurrencyError(stream, expected, actual);
  }
  return Object.assign(new Error(sent.message), {
    name: sent.name,
    ...(sent.code === undefined ? {} : { code: sent.code }),
  });
}
