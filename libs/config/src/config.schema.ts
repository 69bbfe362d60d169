// Long on purpose: every setting kios reads, in one table that the README's table and the start-up validation both follow.
import { DEFAULT_CALLBACK_SCHEDULE, InvalidCallbackSchedule, parseCallbackSchedule } from '@kios/ordering';

/**
 * Every setting kios reads from its environment (docs/architecture.md §6), with its default and its
 * parser; kios-cli reads the same environment, so it finds the same stores. The README's
 * configuration table and the docker-compose check are derived from this list.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Parser<T> = (raw: string, name: string) => T;

interface Setting<T, Defaulted extends boolean = boolean> {
  name: string;
  default: Defaulted extends true ? string : undefined;
  meaning: string;
  parse: Parser<T>;
}

function setting<T>(name: string, meaning: string, parse: Parser<T>): Setting<T, false>;
function setting<T>(name: string, meaning: string, parse: Parser<T>, defaultValue: string): Setting<T, true>;
function setting<T>(name: string, meaning: string, parse: Parser<T>, defaultValue?: string): Setting<T> {
  return { name, meaning, parse, default: defaultValue } as Setting<T>;
}

const text: Parser<string> = (raw) => raw;

const integer =
  (min: number, max: number): Parser<number> =>
  (raw, name) => {
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return Number(raw);
  };

const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw, name) => {
    if (!values.includes(raw as T)) {
      throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  };

const url =
  (...schemes: string[]): Parser<string> =>
  (raw, name) => {
    if (!schemes.some((scheme) => raw.startsWith(scheme))) {
      throw new ConfigError(`${name} must start with ${schemes.join(' or ')}, got "${raw}"`);
    }
    return raw;
  };

const DURATION_UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration in milliseconds, or written with a unit as the callback schedule's are (`80d`, `12h`, `5m`). */
const duration =
  (minMs: number, maxMs: number, limits: string): Parser<number> =>
  (raw, name) => {
    const match = /^(\d+)(ms|s|m|h|d)?$/.exec(raw);
    const ms = match
      ? Number(match[1]) * DURATION_UNIT_MS[(match[2] ?? 'ms') as keyof typeof DURATION_UNIT_MS]
      : NaN;
    if (!(ms >= minMs && ms <= maxMs)) {
      throw new ConfigError(`${name} must be a duration ${limits}, in ms or like 80d, 12h, 5m, got "${raw}"`);
    }
    return ms;
  };

/** An amount of money in minor units (rupiah × 100), as a digit string; read as a bigint. */
const minorUnits: Parser<bigint> = (raw, name) => {
  if (!/^\d{1,18}$/.test(raw))
    throw new ConfigError(`${name} must be an amount in minor units (digits), got "${raw}"`);
  return BigInt(raw);
};

const identifier: Parser<string> = (raw, name) => {
  if (raw.length < 1 || raw.length > 64) throw new ConfigError(`${name} must be 1-64 characters`);
  return raw;
};

