import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  formatEventTime,
  ORDER_EXPORT_FORMATS,
  orderExportChunks,
  type OrderExportFormat,
  type OrderExportRow,
} from '@kios/audit';
import { OrderIndexReadModel, orderIndexProjection } from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { commandPeriod } from '../command-period';
import { ExportProgress } from './export-progress';
import type { ProgressOutput } from './projections-progress';

export const exportOrdersUsage = `kios-cli export orders --from <time> --to <time> [--format csv|jsonl] [--mask] [--output <file>]

  The reconciliation export: one row per order placed from --from up to (not including) --to,
  oldest first — requestId, orderId, productId, product, destination, danaPriceMinor, supplier,
  supplierRef, supplierCostMinor, status, createdAt, settledAt — to load beside DANA's settlement
  report and the supplier's statement. Money in minor units (rupiah × 100), times GMT+7 with
  milliseconds; the supplier columns are empty where no supplier was named (simulator orders). Read
  from the order index read model (as current as its projection) and streamed: any number of
  orders in little memory. GET /admin/exports/orders answers the same bytes.
  Times: with an offset, or GMT+7 without one; a bare date is its GMT+7 midnight
  (--from 2025-01-01 --to 2025-02-01 is January).
  --format  csv (RFC 4180, the default) or jsonl (one JSON object a line)
  --mask    destinations keep only their last 4 characters
  --output  write to <file> (readable by its owner only; in place once complete) instead of stdout
  On a terminal, a progress bar on stderr.

  example: kios-cli export orders --from 2025-01-01T00:00:00+07:00 --to 2025-02-01T00:00:00+07:00 --output january.csv`;

function formatOf(text: string | undefined): OrderExportFormat {
  const format = text ?? 'csv';
  if (!(ORDER_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format "${format}" is not one of ${ORDER_EXPORT_FORMATS.join(', ')}`);
  }
  return format as OrderExportFormat;
}

async function* countedBy(rows: AsyncIterable<OrderExportRow>, progress: ExportProgress) {
  for await (const row of rows) {
    progress.row();
    yield row;
  }
}

export async function exportOrders(
  args: string[],
  context: CliContext,
  /** Where the progress bar goes (drawn only when it is a terminal). */
  progressOutput: ProgressOutput = process.stderr,
): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      mask: { type: 'boolean' },
      output: { type: 'string' },
    },
    exportOrdersUsage,
  );
  if (positionals.length > 0) {
    throw new CliError(`export orders takes no arguments besides its options\n\n${exportOrdersUsage}`);
  }
  const period = commandPeriod(values, exportOrdersUsage);
  const format = formatOf(values.format);
  const orders = new OrderIndexReadModel(await context.readModel([orderIndexProjection]));
  // Counting first costs one indexed query; only a bar someone watches needs it.
  const total = progressOutput.isTTY ? await orders.count(period) : undefined;
  const progress = new ExportProgress(progressOutput, () => performance.now(), total);
  const chunks = Readable.from(
    orderExportChunks(countedBy(orders.stream(period), progress), { format, mask: values.mask ?? false }),
  );
  if (values.output === undefined) {
    await toStandardOutput(chunks, context);
    progress.finish();
    return;
  }
  const written = await toFile(chunks, resolve(values.output));
  progress.finish();
  context.print(
    `exported the orders placed from ${formatEventTime(period.from)} up to ${formatEventTime(period.to)} to ${written}`,
  );
}

async function toStandardOutput(chunks: Readable, context: CliContext): Promise<void> {
  try {
    // The process's stdout is not ended: kios-cli closes it when it exits.
    await pipeline(chunks, context.out, { end: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
      throw new CliError('standard output was closed before the export ended (the reader stopped early)');
    }
    throw error;
  }
}

/**
 * Into a file beside `file`, renamed over it once every row is written: an export that fails half
 * way never looks like a complete one. Mode 600: the rows name customers' destinations.
 */
async function toFile(chunks: Readable, file: string): Promise<string> {
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  try {
    await pipeline(chunks, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    await rename(partial, file);
    return file;
  } catch (error) {
    await rm(partial, { force: true });
    // A file system refusal (no such folder, no permission) is the user's to fix; anything else is a fault.
    if ((error as NodeJS.ErrnoException).syscall !== undefined) {
      throw new CliError(`cannot write the export to ${file}: ${(error as Error).message}`);
    }
    throw error;
  }
}
