import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { anchorsFileLines, readStoredAnchors } from '@kios/audit';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const anchorsExportUsage = `kios-cli anchors export [--output <file>]

  Writes every anchor of the store (README "Anchors") as JSON lines, one anchor a line, to keep
  outside kios; kios-cli verify --all --anchors <file> later holds a store against the copy. To
  standard output unless --output names a new file.

  example: kios-cli anchors export --output anchors-2026-12.jsonl`;

export async function anchorsExport(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { output: { type: 'string' } }, anchorsExportUsage);
  if (positionals.length > 0)
    throw new CliError(`unexpected ${positionals.join(' ')}\n\n${anchorsExportUsage}`);
  const { anchors, findings } = await readStoredAnchors(await context.eventStore());
  // An anchor the store cannot read is not copied as if it were one: the auditor hears of it.
  if (findings.length > 0) throw new CliError(findings.map((finding) => finding.text).join('\n'));
  const lines = anchorsFileLines(anchors);
  if (values.output === undefined) {
    for (const line of lines) context.print(line);
    return;
  }
  const file = createWriteStream(values.output, { flags: 'wx' });
  try {
    await once(file, 'open');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST'
        ? `--output ${values.output} exists: not overwritten`
        : `--output ${values.output}: ${(error as Error).message}`,
    );
  }
  for (const line of lines) file.write(`${line}\n`);
  file.end();
  await once(file, 'finish');
  const last = anchors.at(-1);
  context.print(
    `${anchors.length} ${anchors.length === 1 ? 'anchor' : 'anchors'} written to ${values.output}` +
      (last ? ` (up to position ${last.position}, ${last.totalEventCount} events)` : ''),
  );
}
