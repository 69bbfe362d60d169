import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from '../checkpoint/projection-checkpoint.entity';
import { readModelTransaction } from '../read-model-transaction';
import type { RebuildWriter, RowBatch, TableStatements } from './row-batch';

/** Bound parameters per statement, below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * Writes each batch through a TypeORM transaction on the target, in multi-row statements: for
 * PostgreSQL, whose server does the work in its own process while the rebuild replays on.
 */
export class TransactionRebuildWriter implements RebuildWriter {
  constructor(
    private readonly target: DataSource,
    private readonly statements: TableStatements,
  ) {}

  write(batch: RowBatch): Promise<void> {
    return readModelTransaction(this.target, async (tx) => {
      await this.deleteRows(tx, batch.deleteKeys);
      await this.insertRows(tx, batch.rows);
      await tx.getRepository(ProjectionCheckpoint).upsert(batch.checkpoint, ['name']);
    });
  }

  async close(): Promise<void> {}

  private async deleteRows(tx: EntityManager, keys: unknown[]): Promise<void> {
    const { table, keyColumn } = this.statements;
    for (let start = 0; start < keys.length; start += MAX_PARAMETERS) {
      const chunk = keys.slice(start, start + MAX_PARAMETERS);
      const placeholders = chunk.map((_, index) => `$${index + 1}`).join(', ');
      await tx.query(`DELETE FROM ${table} WHERE ${keyColumn} IN (${placeholders})`, chunk);
    }
  }

  private async insertRows(tx: EntityManager, rows: unknown[][]): Promise<void> {
    const { table, columns } = this.statements;
    const width = columns.length;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / width));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk
        .map((_, row) => `(${columns.map((__, column) => `$${row * width + column + 1}`).join(', ')})`)
        .join(', ');
      await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
    }
  }
}
