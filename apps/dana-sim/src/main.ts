import 'reflect-metadata';
import { SimContext, SimError } from './sim-context';
import { buy, buyUsage } from './commands/buy.command';
import { inquire, inquireUsage } from './commands/inquire.command';
import { load, loadUsage } from './commands/load.command';
import { products, productsUsage } from './commands/products.command';
import { scenario, scenarioUsage } from './commands/scenario.command';
import { serve, serveUsage } from './commands/serve.command';
import { validate, validateUsage } from './commands/validate.command';

/** Resolves with the exit code, or nothing for 0. */
type Command = (args: string[], context: SimContext) => Promise<number | void>;

/** Commands by their words; each prints its own usage on a mistake. */
const commands: Record<string, { run: Command; usage: string }> = {
  products: { run: products, usage: productsUsage },
  inquire: { run: inquire, usage: inquireUsage },
  validate: { run: validate, usage: validateUsage },
  buy: { run: buy, usage: buyUsage },
  scenario: { run: scenario, usage: scenarioUsage },
  load: { run: load, usage: loadUsage },
  serve: { run: serve, usage: serveUsage },
};

function usage(): string {
  return `dana-sim — plays DANA against kios\n\n${Object.values(commands)
    .map((command) => command.usage)
    .join('\n\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const name = Object.keys(commands).find((words) => argv.join(' ').startsWith(words));
  const help = argv.includes('--help') || argv.includes('-h');
  if (name && help) {
    process.stdout.write(`${commands[name].usage}\n`);
    return 0;
  }
  if (!name || help) {
    process.stdout.write(usage());
    return name || help ? 0 : 2;
  }
  try {
    return (await commands[name].run(argv.slice(name.split(' ').length), SimContext.fromEnv())) ?? 0;
  } catch (error) {
    if (error instanceof SimError) {
      process.stderr.write(`dana-sim: ${error.message}\n`);
      return 1;
    }
    if (isArgumentError(error)) {
      process.stderr.write(`dana-sim: ${error.message}\n\n${commands[name].usage}\n`);
      return 1;
    }
    throw error;
  }
}

/** What node's parseArgs throws for an unknown option or a missing value. */
function isArgumentError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `dana-sim: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
