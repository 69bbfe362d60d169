import { parentPort, workerData } from 'node:worker_threads';
import type { AppendResult } from '../event-store.port';
import { openEventsDatabase, type SqliteSynchronous } from '../sqlite.schema';
import { InlineWriter } from './sqlite-writer';
import {
  type AppendOutcome,
  sendError,
  type WriterAnswer,
  type WriterRequest,
} from './writer-thread-messages';

/**
 * The writer thread of an SQLite event store (WriterThread): its own connection to the store's file,
 * and InlineWriter on it. The batches it receives in one turn (those sent while it committed the
 * last) are submitted together, so they commit in one transaction (one fsync with
 * synchronous=FULL) while the thread that sent them goes on serving.
 */
const { file, synchronous } = workerData as { file: string; synchronous: SqliteSynchronous };
const port = parentPort!;

function answer(message: WriterAnswer): void {
  port.postMessage(message);
}

try {
  const db = openEventsDatabase(file, synchronous);
  const writer = new InlineWriter(db, () => undefined);
  port.on('message', (request: WriterRequest) => {
    if (request === 'close') {
      db.close();
      port.close();
      return;
    }
    void Promise.allSettled(request.appends.map((append) => writer.append(append))).then((settled) =>
      answer({ batch: request.batch, outcomes: settled.map(toOutcome), stats: writer.stats() }),
    );
  });
  answer({ opened: { synchronous: db.pragma('synchronous', { simple: true }) as number } });
} catch (error) {
  answer({ failed: sendError(error) });
}

function toOutcome(settled: PromiseSettledResult<AppendResult>): AppendOutcome {
  return settled.status === 'fulfilled'
    ? { ok: true, result: settled.value }
    : { ok: false, error: sendError(settled.reason) };
}
