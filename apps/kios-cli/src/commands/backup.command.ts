import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatDanaTime } from '@kios/dana-protocol';
import {
  type BackupFile,
  backupItems,
  type BackupManifest,
  describeFile,
  MANIFEST_FILE,
} from '../backup/backup-set';
import { snapshotSqlite } from '../backup/sqlite-snapshot';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const backupUsage = `kios-cli backup <dir>

  An online backup of kios's embedded stores into the new or empty folder <dir>, while kios serves:
  the read model, then the event store (each a consistent SQLite snapshot, VACUUM INTO), then the
  simulator's purchases and the development keys when there are any, and manifest.json with each
  file's size and SHA-256. Orders acknowledged after the backup started may not be in it. A server
  store (KurrentDB, PostgreSQL) is backed up with its own tools: README "Backups".

  example: kios-cli backup ./backups/2026-12-04`;

export async function backup(args: string[], context: CliContext): Promise<void> {
  const folder = resolve(targetFolder(args, backupUsage));
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new CliError(`${folder} is not empty: back up into a new folder`);
  }
  let items;
  try {
    items = backupItems(context.settings);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const events = items.find((item) => item.role === 'events')!;
  if (!existsSync(events.path)) throw new CliError(`there is no event store at ${events.path}`);

  const startedAt = context.clock.now();
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // In order, one after the other: the order is what keeps the backup consistent (backupItems).
  const files: BackupFile[] = [];
  for (const item of items) {
    const target = join(folder, item.name);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    if (item.sqlite) snapshotSqlite(item.path, target);
    else copyFileSync(item.path, target);
    const file = await describeFile(folder, item);
    context.print(`${item.role.padEnd(19)} ${item.path} → ${item.name} (${file.bytes} bytes)`);
    files.push(file);
  }
  const manifest: BackupManifest = {
    kind: 'kios-backup',
    version: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: context.clock.now().toISOString(),
    files,
  };
  writeFileSync(join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  context.print(
    `backup in ${folder}, started ${formatDanaTime(startedAt)}: orders acknowledged after that may not be in it`,
  );
}

/** The one folder argument of backup and restore. */
export function targetFolder(args: string[], usage: string): string {
  const { positionals } = parseCommandArgs(args, {}, usage);
  if (positionals.length !== 1) throw new CliError(`one folder is expected\n\n${usage}`);
  return positionals[0];
}
