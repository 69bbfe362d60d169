import { parseArgs } from 'node:util';
import { systemClock } from '@kios/dana-protocol';
import { portOption, positionals } from '../cli/options';
import { DanaSimServer, describeEvent } from '../server/dana-sim-server';
import type { SimContext } from '../sim-context';

export const serveUsage = `dana-sim serve [--port 8090] [--host 0.0.0.0] [--kios <url>] [--json]

  Plays DANA's host for kios (KIOS_DANA_BASE_URL): receives Order Complete Callbacks and
  product status notifications, checks kios's signature over the raw bytes, answers with a
  signed resultInfo and prints one line per callback (--json: one JSON object per line).
  Runs until stopped (Ctrl-C).
    GET  /sim/callbacks       the callbacks received, as JSON
    POST /sim/misbehave       answer the next callbacks badly, e.g. {"next":["http500","no_answer","U"]}
                              or {"mode":"F","count":2}; modes: http500, no_answer, U, F, bad_signature
  Keys: DANA_SIM_PRIVATE_KEY_FILE and DANA_SIM_KIOS_PUBLIC_KEY_FILE, else kios's development keys
  under <KIOS_DATA_DIR or ./data>/keys/.

  example: dana-sim serve --port 8090`;

export async function serve(args: string[], context: SimContext): Promise<void> {
  const { values, positionals: given } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string', default: '8090' },
      host: { type: 'string', default: '0.0.0.0' },
      kios: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  positionals(given, [], serveUsage);
  const port = portOption(values.port, '--port');
  const kiosUrl = context.kiosUrl(values.kios);
  const server = new DanaSimServer({
    dana: await context.client(kiosUrl),
    now: () => systemClock.now(),
    report: (event) =>
      values.json ? context.out.write(`${JSON.stringify(event)}\n`) : context.print(describeEvent(event)),
  });
  const bound = await server.listen(port, values.host);
  const url = `http://${values.host}:${bound}`;
  if (values.json) context.out.write(`${JSON.stringify({ kind: 'listening', url, kios: kiosUrl })}\n`);
  else context.print(`dana-sim listening on ${url} (playing DANA for kios at ${kiosUrl})`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
