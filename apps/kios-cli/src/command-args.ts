import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-context';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node's parseArgs, with a mistyped option reported as a CliError (message and usage, exit 1) instead of a stack trace. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new CliError(`${error.message}\n\n${usage}`);
    }
    throw error;
  }
}
