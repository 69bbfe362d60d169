import type { ProductChange } from '../catalog/price-list';
import { isRc, type Rc } from '../protocol/response-codes';

/**
 * How supplier-sim misbehaves, for tests and demos. Counts are "the next N"; each use takes one.
 * - answerDelayMs: every buyer-API answer comes this much later (0: at once)
 * - http5xx: the next calls answer HTTP `status` (500) with no JSON
 * - garbage: the next calls answer HTTP 200 with a body that does not parse
 *   (both: `processed: true` carries the call out first, so a purchase exists behind the bad answer)
 * - lateSuccess: the next new purchases succeed at once but answer only after `delayMs`
 * - refuse: the next transaction calls answer `rc` (e.g. 45 IP not registered, 85 rate limit, 01 timeout)
 * - priceListRateLimited: the next price-list calls answer rc 83
 * - webhook: the next deliveries dropped / sent twice / signed with the wrong secret; every one `delayMs` late
 */
export interface Modes {
  answerDelayMs: number;
  http5xx: { count: number; status: number; processed: boolean };
  garbage: { count: number; processed: boolean };
  lateSuccess: { count: number; delayMs: number };
  refuse: { count: number; rc: Rc };
  priceListRateLimited: number;
  webhook: { drop: number; duplicate: number; badSignature: number; delayMs: number };
}

export const calmModes = (): Modes => ({
  answerDelayMs: 0,
  http5xx: { count: 0, status: 500, processed: false },
  garbage: { count: 0, processed: false },
  lateSuccess: { count: 0, delayMs: 10_000 },
  refuse: { count: 0, rc: '45' },
  priceListRateLimited: 0,
  webhook: { drop: 0, duplicate: 0, badSignature: 0, delayMs: 0 },
});

/** A `POST /_control/mode` body, read: changes to the modes, to products and to the deposit. */
export interface ControlChange {
  modes: Partial<Modes>;
  products: Record<string, ProductChange>;
  deposit?: number;
}

export class InvalidControl extends Error {
  override readonly name = 'InvalidControl';
}

export const CONTROL_EXAMPLE = `{"answerDelayMs":0, "http5xx":{"count":1,"status":503,"processed":false}, "garbage":1,
 "lateSuccess":{"count":1,"delayMs":8000}, "refuse":{"count":1,"rc":"45"}, "priceListRateLimited":1,
 "webhook":{"drop":1,"duplicate":1,"badSignature":1,"delayMs":2000},
 "products":{"TSEL10":{"seller_product_status":false,"price":11000}}, "deposit":100000}`;

const KNOWN = new Set([
  'answerDelayMs',
  'http5xx',
  'garbage',
  'lateSuccess',
  'refuse',
  'priceListRateLimited',
  'webhook',
  'products',
  'deposit',
]);

const PRODUCT_FIELDS: Record<keyof ProductChange, 'boolean' | 'number'> = {
  buyer_product_status: 'boolean',
  seller_product_status: 'boolean',
  unlimited_stock: 'boolean',
  price: 'number',
  stock: 'number',
  admin: 'number',
  commission: 'number',
};

