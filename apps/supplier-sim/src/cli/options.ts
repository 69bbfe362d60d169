import { parseArgs } from 'node:util';
import { SUPPLIER_SIM_DEFAULTS, type SupplierSimOptions } from '../supplier-sim';

export const usage = `supplier-sim — plays Digiflazz's buyer API (POST /v1/price-list, /v1/cek-saldo, /v1/transaction)
  and IAK's prepaid API (POST /api/top-up, /api/check-status, /api/check-balance, /api/pricelist), one book for both

  supplier-sim [--port 8091] [--host 0.0.0.0] [options]

  Every option can be given in the environment instead (the name in brackets).
    --port <n>                     listen here; 0 picks a free port     (SUPPLIER_SIM_PORT, 8091)
    --host <address>                                                    (SUPPLIER_SIM_HOST, 0.0.0.0)
    --username <name>              the buyer's username                 (SUPPLIER_SIM_USERNAME, ${SUPPLIER_SIM_DEFAULTS.username})
    --key <key>                    the API key signs are made with      (SUPPLIER_SIM_KEY, ${SUPPLIER_SIM_DEFAULTS.key})
    --webhook-url <url>            where webhooks go (else only cb_url) (SUPPLIER_SIM_WEBHOOK_URL)
    --webhook-secret <secret>      signs X-Hub-Signature                (SUPPLIER_SIM_WEBHOOK_SECRET, ${SUPPLIER_SIM_DEFAULTS.webhookSecret})
    --pending-delay-ms <ms>        how long …992/…993 stay Pending      (SUPPLIER_SIM_PENDING_DELAY_MS, ${SUPPLIER_SIM_DEFAULTS.pendingDelayMs})
    --slow-answer-ms <ms>          how long …994 holds its answer       (SUPPLIER_SIM_SLOW_ANSWER_MS, ${SUPPLIER_SIM_DEFAULTS.slowAnswerMs})
    --price-list-interval-ms <ms>  closer price-list calls answer rc 83 (SUPPLIER_SIM_PRICE_LIST_INTERVAL_MS, 0: off;
                                   Digiflazz's own limit is 300000)
    --seed <file>                  price lists and starting deposit     (SUPPLIER_SIM_SEED, apps/supplier-sim/seed/price-list.json)
    --deposit <rupiah>             the starting deposit instead         (SUPPLIER_SIM_DEPOSIT)
    --request-log <file>           every call as a JSON line            (SUPPLIER_SIM_REQUEST_LOG)
    --state-file <file>            transactions kept across restarts    (SUPPLIER_SIM_STATE_FILE)
    --mode <json>                  misbehave from the start, as POST /_control/mode takes it (SUPPLIER_SIM_MODE)
    --iak-callback-url <url>       where IAK's callbacks go (else none)  (SUPPLIER_SIM_IAK_CALLBACK_URL)
    --iak-port <n>                 IAK's API on a port of its own too,   (SUPPLIER_SIM_IAK_PORT; always under /api/
                                   which {"iak":{"down":true}} closes    on --port as well)
    --json                         print the listening line as JSON

  Control (not Digiflazz's): GET /_control/log, /_control/transactions, /_control/webhooks, /_control/mode;
  POST /_control/mode, /_control/reset, /_control/refund. See apps/supplier-sim/README.md.

  example: supplier-sim --port 8091 --webhook-url http://127.0.0.1:8080/suppliers/digiflazz/webhook`;

export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** The environment variable of each option. */
export const ENVIRONMENT_VARIABLES: Readonly<Record<string, string>> = {
  port: 'SUPPLIER_SIM_PORT',
  host: 'SUPPLIER_SIM_HOST',
  username: 'SUPPLIER_SIM_USERNAME',
  key: 'SUPPLIER_SIM_KEY',
  'webhook-url': 'SUPPLIER_SIM_WEBHOOK_URL',
  'webhook-secret': 'SUPPLIER_SIM_WEBHOOK_SECRET',
  'pending-delay-ms': 'SUPPLIER_SIM_PENDING_DELAY_MS',
  'slow-answer-ms': 'SUPPLIER_SIM_SLOW_ANSWER_MS',
  'price-list-interval-ms': 'SUPPLIER_SIM_PRICE_LIST_INTERVAL_MS',
  seed: 'SUPPLIER_SIM_SEED',
  deposit: 'SUPPLIER_SIM_DEPOSIT',
  'request-log': 'SUPPLIER_SIM_REQUEST_LOG',
  'state-file': 'SUPPLIER_SIM_STATE_FILE',
  mode: 'SUPPLIER_SIM_MODE',
  'iak-callback-url': 'SUPPLIER_SIM_IAK_CALLBACK_URL',
  'iak-port': 'SUPPLIER_SIM_IAK_PORT',
};

function wholeNumber(
  raw: string | undefined,
  flag: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max)
    throw new OptionError(`--${flag} must be a whole number up to ${max}, got "${raw}"`);
  return value;
}

/** Flags first, then the environment, then the defaults. */
export function readOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): { options: SupplierSimOptions; json: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(
        Object.keys(ENVIRONMENT_VARIABLES).map((name) => [name, { type: 'string' as const }]),
      ),
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const given = values as Record<string, string | boolean | undefined>;
  const value = (name: string) => (given[name] as string | undefined) ?? env[ENVIRONMENT_VARIABLES[name]];
  let control: unknown;
  const mode = value('mode');
  if (mode !== undefined) {
    try {
      control = JSON.parse(mode);
    } catch {
      throw new OptionError(`--mode must be JSON, e.g. '{"http5xx":1}', got ${mode}`);
    }
  }
  return {
    options: {
      port: wholeNumber(value('port'), 'port', 65535) ?? SUPPLIER_SIM_DEFAULTS.port,
      host: value('host') ?? '0.0.0.0',
      username: value('username'),
      key: value('key'),
      webhookUrl: value('webhook-url'),
      webhookSecret: value('webhook-secret'),
      pendingDelayMs: wholeNumber(value('pending-delay-ms'), 'pending-delay-ms'),
      slowAnswerMs: wholeNumber(value('slow-answer-ms'), 'slow-answer-ms'),
      priceListIntervalMs: wholeNumber(value('price-list-interval-ms'), 'price-list-interval-ms'),
      seedFile: value('seed'),
      deposit: wholeNumber(value('deposit'), 'deposit'),
      requestLogFile: value('request-log'),
      stateFile: value('state-file'),
      control,
      iakCallbackUrl: value('iak-callback-url'),
      iakPort: wholeNumber(value('iak-port'), 'iak-port', 65535),
    },
    json: values.json as boolean,
    help: values.help as boolean,
  };
}
