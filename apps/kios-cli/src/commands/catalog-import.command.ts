import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  CatalogFileError,
  CatalogImportRefusedError,
  formatCatalogDiff,
  ImportCatalog,
  readCatalogFile,
} from '@kios/catalog';
import { type CliContext, CliError } from '../cli-context';

export const catalogImportUsage = `kios-cli catalog import <file> [--delist-missing] [--dry-run]

  Lists, reprices, enables/disables and (with --delist-missing) delists products so the
  catalog matches the file. Importing the same file twice changes nothing.

  example: kios-cli catalog import catalog/sample-catalog.json --dry-run`;

export async function catalogImport(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'delist-missing': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new CliError(`expected one catalog file\n\n${catalogImportUsage}`);
  const dryRun = values['dry-run'] ?? false;
  try {
    const products = await readCatalogFile(positionals[0]);
    const commands = await context.commandBus();
    const diff = await commands.execute(
      new ImportCatalog(products, {
        correlationId: `kios-cli-catalog-import-${randomUUID()}`,
        delistMissing: values['delist-missing'] ?? false,
        dryRun,
      }),
    );
    if (dryRun) context.print('dry run: nothing was changed; the import would make these changes:');
    for (const line of formatCatalogDiff(diff)) context.print(line);
  } catch (error) {
    if (error instanceof CatalogFileError || error instanceof CatalogImportRefusedError)
      throw new CliError(error.message);
    throw error;
  }
}
