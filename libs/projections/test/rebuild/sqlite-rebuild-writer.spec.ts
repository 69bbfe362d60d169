import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadCheckpoint } from '../../src/checkpoint/projection-checkpoints';
import { fulfilmentFollowUpProjection } from '../../src/fulfilment-follow-up/fulfilment-follow-up.projection';
import { FulfilmentFollowUpRow } from '../../src/fulfilment-follow-up/fulfilment-follow-up.row';
import { openReadModel } from '../../src/read-model-schema';
import { RebuiltTable, type RowBatch } from '../../src/rebuild/row-batch';
import { SqliteRebuildWriter } from '../../src/rebuild/sqlite-rebuild-writer';

const followUp = (requestId: string, status: FulfilmentFollowUpRow['status']): FulfilmentFollowUpRow => ({
  requestId,
  supplierRef: `SIM-${requestId}`,
  status,
  requestedAt: '2025-01-15T03:00:00.000Z',
  changedAt: '2025-01-15T03:00:05.000Z',
  flaggedForOperator: false,
  correlationId: `reqMsgId-${requestId}`,
  lastEventId: `event-${requestId}`,
  revision: 2n,
});

describe('the writer thread of a SQLite rebuild target', () => {
  let file: string;
  let target: DataSource;
  let table: RebuiltTable;
  let writer: SqliteRebuildWriter;

  const batch = (rows: FulfilmentFollowUpRow[], deleteKeys: string[], position: string): RowBatch => ({
    deleteKeys,
    rows: rows.map((row) => table.stored(row)),
    checkpoint: { name: 'fulfilment_followup', position, updatedAt: '2025-01-15T03:01:00.000Z' },
  });
  const rowsNow = async () =>
    (await target.getRepository(FulfilmentFollowUpRow).find({ order: { requestId: 'ASC' } })).map(
      ({ requestId, status }) => `${requestId} ${status}`,
    );

  beforeEach(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'kios-rebuild-writer-')), 'read.db.rebuild-fulfilment_followup');
    target = await openReadModel(`sqlite:${file}`, [fulfilmentFollowUpProjection]);
    table = new RebuiltTable(target, target.getMetadata(FulfilmentFollowUpRow));
    writer = SqliteRebuildWriter.start(file, table.statements);
  });

  afterEach(async () => {
    await writer.close();
    await target.destroy();
  });

  it('commits each batch with its checkpoint: replaced rows deleted first, then the rows as they are now', async () => {
    await writer.write(batch([followUp('R1', 'requested'), followUp('R2', 'requested')], [], '1/1'));
    await writer.write(batch([followUp('R2', 'pending')], ['R1', 'R2'], '9/9'));

    expect(await rowsNow()).toEqual(['R2 pending']);
    expect(await loadCheckpoint(target, 'fulfilment_followup')).toEqual({ commit: 9n, prepare: 9n });
  });

  it('rolls a failed batch back whole, checkpoint included, and says which target failed and why', async () => {
    await writer.write(batch([followUp('R1', 'requested')], [], '1/1'));

    const failed = writer.write(batch([followUp('R2', 'requested'), followUp('R1', 'pending')], [], '5/5'));

    await expect(failed).rejects.toThrow(`writing the rebuild of ${file} failed: UNIQUE constraint failed`);
    expect(await rowsNow()).toEqual(['R1 requested']);
    expect(await loadCheckpoint(target, 'fulfilment_followup')).toEqual({ commit: 1n, prepare: 1n });
  });
});
