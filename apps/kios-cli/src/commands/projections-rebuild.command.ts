import {
  discardRebuilds,
  kiosProjections,
  RebuildAlreadyRunning,
  RebuildInterrupted,
  type RebuildReport,
  rebuildProjections,
  recordRebuildRequest,
  selectProjections,
  UnknownProjection,
} from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { operatorName } from '../operator';
import { ProgressRenderer } from './projections-progress';

export const projectionsRebuildUsage = `kios-cli projections rebuild <name> | --all [--discard]

  Rebuilds a read model (or, with --all, every one in a single pass) from the first event into
  fresh tables beside the live ones, showing progress, then switches readers to the new tables at
  once and drops the old ones. kios keeps serving from the live tables until the switch, so it may
  run while kios does. Ctrl-C stops it at its next save point; running it again resumes there.
  --discard  throw away a rebuild an interruption left behind, instead of resuming it
  names: ${kiosProjections.map((projection) => projection.name).join(', ')}

  example: kios-cli projections rebuild order_detail`;

function projectionsOf(all: boolean, positionals: string[]) {
  if (all === (positionals.length === 1) || positionals.length > 1) {
    throw new CliError(`expected one projection name or --all\n\n${projectionsRebuildUsage}`);
  }
  try {
    return selectProjections(kiosProjections, all ? 'all' : positionals[0]);
  } catch (error) {
    if (error instanceof UnknownProjection) throw new CliError(error.message);
    throw error;
  }
}

function summary(report: RebuildReport): string[] {
  const rate = report.seconds > 0 ? Math.round(report.eventsRead / report.seconds) : 0;
  return [
    ...report.projections.map(
      (rebuilt) =>
        `rebuilt ${rebuilt.name}${rebuilt.resumedFrom ? ` (resumed from ${rebuilt.resumedFrom})` : ''}: ` +
        `readers now use the new tables, checkpoint ${rebuilt.checkpoint ?? 'none (no events yet)'}`,
    ),
    `${report.eventsRead.toLocaleString('en-US')} events in ${report.seconds.toFixed(1)} s ` +
      `(${rate.toLocaleString('en-US')} events/s)`,
  ];
}

export async function projectionsRebuild(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    args,
    { all: { type: 'boolean' }, discard: { type: 'boolean' } },
    projectionsRebuildUsage,
  );
  const projections = projectionsOf(values.all ?? false, positionals);
  try {
    if (values.discard) {
      const discarded = await discardRebuilds(context.settings.readModel, projections);
      const kept = projections.filter((projection) => !discarded.includes(projection.name));
      for (const name of discarded) context.print(`discarded the interrupted rebuild of ${name}`);
      for (const projection of kept) context.print(`no rebuild of ${projection.name} to discard`);
      return;
    }
    await rebuild(projections, context);
  } catch (error) {
    if (error instanceof RebuildAlreadyRunning) throw new CliError(error.message);
    if (error instanceof RebuildInterrupted) {
      throw new CliError(
        `${error.message}; run the same command again to resume, or add --discard to throw it away`,
      );
    }
    throw error;
  }
}

async function rebuild(
  projections: Parameters<typeof rebuildProjections>[0]['projections'],
  context: CliContext,
) {
  const renderer = new ProgressRenderer(context.out);
  const interrupt = new AbortController();
  // The first Ctrl-C saves what is done and stops; the rebuild can be resumed.
  const onSigint = () => {
    context.print('\nstopping at the next save point (Ctrl-C again to stop at once)…');
    interrupt.abort();
    process.removeListener('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  try {
    const store = await context.eventStore();
    const names = projections.map((projection) => projection.name);
    await recordRebuildRequest(
      store,
      names,
      operatorName(),
      'kios-cli-projections-rebuild',
      context.clock.now(),
    );
    const report = await rebuildProjections({
      store,
      readModelUrl: context.settings.readModel,
      projections,
      signal: interrupt.signal,
      onProgress: (progress) => renderer.update(progress),
      logger: {
        log: (message) => context.print(message),
        warn: (message) => context.print(`warning: ${message}`),
        error: (message) => context.print(`error: ${message}`),
      },
    });
    renderer.finish();
    for (const line of summary(report)) context.print(line);
  } finally {
    renderer.finish();
    process.removeListener('SIGINT', onSigint);
  }
}
