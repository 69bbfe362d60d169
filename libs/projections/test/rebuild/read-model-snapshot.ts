import type { DataSource } from 'typeorm';
import type { Projection } from '../../src/projection';

export type Snapshot = Record<string, unknown[]>;

/** Every row of every table of `projections`, in primary-key order, as the database returns it. */
export async function snapshot(
  dataSource: DataSource,
  projections: readonly Projection[],
): Promise<Snapshot> {
  const tables: Snapshot = {};
  for (const entity of projections.flatMap((projection) => projection.entities)) {
    const metadata = dataSource.getMetadata(entity);
    const order = metadata.primaryColumns.map((column) => `"${column.databaseName}"`).join(', ');
    const table = metadata.schema
      ? `"${metadata.schema}"."${metadata.tableName}"`
      : `"${metadata.tableName}"`;
    tables[metadata.tableName] = await dataSource.query(`SELECT * FROM ${table} ORDER BY ${order}`);
  }
  return tables;
}
