import { InvalidControl } from './control/modes';
import { OptionError, readOptions, usage } from './cli/options';
import { startSupplierSim } from './supplier-sim';

/** `npm run supplier-sim -- [options]`: runs until SIGINT or SIGTERM. */
async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof readOptions>;
  try {
    parsed = readOptions(argv, process.env);
  } catch (error) {
    if (!(error instanceof OptionError || isArgumentError(error))) throw error;
    process.stderr.write(`supplier-sim: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let sim: Awaited<ReturnType<typeof startSupplierSim>>;
  try {
    sim = await startSupplierSim(parsed.options);
  } catch (error) {
    if (!(error instanceof InvalidControl)) throw error;
    process.stderr.write(`supplier-sim: --mode: ${error.message}\n`);
    return 2;
  }
  const listening = {
    kind: 'listening',
    url: sim.url,
    port: sim.port,
    iakUrl: sim.iakUrl,
    username: sim.username,
  };
  process.stdout.write(
    parsed.json
      ? `${JSON.stringify(listening)}\n`
      : `supplier-sim listening on ${sim.url} (Digiflazz buyer API under /v1, username ${sim.username}; ` +
          `IAK's prepaid API at ${sim.iakUrl})\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void sim.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** What node's parseArgs throws for an unknown option or a missing value. */
function isArgumentError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `supplier-sim: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
