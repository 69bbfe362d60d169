import { readFileSync } from 'node:fs';
import type { DanaDestinationInfo } from '@kios/dana-protocol';
import { parse } from 'yaml';
import { SimError } from '../sim-context';

/** Which requestId a step uses: a fresh one, the one of an earlier createOrder step, or this text. */
export type RequestIdRef =
  { kind: 'new' } | { kind: 'same'; step: string } | { kind: 'literal'; value: string };

/** `present`, `absent` (missing or ""), or exactly this text. */
export type FieldExpectation = { kind: 'present' } | { kind: 'absent' } | { kind: 'equals'; value: string };

export interface Expectations {
  httpStatus: number;
  resultCode?: string;
  count?: number;
  includes?: string[];
  inquiryStatus?: string;
  customerName?: FieldExpectation;
  totalAmount?: string;
  orderStatus?: string;
  eventually?: string;
  serialNumber?: FieldExpectation;
  token?: FieldExpectation;
  sameOrderAs?: string;
  callback?: string;
  orderStatuses?: string[];
  userStatus?: string;
}

interface StepCommon {
  name: string;
  /** 1-based position in the file. */
  number: number;
  expect: Expectations;
  /** How long `eventually`, `wait` and `callback` may take. */
  timeoutMs: number;
}

export type ScenarioStep = StepCommon &
  (
    | { call: 'products'; type: string; provider?: string }
    | { call: 'inquire'; productId: string; destination: DanaDestinationInfo }
    | {
        call: 'createOrder';
        productId: string;
        destination: DanaDestinationInfo;
        requestId: RequestIdRef;
        /** danaSellingPrice in minor units; else the inquiry's total. */
        price?: string;
        /** An earlier inquire step whose inquiryId and total the order uses. */
        inquiry?: string;
      }
    | { call: 'orderDetail'; requestIds: RequestIdRef[] }
    | { call: 'wait'; requestId: RequestIdRef }
    /** User Validate (docs/dana-protocol.md §3.7): the account is `destination`, its secondaryParam `secondary`. */
    | { call: 'validate'; productId: string; destination: DanaDestinationInfo }
  );

export type ScenarioCall = ScenarioStep['call'];

export const DEFAULT_STEP_TIMEOUT_MS = 15_000;

/** The keys each call takes, besides `step`, `call` and `expect`. */
const STEP_KEYS: Record<ScenarioCall, string[]> = {
  products: ['type', 'provider'],
  inquire: ['productId', 'destination', 'zone'],
  createOrder: ['productId', 'destination', 'zone', 'requestId', 'price', 'inquiry', 'timeoutMs'],
  orderDetail: ['requestIds'],
  wait: ['requestId', 'timeoutMs'],
  validate: ['productId', 'destination', 'secondary'],
};

const EXPECT_KEYS: Record<ScenarioCall, string[]> = {
  products: ['httpStatus', 'resultCode', 'count', 'includes'],
  inquire: ['httpStatus', 'resultCode', 'inquiryStatus', 'customerName', 'totalAmount'],
  createOrder: [
    'httpStatus',
    'resultCode',
    'orderStatus',
    'eventually',
    'serialNumber',
    'token',
    'sameOrderAs',
    'callback',
  ],
  orderDetail: ['httpStatus', 'resultCode', 'orderStatuses'],
  wait: ['orderStatus', 'serialNumber', 'token', 'callback'],
  validate: ['httpStatus', 'resultCode', 'userStatus', 'customerName'],
};

const CALLS = Object.keys(STEP_KEYS) as ScenarioCall[];

type Raw = Record<string, unknown>;

/** Reads a scenario file (YAML or JSON); every mistake is a SimError naming the file and the step. */
export function readScenarioFile(path: string): ScenarioStep[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SimError(`cannot read scenario ${path}: ${(error as Error).message}`);
  }
  return parseScenario(text, path);
}

/**
 * Every scalar is read as text (YAML's failsafe schema), so a destination like 081234567890 keeps
 * its leading zero whether it is quoted or not; numbers are converted where a number is meant.
 */
