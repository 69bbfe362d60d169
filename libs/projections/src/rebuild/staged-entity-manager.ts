import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ReadModelEntity } from '../read-model.data-source';
import { StagedTable, UnsupportedStagingOperation } from './staged-table';

/** Every member not listed here throws UnsupportedStagingOperation, so nothing is silently half-done. */
function strict<T extends object>(what: string, members: T): T {
  return new Proxy(members, {
    get(target, property) {
      if (property in target) return target[property as keyof T];
      // Awaiting the object (or a test printing it) probes these; answering undefined is what a plain object does.
      if (property === 'then' || typeof property === 'symbol') return undefined;
      throw new UnsupportedStagingOperation(`${what}.${String(property)} is not staged`);
    },
  });
}

/**
 * What a projection's `apply` gets during the bulk of a rebuild instead of a transaction: the
 * repository methods projections use with the primary key (findOneBy, findOne({ where }), insert,
 * update, save, upsert, delete), answered from StagedTables. Anything else throws
 * UnsupportedStagingOperation and the rebuild replays that projection through real transactions.
 */
export class StagedEntityManager {
  private constructor(
    private readonly tables: Map<EntityTarget<ObjectLiteral>, StagedTable>,
    readonly manager: EntityManager,
  ) {}

  static async open(
    dataSource: DataSource,
    entities: readonly ReadModelEntity[],
  ): Promise<StagedEntityManager> {
    const tables = new Map<EntityTarget<ObjectLiteral>, StagedTable>();
    const repositories = new Map<EntityTarget<ObjectLiteral>, ReturnType<typeof repositoryOf>>();
    for (const entity of entities) {
      const table = await StagedTable.open(dataSource.getMetadata(entity), dataSource);
      tables.set(entity, table);
      repositories.set(entity, repositoryOf(table));
    }
    const manager = strict('EntityManager', {
      getRepository: (target: EntityTarget<ObjectLiteral>) => {
        const repository = repositories.get(target);
        if (!repository)
          throw new UnsupportedStagingOperation(`${targetName(target)} is not a table of this projection`);
        return repository;
      },
    });
    // The members a projection may use behave as EntityManager's; the rest throw (see strict).
    return new StagedEntityManager(tables, manager as unknown as EntityManager);
  }

  async flush(tx: EntityManager): Promise<void> {
    for (const table of this.tables.values()) await table.flush(tx);
  }
}

const targetName = (target: EntityTarget<ObjectLiteral>): string =>
  typeof target === 'function' ? target.name : String(target);

const many = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function repositoryOf(table: StagedTable) {
  const name = `Repository<${table.name}>`;
  return strict(name, {
    metadata: table.metadata,
    findOneBy: (where: unknown) => table.find(where, 'findOneBy'),
    findOne: (options: { where?: unknown }) => {
      const { where, ...rest } = options ?? {};
      if (Object.keys(rest).length > 0) {
        throw new UnsupportedStagingOperation(`${name}.findOne with ${Object.keys(rest).join(', ')}`);
      }
      return table.find(where, 'findOne');
    },
    insert: async (entities: ObjectLiteral | ObjectLiteral[]) => {
      for (const entity of many(entities)) await table.insert(entity);
      return { identifiers: [], generatedMaps: [], raw: undefined };
    },
    update: async (criteria: unknown, changes: ObjectLiteral) => ({
      affected: await table.update(criteria, changes, 'update'),
      generatedMaps: [],
      raw: undefined,
    }),
    save: async <T extends ObjectLiteral>(entities: T | T[]) => {
      for (const entity of many(entities)) await table.save(entity, 'save');
      return entities;
    },
    upsert: async (
      entities: ObjectLiteral | ObjectLiteral[],
      conflict: string[] | { conflictPaths: string[] },
    ) => {
      const paths = Array.isArray(conflict) ? conflict : conflict.conflictPaths;
      const primary = table.metadata.primaryColumns.map((column) => column.propertyPath);
      if (paths.length !== primary.length || !paths.every((path) => primary.includes(path))) {
        throw new UnsupportedStagingOperation(
          `${name}.upsert on ${paths.join(', ')} (only the primary key is staged)`,
        );
      }
      for (const entity of many(entities)) await table.save(entity, 'upsert');
      return { identifiers: [], generatedMaps: [], raw: undefined };
    },
    delete: async (criteria: unknown) => {
      let affected = 0;
      for (const one of many(criteria)) affected += await table.delete(one, 'delete');
      return { affected, raw: undefined };
    },
  });
}
