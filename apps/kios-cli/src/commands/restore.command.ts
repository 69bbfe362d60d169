import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatDanaTime } from '@kios/dana-protocol';
import { backupPlaces, readCheckedManifest } from '../backup/backup-set';
import { type CliContext, CliError } from '../cli-context';
import { targetFolder } from './backup.command';

export const restoreUsage = `kios-cli restore <dir>

  Restores a backup made by kios-cli backup into the places the settings name (KIOS_DATA_DIR,
  KIOS_EVENT_STORE, KIOS_READ_MODEL, KIOS_SIM_PURCHASES_FILE), which must not hold those files yet:
  it never overwrites a store. Every file is checked against the manifest's SHA-256 before any is
  copied. Then start kios on the same settings; a backup without a read model is rebuilt from the
  events (kios-cli projections rebuild).

  example: KIOS_DATA_DIR=./data-restored kios-cli restore ./backups/2026-12-04`;

export async function restore(args: string[], context: CliContext): Promise<void> {
  const folder = resolve(targetFolder(args, restoreUsage));
  let manifest;
  let places;
  try {
    manifest = await readCheckedManifest(folder);
    places = backupPlaces(context.settings);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const placed = manifest.files.map((file) => {
    const target = file.role === 'key' ? join(places.keys, basename(file.name)) : places[file.role];
    if (!target) throw new CliError(`the settings name no place for ${file.name} (${file.role})`);
    return { file, target };
  });
  for (const { target } of placed) {
    if (existsSync(target)) throw new CliError(`${target} exists: restore into an empty data folder`);
  }
  for (const { file, target } of placed) {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(join(folder, file.name), target);
    if (file.role === 'key') chmodSync(target, 0o600);
    context.print(`${file.role.padEnd(19)} ${file.name} → ${target}`);
  }
  context.print(
    `restored the backup started ${formatDanaTime(new Date(manifest.startedAt))}: orders acknowledged after that are not in it`,
  );
}
