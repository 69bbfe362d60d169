import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openEventsDatabase } from '../src/sqlite.schema';
import type { RowAppend } from '../src/sqlite/sqlite-writer';
import { WriterThread } from '../src/sqlite/writer-thread';

const folder = mkdtempSync(join(tmpdir(), 'kios-writer-thread-'));
let files = 0;
const newFile = () => {
  const file = join(folder, `events-${++files}.db`);
  openEventsDatabase(file, 'FULL').close();
  return file;
};
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const placed = (stream: string): RowAppend => ({
  stream,
  rows: [{ id: `${stream}-e1`, type: 'OrderPlaced', data: '{}', metadata: '{}' }],
  expected: 'no_stream',
  recordedAt: 0,
});

/** The Worker a WriterThread runs now: the test plays the thread's sudden end (a bug, its heap exhausted). */
const currentWorker = (writer: WriterThread): Worker =>
  (writer as unknown as { thread: { worker: Worker } }).thread.worker;

const storedStreams = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT stream FROM events ORDER BY position').pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
};

describe('the SQLite writer thread (docs/architecture.md §5)', () => {
  const writers: WriterThread[] = [];
  const start = (file: string) => {
    const writer = WriterThread.start(file, 'FULL', () => undefined);
    writers.push(writer);
    return writer;
  };
  afterEach(async () => {
    await Promise.all(writers.splice(0).map((writer) => writer.close()));
  });

  it('given its thread stopped while idle, commits the next appends on a new thread', async () => {
    const file = newFile();
    const writer = start(file);
    await writer.append(placed('order-1'));
    const first = currentWorker(writer);

    await first.terminate();
    const result = await writer.append(placed('order-2'));

    expect(currentWorker(writer)).not.toBe(first);
    expect(result.nextExpectedRevision).toBe(0n);
    expect(await writer.synchronous()).toBe(2);
    expect(storedStreams(file)).toEqual(['order-1', 'order-2']);
    expect(writer.stats().appends).toBe(2);
  });

  it('given its thread stops while committing, fails those appends as of unknown outcome, and takes the next', async () => {
    const file = newFile();
    const writer = start(file);
    await writer.synchronous();
    const first = currentWorker(writer);

    // A batch large enough to be still committing when the thread is stopped.
    const committing = Array.from({ length: 20_000 }, (_, i) => writer.append(placed(`order-${i}`)));
    await new Promise((sent) => setImmediate(sent));
    await first.terminate();
    const outcomes = await Promise.allSettled(committing);

    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect((failure as PromiseRejectedResult).reason.message).toMatch(
        /stopped .*: whether the appends it was committing were stored is unknown/,
      );
    }
    await expect(writer.append(placed('after'))).resolves.toEqual(
      expect.objectContaining({ nextExpectedRevision: 0n }),
    );
    expect(storedStreams(file)).toContain('after');
  });

  it('given its thread fails with an error while committing, ignores an answer that comes after, and takes the next appends', async () => {
    const file = newFile();
    const writer = start(file);
    await writer.synchronous();
    const first = currentWorker(writer);

    const committing = writer.append(placed('order-1'));
    const outcome = committing.catch((error: Error) => error);
    await new Promise((sent) => setImmediate(sent));
    first.emit('error', new Error('the thread failed'));
    // The first batch's answer, had the thread posted it before it failed.
    const late = { batch: 1, outcomes: [{ ok: true, result: { nextExpectedRevision: 0n } }], stats: {} };

    expect(() => first.emit('message', late)).not.toThrow();
    expect(String(await outcome)).toMatch(
      /the thread failed: whether the appends it was committing were stored is unknown/,
    );
    await expect(writer.append(placed('order-2'))).resolves.toEqual(
      expect.objectContaining({ nextExpectedRevision: 0n }),
    );
    expect(currentWorker(writer)).not.toBe(first);
  });

  it('given a thread that cannot open the file, fails every append with the reason and starts no other', async () => {
    const writer = start(join(folder, 'no-such-folder', 'events.db'));

    await expect(writer.synchronous()).rejects.toThrow(
      /unable to open database file|directory does not exist/,
    );
    await expect(writer.append(placed('order-1'))).rejects.toThrow(
      /unable to open database file|directory does not exist/,
    );
    await expect(writer.append(placed('order-2'))).rejects.toThrow(
      /unable to open database file|directory does not exist/,
    );
  });
});