export const settings = {
  nodeEnv: setting('NODE_ENV', 'production turns dev-key generation off', text, 'development'),
  port: setting('KIOS_PORT', 'HTTP port', integer(0, 65535), '8080'),
  host: setting('KIOS_HOST', 'address to listen on', text, '0.0.0.0'),
  basePath: setting(
    'KIOS_BASE_PATH',
    'prefix of the four DANA endpoints (the merchant base URL registered with DANA)',
    (raw, name) => {
      if (raw !== '' && !/^(\/[A-Za-z0-9._-]+)+$/.test(raw)) {
        throw new ConfigError(`${name} must be empty or a path like /dana, got "${raw}"`);
      }
      return raw;
    },
    '',
  ),
  dataDir: setting('KIOS_DATA_DIR', 'where embedded stores and dev keys live', text, './data'),
  eventStore: setting(
    'KIOS_EVENT_STORE',
    '`sqlite:<path>`, `postgres://user@host:5432/db[?schema=name]` (or `postgresql://`), `kurrentdb://host:2113?tls=false` or `memory:`',
    text,
    'sqlite:${KIOS_DATA_DIR}/events.db',
  ),
  sqliteSync: setting(
    'KIOS_SQLITE_SYNC',
    '`full` fsyncs an SQLite event store at every commit; `normal` is faster but may lose the last commits on power loss',
    oneOf('normal', 'full'),
    'full',
  ),
  readModel: setting(
    'KIOS_READ_MODEL',
    '`sqlite:<path>` or `postgres://user@host:5432/db`',
    url('sqlite:', 'postgres://', 'postgresql://'),
    'sqlite:${KIOS_DATA_DIR}/read.db',
  ),
  merchantPrivateKeyFile: setting(
    'KIOS_MERCHANT_PRIVATE_KEY_FILE',
    "kios's private key, PEM (PKCS#8 or PKCS#1); dev key under `./data/keys/` when unset",
    text,
  ),
  merchantPrivateKey: setting(
    'KIOS_MERCHANT_PRIVATE_KEY',
    'the same key inline (PEM, `\\n` escapes or bare base64), instead of the file',
    text,
  ),
  danaPublicKeyFile: setting(
    'KIOS_DANA_PUBLIC_KEY_FILE',
    "DANA's public key, PEM (SPKI), or two (current, then next) while DANA rotates its key; dev key under `./data/keys/` when unset",
    text,
  ),
  danaPublicKey: setting(
    'KIOS_DANA_PUBLIC_KEY',
    'the same key (or two) inline, instead of the file: PEM blocks, or bare base64 separated by a comma',
    text,
  ),
  danaBaseUrl: setting(
    'KIOS_DANA_BASE_URL',
    'where callbacks and notify-status go (dana-sim by default)',
    url('http://', 'https://'),
    'http://127.0.0.1:8090',
  ),
  aggregatorId: setting(
    'KIOS_AGGREGATOR_ID',
    'aggregator id DANA assigns',
    identifier,
    'KIOS-DEV-AGGREGATOR',
  ),
  partnerId: setting(
    'KIOS_PARTNER_ID',
    'partner (merchant) id DANA assigns',
    identifier,
    '216620000000000000000',
  ),
  supplier: setting(
    'KIOS_SUPPLIER',
    'supplier adapter: `simulator` (in process), `digiflazz` (docs/digiflazz.md), `iak` (docs/iak.md), or `routed`: every configured one by the offers (docs/architecture.md §4 step 4)',
    oneOf('simulator', 'digiflazz', 'iak', 'routed'),
    'simulator',
  ),
  digiflazzUrl: setting(
    'KIOS_DIGIFLAZZ_URL',
    "digiflazz: the buyer API's origin (supplier-sim's URL for local runs)",
    url('http://', 'https://'),
    'https://api.digiflazz.com',
  ),
  digiflazzUsername: setting(
    'KIOS_DIGIFLAZZ_USERNAME',
    'digiflazz: the account username; required with `KIOS_SUPPLIER=digiflazz`',
    text,
  ),
  digiflazzKey: setting(
    'KIOS_DIGIFLAZZ_KEY',
    'digiflazz: the API key (production, or development with testing on), which signs requests; never logged',
    text,
  ),
  digiflazzKeyFile: setting(
    'KIOS_DIGIFLAZZ_KEY_FILE',
    'digiflazz: a file holding the API key, instead of `KIOS_DIGIFLAZZ_KEY`',
    text,
  ),
  digiflazzWebhookSecret: setting(
    'KIOS_DIGIFLAZZ_WEBHOOK_SECRET',
    "digiflazz: the webhook's secret (X-Hub-Signature); never logged",
    text,
  ),
  digiflazzTesting: setting(
    'KIOS_DIGIFLAZZ_TESTING',
    "digiflazz: `on` sends `testing: true` with every transaction (Digiflazz's sandbox numbers; use the development key)",
    oneOf('on', 'off'),
    'off',
  ),
  digiflazzTimeoutMs: setting(
    'KIOS_DIGIFLAZZ_TIMEOUT_MS',
    'digiflazz: each call is given up after this long and counts as in doubt (below KIOS_SUPPLIER_BUDGET_MS)',
    integer(50, 60_000),
    '4500',
  ),
  digiflazzStatusIntervalMs: setting(
    'KIOS_DIGIFLAZZ_STATUS_INTERVAL_MS',
    'digiflazz: a pending transaction is asked about again no sooner than this (Digiflazz asks for a minute)',
    integer(0, 3_600_000),
    '60000',
  ),
  digiflazzRecheckHorizonMs: setting(
    'KIOS_DIGIFLAZZ_RECHECK_HORIZON',
    'digiflazz: no call about a reference first sent longer ago (Digiflazz: a new sale past 90 days); flag the order',
    duration(60_000, 89 * 86_400_000, 'from 1m to 89d'),
    '80d',
  ),
  digiflazzMinBalance: setting(
    'KIOS_DIGIFLAZZ_MIN_BALANCE',
    'digiflazz: below this deposit, in minor units (rupiah × 100), /ready names the low balance; one OPERATOR ALERT',
    minorUnits,
  ),
  iakMinBalance: setting(
    'KIOS_IAK_MIN_BALANCE',
    'iak, routed: below this deposit, in minor units (rupiah × 100), IAK is skipped until a probe reads it topped up',
    minorUnits,
  ),
  iakUrl: setting(
    'KIOS_IAK_URL',
    "iak: the prepaid API's base URL (the sandbox; production is https://prepaid.iak.id/api/)",
    url('http://', 'https://'),
    'https://prepaid.iak.dev/api/',
  ),
  iakUsername: setting(
    'KIOS_IAK_USERNAME',
    'iak: the account username (its registered phone number); required with `KIOS_SUPPLIER=iak`',
    text,
  ),
  iakApiKey: setting(
    'KIOS_IAK_API_KEY',
    'iak: the API key (development for the sandbox, production for prepaid.iak.id), which signs requests; never logged',
    text,
  ),
  iakApiKeyFile: setting(
    'KIOS_IAK_API_KEY_FILE',
    'iak: a file holding the API key, instead of `KIOS_IAK_API_KEY`',
    text,
  ),
  iakTimeoutMs: setting(
    'KIOS_IAK_TIMEOUT_MS',
    'iak: each call is given up after this long and counts as in doubt (below KIOS_SUPPLIER_BUDGET_MS)',
    integer(50, 60_000),
    '4500',
  ),
  supplierUnhealthyAfter: setting(
    'KIOS_SUPPLIER_UNHEALTHY_AFTER',
    'routed: this many in-doubt answers or refused connections within the health window take a supplier out of routing',
    integer(1, 1000),
    '5',
  ),
  supplierHealthWindowMs: setting(
    'KIOS_SUPPLIER_HEALTH_WINDOW_MS',
    "routed: the window KIOS_SUPPLIER_UNHEALTHY_AFTER counts a supplier's bad answers in",
    integer(1000, 86_400_000),
    '60000',
  ),
  supplierProbeMs: setting(
    'KIOS_SUPPLIER_PROBE_MS',
    'routed: an unhealthy supplier is asked its balance this often; an answer at or above its minimum brings it back',
    integer(100, 3_600_000),
    '30000',
  ),
  minMargin: setting(
    'KIOS_MIN_MARGIN',
    "routed: an offer whose known cost leaves kios less than this of DANA's price, in minor units, is skipped",
    minorUnits,
    '0',
  ),
  supplierSyncInterval: setting(
    'KIOS_SUPPLIER_SYNC_INTERVAL',
    "digiflazz: read the price list (offers' availability) and the deposit this often, in ms or like 15m; off when unset",
    duration(100, 86_400_000, 'from 100ms to 1d'),
  ),
  simDelayMs: setting(
    'KIOS_SIM_DELAY_MS',
    'simulator: delay before a pending order resolves',
    integer(0, 3_600_000),
    '3000',
  ),
  supplierBudgetMs: setting(
    'KIOS_SUPPLIER_BUDGET_MS',
    "how long Create Order waits for the supplier inside DANA's 8 s",
    integer(100, 7000),
    '5000',
  ),
  inquiryExpiryMs: setting(
    'KIOS_INQUIRY_EXPIRY_MS',
    'how long an inquiry can be used for an order',
    integer(1000, 86_400_000),
    '1800000',
  ),
  simPurchasesFile: setting(
    'KIOS_SIM_PURCHASES_FILE',
    'simulator: where it remembers its purchases across kios restarts (a real supplier outlives kios)',
    text,
    '${KIOS_DATA_DIR}/simulator-purchases.jsonl',
  ),
  fulfilmentFirstCheckMs: setting(
    'KIOS_FULFILMENT_FIRST_CHECK_MS',
    'fulfilment follow-up: first status check of a pending or in-doubt order after its last change; doubles after each check',
    integer(50, 3_600_000),
    '1000',
  ),
  fulfilmentMaxCheckIntervalMs: setting(
    'KIOS_FULFILMENT_MAX_CHECK_INTERVAL_MS',
    'fulfilment follow-up: longest wait between two status checks of one order',
    integer(50, 86_400_000),
    '300000',
  ),
  fulfilmentHorizonMs: setting(
    'KIOS_FULFILMENT_HORIZON_MS',
    'fulfilment follow-up: after this long without a final supplier answer an order is flagged for operators',
    integer(1000, 30 * 86_400_000),
    '86400000',
  ),
  bodyLimitBytes: setting(
    'KIOS_BODY_LIMIT_BYTES',
    'largest request body accepted (413 above)',
    integer(1024, 10_485_760),
    '262144',
  ),
  headersTimeoutMs: setting(
    'KIOS_HEADERS_TIMEOUT_MS',
    "longest wait for a request's headers once its connection sent the first byte; then the connection is closed (408, unsigned: no path is known yet)",
    integer(1000, 600_000),
    '10000',
  ),
  bodyTimeoutMs: setting(
    'KIOS_BODY_TIMEOUT_MS',
    "longest wait for a request's whole body after its headers; then a signed 408 REQUEST_TIMEOUT on DANA's paths, and the connection is closed",
    integer(100, 600_000),
    '10000',
  ),
  rateLimitPerMinute: setting(
    'KIOS_RATE_LIMIT_PER_MINUTE',
    'DANA requests one client address may send a minute (a signed 429 beyond); off when unset. Addresses in KIOS_DANA_ADDRESSES are not limited',
    integer(1, 1_000_000),
  ),
  danaAddresses: setting(
    'KIOS_DANA_ADDRESSES',
    "DANA's own addresses, comma-separated: never rate-limited",
    text,
  ),
  trustedProxies: setting(
    'KIOS_TRUSTED_PROXIES',
    'addresses of the proxies in front of kios, comma-separated: a request through one is keyed by the address it forwarded (X-Forwarded-For)',
    text,
  ),
  catalogFile: setting(
    'KIOS_CATALOG_FILE',
    'products imported at first start',
    text,
    'catalog/sample-catalog.json',
  ),
  adminToken: setting(
    'KIOS_ADMIN_TOKEN',
    'bearer token for scripts on the admin/auditor API, acting as user `token` with role admin; none when unset (people sign in at /admin/sign-in)',
    text,
  ),
  sessionSecret: setting(
    'KIOS_SESSION_SECRET',
    "key signing the admin pages' session cookies, at least 32 characters, the same on every replica; generated into ${KIOS_DATA_DIR}/session-secret outside production, required in production; never logged",
    (raw, name) => {
      if (raw.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
      return raw;
    },
  ),
  sessionTtlMs: setting(
    'KIOS_SESSION_TTL_MS',
    'how long an admin session lasts after signing in',
    duration(60_000, 7 * 86_400_000, 'from 1m to 7d'),
    '8h',
  ),
  logLevel: setting(
    'KIOS_LOG_LEVEL',
    'log level',
    oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
    'info',
  ),
  logFormat: setting(
    'KIOS_LOG_FORMAT',
    '`json` (one JSON object a line), `pretty`, or `auto`: pretty on a terminal, JSON otherwise',
    oneOf('auto', 'json', 'pretty'),
    'auto',
  ),
  docs: setting(
    'KIOS_DOCS',
    '`on` serves the OpenAPI document and its viewer at /docs',
    oneOf('on', 'off'),
    'off',
  ),
  reqTimeWindowMs: setting(
    'KIOS_REQ_TIME_WINDOW_MS',
    "how far a DANA request's reqTime may be from kios's clock, either way, before it is counted and logged as stale (refused with KIOS_REQ_TIME_ENFORCE=on); also how long a reqMsgId is remembered to spot a replay",
    integer(1_000, 86_400_000),
    '300000',
  ),
  reqTimeEnforce: setting(
    'KIOS_REQ_TIME_ENFORCE',
    '`on` refuses a request whose reqTime is outside KIOS_REQ_TIME_WINDOW_MS with a signed 401 (DANA documents no clock-skew limit: off by default)',
    oneOf('on', 'off'),
    'off',
  ),
  refuseReplays: setting(
    'KIOS_REFUSE_REPLAYS',
    '`on` refuses a reqMsgId seen within KIOS_REQ_TIME_WINDOW_MS with a signed 401 (off by default: Create Order is idempotent and DANA documents no retry behaviour)',
    oneOf('on', 'off'),
    'off',
  ),
  startupWaitMs: setting(
    'KIOS_STARTUP_WAIT_MS',
    'how long kios retries, with backoff, an event store or read model it cannot reach at start before it gives up naming it',
    integer(0, 3_600_000),
    '60000',
  ),
  readyMaxLagEvents: setting(
    'KIOS_READY_MAX_LAG_EVENTS',
    '/ready answers 503 while a projection trails the event store by more events than this',
    integer(0, 1_000_000),
    '1000',
  ),
  readyCheckTimeoutMs: setting(
    'KIOS_READY_CHECK_TIMEOUT_MS',
    '/ready counts a store that does not answer within this long as unreachable',
    integer(50, 60_000),
    '2000',
  ),
  callbackSchedule: setting(
    'KIOS_CALLBACK_SCHEDULE',
    'delays between Order Complete Callback attempts DANA did not accept, the last repeating (docs/dana-protocol.md §5.6)',
    (raw, name) => {
      try {
        return parseCallbackSchedule(raw);
      } catch (error) {
        if (error instanceof InvalidCallbackSchedule) throw new ConfigError(`${name}: ${error.message}`);
        throw error;
      }
    },
    DEFAULT_CALLBACK_SCHEDULE,
  ),
  callbackJitterPercent: setting(
    'KIOS_CALLBACK_JITTER_PERCENT',
    'each callback retry delay is moved at random by up to this share of itself',
    integer(0, 50),
    '20',
  ),
  callbackGiveUpMs: setting(
    'KIOS_CALLBACK_GIVE_UP_MS',
    'no callback retry later than this after the order became final; then the callback is abandoned',
    integer(1000, 30 * 86_400_000),
    '86400000',
  ),
  callbackTimeoutMs: setting(
    'KIOS_CALLBACK_TIMEOUT_MS',
    "how long a callback or a product status notice waits for DANA's answer (DANA's documented 8 s)",
    integer(100, 60_000),
    '8000',
  ),
  callbackPollMs: setting(
    'KIOS_CALLBACK_POLL_MS',
    'the longest the callback dispatcher sleeps before looking for due callbacks again',
    integer(20, 60_000),
    '1000',
  ),
  notifyProductStatus: setting(
    'KIOS_NOTIFY_PRODUCT_STATUS',
    "`on` pushes every product's availability changes to DANA (Notify Aggregator Product Status, docs/dana-protocol.md §3.6)",
    oneOf('on', 'off'),
    'off',
  ),
  notifyPollMs: setting(
    'KIOS_NOTIFY_POLL_MS',
    'how often the product status notifier looks for product changes DANA has not been told',
    integer(20, 60_000),
    '1000',
  ),
  role: setting(
    'KIOS_ROLE',
    '`all` (the API here and the background processors in a worker process it starts), `api` (no background processor) or `worker` (background processors, no HTTP); `--role` on the command line wins (docs/architecture.md §1)',
    oneOf('all', 'api', 'worker'),
    'all',
  ),
  leaseTtlMs: setting(
    'KIOS_LEASE_TTL_MS',
    "how long a background processor's lease lasts unrenewed (renewed every third of it); another replica takes over within it (docs/architecture.md §1)",
    integer(1_000, 600_000),
    '10000',
  ),
  anchorEveryEvents: setting(
    'KIOS_ANCHOR_EVERY_EVENTS',
    'the anchor writer signs an anchor of the log once this many events are not yet covered by one (README "Anchors")',
    // An anchor lists the head of every stream its events changed (about 150 bytes each): at most
    // 5,000 keeps one anchor event under KurrentDB's default 1 MiB append limit.
    integer(1, 5_000),
    '1000',
  ),
  anchorEveryMs: setting(
    'KIOS_ANCHOR_EVERY_MS',
    'and at the latest this long after the previous anchor, when at least one event is not yet covered',
    integer(100, 86_400_000),
    '60000',
  ),
  auditKeyFile: setting(
    'KIOS_AUDIT_KEY_FILE',
    "the private key (PEM) anchors are signed with; kios's merchant private key when unset",
    text,
  ),
  auditEarlierKeysFile: setting(
    'KIOS_AUDIT_EARLIER_KEYS_FILE',
    'the public keys (PEM blocks) of earlier audit keys: anchors signed before a key change still verify',
    text,
  ),
  faultInjection: setting(
    'KIOS_FAULT_INJECTION',
    'tests only, ignored in production: kill the process with SIGKILL at this point of the callback',
    oneOf('crash-before-callback-send', 'crash-after-callback-answer'),
  ),
};

export type Settings = typeof settings;
/** Settings with a default always have a value; the others may be unset. */
export type RawSettings = {
  [K in keyof Settings]: Settings[K] extends Setting<infer T, infer Defaulted>
    ? Defaulted extends true
      ? T
      : T | undefined
    : never;
};

/** Reads and validates every setting; all problems are reported together. */
export function readSettings(env: Record<string, string | undefined>): RawSettings {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const dataDir = env[settings.dataDir.name] || settings.dataDir.default;
  for (const [key, s] of Object.entries(settings) as [string, Setting<unknown>][]) {
    // Defaults may name the data directory, so one KIOS_DATA_DIR moves every embedded file.
    const raw =
      env[s.name] === undefined || env[s.name] === ''
        ? s.default?.replace('${KIOS_DATA_DIR}', dataDir)
        : env[s.name];
    try {
      values[key] = raw === undefined ? undefined : s.parse(raw, s.name);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return values as RawSettings;
}
