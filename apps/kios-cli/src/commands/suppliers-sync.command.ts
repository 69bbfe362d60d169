import { randomUUID } from 'node:crypto';
import { formatSupplierSync, SyncSupplierOffers } from '@kios/catalog';
import { readDigiflazzConnection, supplierSettingsOf } from '@kios/config';
import { systemClock } from '@kios/dana-protocol';
import { openSupplier, type PriceListRead, supplierAccountOf } from '@kios/fulfillment';
import { type CliContext, CliError } from '../cli-context';

export const suppliersSyncUsage = `kios-cli suppliers sync

  Reads the supplier's price list (KIOS_SUPPLIER=digiflazz and its KIOS_DIGIFLAZZ_* settings) and
  records what changed: an offer the supplier closed, or priced above its maxCost, becomes
  unavailable, and a product none of whose offers is left becomes unavailable to DANA (available
  again when one is back). Running it again with nothing new changes nothing. Exit code 1 when the
  supplier says it is asked too often (Digiflazz rc 83): nothing changed; try again later.

  example: kios-cli suppliers sync`;

export async function suppliersSync(args: string[], context: CliContext): Promise<void> {
  if (args.length > 0) throw new CliError(`suppliers sync takes no arguments\n\n${suppliersSyncUsage}`);
  const settings = supplierSettingsOf({
    ...context.settings,
    digiflazz: readDigiflazzConnection(context.settings),
  });
  const supplier = openSupplier(settings, systemClock);
  try {
    const account = supplierAccountOf(settings, supplier);
    if (!account) {
      throw new CliError(
        'the simulator has no price list to sync: set KIOS_SUPPLIER=digiflazz and its settings',
      );
    }
    let read: PriceListRead;
    try {
      read = await account.readPriceList();
    } catch (error) {
      throw new CliError(
        `${account.supplier} price list not read, nothing changed: ${(error as Error).message}`,
      );
    }
    if (read.status === 'rate_limited') {
      throw new CliError(
        `${account.supplier} says its price list is asked too often (${read.reason}); nothing changed. ` +
          'Try again in a few minutes (Digiflazz gives the whole list once per 5 minutes).',
      );
    }
    const commands = await context.commandBus();
    const result = await commands.execute(
      new SyncSupplierOffers(read.priceList, { correlationId: `kios-cli-suppliers-sync-${randomUUID()}` }),
    );
    for (const line of formatSupplierSync(result)) context.print(line);
  } finally {
    supplier.close();
  }
}