function count(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new InvalidControl(`${name} must be a whole number of at least 0, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidControl(`${name} must be true or false`);
  return value;
}

function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidControl(`${name} must be an object`);
  }
  return value as Record<string, unknown>;
}

/** `n` or `{count: n, ...}`: the count and the other fields. */
function counted(value: unknown, name: string): { count: number; rest: Record<string, unknown> } {
  if (typeof value === 'number') return { count: count(value, name), rest: {} };
  const { count: given, ...rest } = object(value, name);
  return { count: count(given ?? 1, `${name}.count`), rest };
}

/** Reads a control body against the current modes; throws InvalidControl naming what is wrong. */
export function parseControl(body: unknown, current: Modes): ControlChange {
  const control = object(body, 'the body');
  const unknown = Object.keys(control).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) {
    throw new InvalidControl(`unknown field(s) ${unknown.join(', ')}; expected e.g. ${CONTROL_EXAMPLE}`);
  }
  const modes: Partial<Modes> = {};
  if (control.answerDelayMs !== undefined)
    modes.answerDelayMs = count(control.answerDelayMs, 'answerDelayMs');
  if (control.http5xx !== undefined) {
    const { count: n, rest } = counted(control.http5xx, 'http5xx');
    const status = rest.status ?? current.http5xx.status;
    if (!Number.isInteger(status) || (status as number) < 500 || (status as number) > 599) {
      throw new InvalidControl(`http5xx.status must be 500–599, got ${JSON.stringify(status)}`);
    }
    modes.http5xx = {
      count: n,
      status: status as number,
      processed: flag(rest.processed, 'http5xx.processed', false),
    };
  }
  if (control.garbage !== undefined) {
    const { count: n, rest } = counted(control.garbage, 'garbage');
    modes.garbage = { count: n, processed: flag(rest.processed, 'garbage.processed', false) };
  }
  if (control.lateSuccess !== undefined) {
    const { count: n, rest } = counted(control.lateSuccess, 'lateSuccess');
    const delayMs =
      rest.delayMs === undefined ? current.lateSuccess.delayMs : count(rest.delayMs, 'lateSuccess.delayMs');
    modes.lateSuccess = { count: n, delayMs };
  }
  if (control.refuse !== undefined) {
    const { count: n, rest } = counted(control.refuse, 'refuse');
    const rc = rest.rc ?? current.refuse.rc;
    if (!isRc(rc))
      throw new InvalidControl(`refuse.rc must be a Digiflazz rc such as "45", got ${JSON.stringify(rc)}`);
    modes.refuse = { count: n, rc };
  }
  if (control.priceListRateLimited !== undefined) {
    modes.priceListRateLimited = count(control.priceListRateLimited, 'priceListRateLimited');
  }
  if (control.webhook !== undefined) {
    const webhook = object(control.webhook, 'webhook');
    const next = { ...current.webhook };
    for (const [key, value] of Object.entries(webhook)) {
      if (!(key in next))
        throw new InvalidControl(`webhook.${key} is not one of drop, duplicate, badSignature, delayMs`);
      next[key as keyof Modes['webhook']] = count(value, `webhook.${key}`);
    }
    modes.webhook = next;
  }
  const products: Record<string, ProductChange> = {};
  for (const [sku, change] of Object.entries(
    control.products === undefined ? {} : object(control.products, 'products'),
  )) {
    const fields = object(change, `products.${sku}`);
    for (const [field, value] of Object.entries(fields)) {
      const type = PRODUCT_FIELDS[field as keyof ProductChange];
      if (!type)
        throw new InvalidControl(
          `products.${sku}.${field} cannot be changed; fields: ${Object.keys(PRODUCT_FIELDS).join(', ')}`,
        );
      if (typeof value !== type || (type === 'number' && !Number.isInteger(value))) {
        throw new InvalidControl(
          `products.${sku}.${field} must be ${type === 'number' ? 'a whole number' : 'true or false'}`,
        );
      }
    }
    products[sku] = fields as ProductChange;
  }
  const deposit = control.deposit === undefined ? undefined : count(control.deposit, 'deposit');
  return { modes, products, deposit };
}

/** The current modes, with a way to use up one of the next-N misbehaviours. */
export class ModeState {
  private current = calmModes();

  get modes(): Modes {
    return structuredClone(this.current);
  }

  apply(change: Partial<Modes>): void {
    this.current = { ...this.current, ...structuredClone(change) };
  }

  reset(): void {
    this.current = calmModes();
  }

  get answerDelayMs(): number {
    return this.current.answerDelayMs;
  }

  /** The misbehaviour's settings when one is left, using it up. */
  take<K extends 'http5xx' | 'garbage' | 'lateSuccess' | 'refuse'>(name: K): Modes[K] | undefined {
    const mode = this.current[name];
    if (mode.count <= 0) return undefined;
    mode.count -= 1;
    return { ...mode };
  }

  takePriceListRateLimit(): boolean {
    if (this.current.priceListRateLimited <= 0) return false;
    this.current.priceListRateLimited -= 1;
    return true;
  }

  takeWebhook(name: 'drop' | 'duplicate' | 'badSignature'): boolean {
    if (this.current.webhook[name] <= 0) return false;
    this.current.webhook[name] -= 1;
    return true;
  }

  get webhookDelayMs(): number {
    return this.current.webhook.delayMs;
  }
}
