import type { Projection } from '../projection';
import { UnsupportedReadModelUrl } from '../read-model.data-source';
import { PostgresRebuildSite } from './postgres-rebuild-site';
import type { RebuildSite } from './rebuild-site';
import { SqliteRebuildSite } from './sqlite-rebuild-site';

/** The rebuild site of the read model a configuration URL names (`KIOS_READ_MODEL`). */
export async function openRebuildSite(url: string, projections: readonly Projection[]): Promise<RebuildSite> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '' || file === ':memory:') {
      throw new UnsupportedReadModelUrl(url, 'a rebuild needs a read model in a file or in PostgreSQL');
    }
    return SqliteRebuildSite.open(file, projections);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return PostgresRebuildSite.open(url, projections);
  throw new UnsupportedReadModelUrl(url);
}
