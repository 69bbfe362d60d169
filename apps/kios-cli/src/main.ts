import 'reflect-metadata';
import { CliContext, CliError } from './cli-context';
import { anchorsExport, anchorsExportUsage } from './commands/anchors-export.command';
import { backup, backupUsage } from './commands/backup.command';
import { callbacksList, callbacksListUsage } from './commands/callbacks-list.command';
import { callbacksRetry, callbacksRetryUsage } from './commands/callbacks-retry.command';
import { catalogImport, catalogImportUsage } from './commands/catalog-import.command';
import { exportOrders, exportOrdersUsage } from './commands/export-orders.command';
import { history, historyUsage } from './commands/history.command';
import { keysGenerate, keysGenerateUsage } from './commands/keys-generate.command';
import { margins, marginsUsage } from './commands/margins.command';
import { ordersFind, ordersFindUsage } from './commands/orders-find.command';
import { ordersFlagged, ordersFlaggedUsage } from './commands/orders-flagged.command';
import { ordersSettle, ordersSettleUsage } from './commands/orders-settle.command';
import { restore, restoreUsage } from './commands/restore.command';
import { processorsStatus, processorsStatusUsage } from './commands/processors-status.command';
import { projectionsRebuild, projectionsRebuildUsage } from './commands/projections-rebuild.command';
import { projectionsStatus, projectionsStatusUsage } from './commands/projections-status.command';
import { suppliersSync, suppliersSyncUsage } from './commands/suppliers-sync.command';
import { usersAdd, usersAddUsage } from './commands/users-add.command';
import { usersList, usersListUsage } from './commands/users-list.command';
import { usersRemove, usersRemoveUsage } from './commands/users-remove.command';
import { verify, verifyUsage } from './commands/verify.command';

type Command = (args: string[], context: CliContext) => Promise<void>;

/** Commands by their words; each prints its own usage on a mistake. */
const commands: Record<string, { run: Command; usage: string }> = {
  'anchors export': { run: anchorsExport, usage: anchorsExportUsage },
  backup: { run: backup, usage: backupUsage },
  'catalog import': { run: catalogImport, usage: catalogImportUsage },
  'callbacks list': { run: callbacksList, usage: callbacksListUsage },
  'callbacks retry': { run: callbacksRetry, usage: callbacksRetryUsage },
  'export orders': { run: exportOrders, usage: exportOrdersUsage },
  history: { run: history, usage: historyUsage },
  'keys generate': { run: keysGenerate, usage: keysGenerateUsage },
  margins: { run: margins, usage: marginsUsage },
  'orders find': { run: ordersFind, usage: ordersFindUsage },
  'orders flagged': { run: ordersFlagged, usage: ordersFlaggedUsage },
  'orders settle': { run: ordersSettle, usage: ordersSettleUsage },
  'processors status': { run: processorsStatus, usage: processorsStatusUsage },
  'projections status': { run: projectionsStatus, usage: projectionsStatusUsage },
  'projections rebuild': { run: projectionsRebuild, usage: projectionsRebuildUsage },
  restore: { run: restore, usage: restoreUsage },
  'suppliers sync': { run: suppliersSync, usage: suppliersSyncUsage },
  'users add': { run: usersAdd, usage: usersAddUsage },
  'users list': { run: usersList, usage: usersListUsage },
  'users remove': { run: usersRemove, usage: usersRemoveUsage },
  verify: { run: verify, usage: verifyUsage },
};

function usage(): string {
  return `kios-cli — admin and auditor tools for kios\n\n${Object.values(commands)
    .map((command) => command.usage)
    .join('\n\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const name = Object.keys(commands).find((words) => argv.join(' ').startsWith(words));
  if (!name || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage());
    return name || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  let context: CliContext | undefined;
  try {
    context = CliContext.fromEnv();
    await commands[name].run(argv.slice(name.split(' ').length), context);
    return 0;
  } catch (error) {
    if (error instanceof CliError || (error instanceof Error && error.name === 'ConfigError')) {
      process.stderr.write(`kios-cli: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await context?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `kios-cli: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
