import { type AuditPeriod, parseAuditPeriod } from '@kios/audit';
import { CliError } from './cli-context';

/** The period `--from` … `--to` of a command, or a CliError saying what is wrong (with the usage when a bound is missing). */
export function commandPeriod(values: { from?: string; to?: string }, usage: string): AuditPeriod {
  const period = parseAuditPeriod(values, (bound) => `--${bound}`);
  if ('problem' in period) {
    throw new CliError(
      period.problem.endsWith('is required') ? `${period.problem}\n\n${usage}` : period.problem,
    );
  }
  return period;
}