export function parseScenario(text: string, source: string): ScenarioStep[] {
  let document: unknown;
  try {
    document = parse(text, { schema: 'failsafe' });
  } catch (error) {
    throw new SimError(`${source} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  const steps = isObject(document) && 'steps' in document ? document.steps : document;
  if (!Array.isArray(steps) || steps.length === 0) {
    throw new SimError(`${source} must be a list of steps (or {steps: [...]}) with at least one step`);
  }
  const parsed: ScenarioStep[] = [];
  steps.forEach((raw, index) => parsed.push(readStep(raw, index + 1, parsed, source)));
  return parsed;
}

function readStep(raw: unknown, number: number, earlier: ScenarioStep[], source: string): ScenarioStep {
  const where =
    isObject(raw) && typeof raw.step === 'string' ? `step ${number} "${raw.step}"` : `step ${number}`;
  const fail = (problem: string): never => {
    throw new SimError(`${source}: ${where}: ${problem}`);
  };
  if (!isObject(raw)) return fail('must be a mapping of keys');
  const name =
    typeof raw.step === 'string' && raw.step.trim() !== '' ? raw.step : fail('needs a `step` name');
  if (earlier.some((step) => step.name === name))
    fail('the name is used by an earlier step; names must be unique');
  const call = raw.call as ScenarioCall;
  if (!CALLS.includes(call))
    fail(`\`call\` must be one of ${CALLS.join(', ')}, got ${JSON.stringify(raw.call)}`);

  const read = new Fields(raw, fail);
  read.only(['step', 'call', 'expect', ...STEP_KEYS[call]], '');
  const expectRaw = raw.expect === undefined ? {} : raw.expect;
  if (!isObject(expectRaw)) fail('`expect` must be a mapping');
  const expected = new Fields(expectRaw as Raw, fail);
  expected.only(EXPECT_KEYS[call], 'expect.');

  const refersTo = (key: string, stepName: string, calls: ScenarioCall[]): string => {
    const target = earlier.find((step) => step.name === stepName);
    if (!target || !calls.includes(target.call)) {
      fail(`${key} "${stepName}" must name an earlier ${calls.join(' or ')} step`);
    }
    return stepName;
  };
  const requestIdRef = (key: string, value: string): RequestIdRef => {
    if (value === '$new') return { kind: 'new' };
    if (value.startsWith('$same:'))
      return { kind: 'same', step: refersTo(key, value.slice(6), ['createOrder']) };
    if (value.startsWith('$')) fail(`${key} must be $new, $same:<step> or a requestId, got "${value}"`);
    return { kind: 'literal', value };
  };
  const destination = (secondaryKey = 'zone'): DanaDestinationInfo => {
    const primaryParam = read.text('destination', true)!;
    const secondaryParam = read.text(secondaryKey);
    return secondaryParam === undefined ? { primaryParam } : { primaryParam, secondaryParam };
  };

  const sameOrderAs = expected.text('sameOrderAs');
  const expect: Expectations = {
    httpStatus: expected.integer('httpStatus') ?? 200,
    resultCode: expected.text('resultCode'),
    count: expected.integer('count'),
    includes: expected.list('includes'),
    inquiryStatus: expected.text('inquiryStatus'),
    customerName: expected.field('customerName'),
    totalAmount: expected.digits('totalAmount'),
    orderStatus: expected.text('orderStatus'),
    eventually: expected.text('eventually'),
    serialNumber: expected.field('serialNumber'),
    token: expected.field('token'),
    sameOrderAs: sameOrderAs && refersTo('expect.sameOrderAs', sameOrderAs, ['createOrder']),
    callback: expected.text('callback'),
    orderStatuses: expected.list('orderStatuses'),
    userStatus: expected.text('userStatus'),
  };
  const common: StepCommon = {
    name,
    number,
    expect: withoutUndefined(expect),
    timeoutMs: read.integer('timeoutMs') ?? DEFAULT_STEP_TIMEOUT_MS,
  };

  switch (call) {
    case 'products':
      return withoutUndefined({
        ...common,
        call,
        type: read.text('type', true)!,
        provider: read.text('provider'),
      });
    case 'inquire':
      return { ...common, call, productId: read.text('productId', true)!, destination: destination() };
    case 'createOrder': {
      const inquiry = read.text('inquiry');
      return withoutUndefined({
        ...common,
        call,
        productId: read.text('productId', true)!,
        destination: destination(),
        requestId: requestIdRef('requestId', read.text('requestId') ?? '$new'),
        price: read.digits('price'),
        inquiry: inquiry && refersTo('inquiry', inquiry, ['inquire']),
      });
    }
    case 'orderDetail': {
      const ids = read.list('requestIds') ?? fail('needs `requestIds`, a list');
      if (expect.orderStatuses && expect.orderStatuses.length !== ids.length) {
        fail(`expect.orderStatuses has ${expect.orderStatuses.length} entries for ${ids.length} requestIds`);
      }
      return { ...common, call, requestIds: ids.map((id) => requestIdRef('requestIds', id)) };
    }
    case 'wait':
      return { ...common, call, requestId: requestIdRef('requestId', read.text('requestId', true)!) };
    case 'validate':
      return {
        ...common,
        call,
        productId: read.text('productId', true)!,
        destination: destination('secondary'),
      };
  }
}

/** Typed reads of one mapping, failing with the key's name. */
class Fields {
  constructor(
    private readonly raw: Raw,
    private readonly fail: (problem: string) => never,
  ) {}

  only(allowed: string[], prefix: string): void {
    const unknown = Object.keys(this.raw).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) {
      this.fail(
        `unknown key ${unknown.map((key) => prefix + key).join(', ')}; this call takes ${allowed.map((key) => prefix + key).join(', ')}`,
      );
    }
  }

  text(key: string, required = false): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return required ? this.fail(`needs \`${key}\``) : undefined;
    if (typeof value !== 'string' || value === '') return this.fail(`\`${key}\` must be a non-empty text`);
    return value;
  }

  digits(key: string): string | undefined {
    const value = this.text(key);
    if (value !== undefined && !/^\d{1,19}$/.test(value)) {
      this.fail(
        `\`${key}\` must be an amount in minor units (digits, e.g. "1025000" for Rp 10.250), got "${value}"`,
      );
    }
    return value;
  }

  integer(key: string): number | undefined {
    const value = this.text(key);
    if (value !== undefined && !/^\d+$/.test(value))
      this.fail(`\`${key}\` must be a whole number, got "${value}"`);
    return value === undefined ? undefined : Number(value);
  }

  list(key: string): string[] | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      return this.fail(`\`${key}\` must be a list of texts`);
    }
    return value as string[];
  }

  field(key: string): FieldExpectation | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    if (value === 'present' || value === 'absent') return { kind: value };
    return { kind: 'equals', value };
  }
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
