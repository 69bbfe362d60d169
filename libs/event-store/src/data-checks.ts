/**
 * The field helpers every event decoder's checks are built from (event-decoder.ts): each is a type
 * guard that can also say why a value fails, naming the field. Events carry JSON only (money as
 * minor-unit digit strings, instants as ISO-8601 UTC text), so these check JSON types, not domain rules.
 */
export interface Check<T> {
  (value: unknown): value is T;
  /** Why `value` fails, naming the field at `path`; undefined when it passes. */
  problem(value: unknown, path?: string): string | undefined;
  /** What it accepts, for readers that walk an event type's fields (every property a page must label). */
  readonly form: CheckForm;
}

/** The structure of a check: a JSON primitive of some kind, or how it is built from other checks. */
export type CheckForm =
  | { kind: 'string' | 'boolean' | 'positiveInteger' | 'digits' | 'instant' }
  | { kind: 'oneOf'; values: readonly (string | boolean | number)[] }
  | { kind: 'optional'; inner: Check<unknown> }
  | { kind: 'array'; item: Check<unknown> }
  | { kind: 'shape'; fields: Readonly<Record<string, Check<unknown>>> }
  | { kind: 'anyOf'; alternatives: readonly Check<unknown>[] };

/** A field that may be absent: `shape` makes its key optional. */
export type OptionalCheck<T> = Check<T | undefined> & { readonly optional: true };

type Checked<C> = C extends (value: unknown) => value is infer T ? T : never;
type Fields = Record<string, Check<unknown>>;
type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends { optional: true } ? K : never;
}[keyof F];
type Expand<T> = { [K in keyof T]: T[K] };

/** The object type a `shape` of `F` checks: optional fields optional. */
export type Shaped<F extends Fields> = Expand<
  { [K in Exclude<keyof F, OptionalKeys<F>>]: Checked<F[K]> } & {
    [K in OptionalKeys<F>]?: Exclude<Checked<F[K]>, undefined>;
  }
>;

/** How a failing value is shown in a problem: short JSON, or its JavaScript type. */
function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** A check from the one function that finds its problem, and its form. */
function check<T>(form: CheckForm, problem: (value: unknown, path: string) => string | undefined): Check<T> {
  const guard = (value: unknown): value is T => problem(value, 'data') === undefined;
  return Object.assign(guard, { problem: (value: unknown, path = 'data') => problem(value, path), form });
}

/** A check that a value is one JSON primitive of some form; `expected` completes "must be …". */
function primitive<T>(form: CheckForm, expected: string, test: (value: unknown) => boolean): Check<T> {
  return check<T>(form, (value, path) =>
    test(value) ? undefined : `${path} must be ${expected}, got ${shown(value)}`,
  );
}

export const isString = primitive<string>(
  { kind: 'string' },
  'a string',
  (value) => typeof value === 'string',
);
export const isBoolean = primitive<boolean>(
  { kind: 'boolean' },
  'a boolean',
  (value) => typeof value === 'boolean',
);
/** A count, such as a callback attempt: a JSON integer of at least 1. */
export const isPositiveInteger = primitive<number>(
  { kind: 'positiveInteger' },
  'a positive integer',
  (value) => Number.isSafeInteger(value) && (value as number) >= 1,
);
/** Money in minor units: a digit string, never a number (docs/dana-protocol.md §1.6). */
export const isDigits = primitive<string>(
  { kind: 'digits' },
  'a digit string',
  (value) => typeof value === 'string' && /^\d+$/.test(value),
);
/** An instant as events carry it: ISO-8601 UTC text, as `Date.toISOString` writes it. */
export const isInstant = primitive<string>(
  { kind: 'instant' },
  'an ISO-8601 UTC instant',
  (value) =>
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
);

/** One of a few literal values, such as a failure code or a product's module. */
export function oneOf<const V extends readonly (string | boolean | number)[]>(
  ...values: V
): Check<V[number]> {
  return primitive<V[number]>(
    { kind: 'oneOf', values },
    `one of ${values.map((value) => shown(value)).join(', ')}`,
    (value) => values.includes(value as V[number]),
  );
}

/** The field may be absent (written only when the writer had a value); when present it must pass `inner`. */
export function optional<T>(inner: Check<T>): OptionalCheck<T> {
  const checked = check<T | undefined>({ kind: 'optional', inner }, (value, path) =>
    value === undefined ? undefined : inner.problem(value, path),
  );
  return Object.assign(checked, { optional: true as const });
}

export function arrayOf<T>(item: Check<T>): Check<T[]> {
  return check<T[]>({ kind: 'array', item }, (value, path) => {
    if (!Array.isArray(value)) return `${path} must be an array, got ${shown(value)}`;
    for (const [index, element] of value.entries()) {
      const problem = item.problem(element, `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  });
}

/** A JSON object with these fields (others are allowed); a problem names the first failing field. */
export function shape<F extends Fields>(fields: F): Check<Shaped<F>> {
  return check<Shaped<F>>({ kind: 'shape', fields }, (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return `${path} must be an object, got ${shown(value)}`;
    }
    for (const [key, field] of Object.entries(fields)) {
      const present = Object.prototype.hasOwnProperty.call(value, key);
      const fieldPath = `${path}.${key}`;
      if (!present && !('optional' in field)) return `${fieldPath} is missing`;
      const problem = field.problem(present ? (value as Record<string, unknown>)[key] : undefined, fieldPath);
      if (problem !== undefined) return problem;
    }
    return undefined;
  });
}

/** One of several shapes (a tagged union, such as a product's destination shape). */
export function anyOf<C extends Check<unknown>[]>(...checks: C): Check<Checked<C[number]>> {
  return check<Checked<C[number]>>({ kind: 'anyOf', alternatives: checks }, (value, path) => {
    const problems = checks.map((candidate) => candidate.problem(value, path));
    return problems.includes(undefined) ? undefined : problems.join(', or ');
  });
}
