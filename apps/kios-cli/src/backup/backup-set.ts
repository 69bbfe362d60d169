import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import type { RawSettings } from '@kios/config';
import { devKeyPaths } from '@kios/dana-protocol';

/**
 * What a backup of the embedded stores holds, in the order it is taken. The read model goes before
 * the events: restored, its checkpoints are then never ahead of the event store (a checkpoint past
 * the head would make kios skip the events appended after the restore). The simulator's purchases
 * go after the events, so every purchase of a stored order is in them.
 */
export type BackupRole = 'read-model' | 'events' | 'simulator-purchases' | 'key';

export interface BackupItem {
  role: BackupRole;
  /** Its name in the backup folder. */
  name: string;
  /** Where it lives under the current settings (read from on backup, written to on restore). */
  path: string;
  /** SQLite databases are snapshotted (VACUUM INTO); the other files are copied. */
  sqlite: boolean;
}

export interface BackupFile {
  role: BackupRole;
  name: string;
  bytes: number;
  sha256: string;
}

/** What `kios-cli backup` writes beside the files, and `restore` checks before it copies anything. */
export interface BackupManifest {
  kind: 'kios-backup';
  version: 1;
  /** When the backup started: orders acknowledged after it may be missing from it. */
  startedAt: string;
  finishedAt: string;
  files: BackupFile[];
}

export const MANIFEST_FILE = 'manifest.json';

/** The SQLite file a `sqlite:` store URL names, or undefined for a server store. */
export function sqliteFile(url: string): string | undefined {
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : undefined;
}

/** Where the files of a backup live under `settings`: read from on backup, written to on restore. */
export function backupPlaces(settings: RawSettings): Record<
  Exclude<BackupRole, 'key'>,
  string | undefined
> & {
  keys: string;
} {
  const events = sqliteFile(settings.eventStore);
  if (!events) {
    throw new Error(
      `the event store is ${settings.eventStore.split('://')[0]}: back it up with its own tools (README "Backups")`,
    );
  }
  return {
    'read-model': sqliteFile(settings.readModel),
    events,
    'simulator-purchases': settings.simPurchasesFile,
    keys: devKeyPaths(settings.dataDir).dir,
  };
}

/**
 * The items of a backup of what `settings` name, in the order they are taken: the embedded stores,
 * the simulator's purchases and the development keys when those exist (configured key files are
 * secrets the operator keeps elsewhere, and are not copied). The read model only when it is SQLite.
 */
export function backupItems(settings: RawSettings): BackupItem[] {
  const places = backupPlaces(settings);
  const items: BackupItem[] = [
    ...(places['read-model']
      ? [{ role: 'read-model' as const, name: 'read.db', path: places['read-model'], sqlite: true }]
      : []),
    { role: 'events', name: 'events.db', path: places.events!, sqlite: true },
    {
      role: 'simulator-purchases',
      name: 'simulator-purchases.jsonl',
      path: places['simulator-purchases']!,
      sqlite: false,
    },
    ...(existsSync(places.keys) ? readdirSync(places.keys) : [])
      .filter((name) => name.endsWith('.pem'))
      .map((name) => ({
        role: 'key' as const,
        name: `keys/${name}`,
        path: join(places.keys, name),
        sqlite: false,
      })),
  ];
  return items.filter((item) => item.role === 'events' || existsSync(item.path));
}

export async function describeFile(
  folder: string,
  item: Pick<BackupItem, 'role' | 'name'>,
): Promise<BackupFile> {
  const path = join(folder, item.name);
  return { role: item.role, name: item.name, bytes: statSync(path).size, sha256: await sha256Of(path) };
}

/** The backup's manifest; throws for a folder that is not a whole kios backup, or whose files changed. */
export async function readCheckedManifest(folder: string): Promise<BackupManifest> {
  const manifestPath = join(folder, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw new Error(`${folder} holds no ${MANIFEST_FILE}: not a kios backup`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  if (manifest.kind !== 'kios-backup' || manifest.version !== 1) {
    throw new Error(`${manifestPath} is not a kios backup manifest of version 1`);
  }
  for (const file of manifest.files) {
    const path = join(folder, file.name);
    if (!existsSync(path)) throw new Error(`${file.name} (${file.role}) is missing from the backup`);
    if ((await sha256Of(path)) !== file.sha256) {
      throw new Error(`${file.name} (${file.role}) does not match its checksum in the manifest`);
    }
  }
  return manifest;
}

/** Read in chunks: an event store of gigabytes is never held in memory whole. */
async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
