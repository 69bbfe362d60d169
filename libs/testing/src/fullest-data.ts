import type { Check, JsonValue } from '@kios/event-store';

/**
 * Data a check accepts with every field it can carry present, optional ones included: one sample
 * per alternative of each `anyOf` (the others as in the first sample), arrays of one item per
 * alternative of their item. Tests that must cover every property an event type can carry (labels
 * on the timeline page) read these instead of a hand-kept list that a new field would slip past.
 */
export function fullestData(check: Check<unknown>): JsonValue[] {
  const { form } = check;
  switch (form.kind) {
    case 'string':
      return ['text'];
    case 'boolean':
      return [true];
    case 'positiveInteger':
      return [2];
    case 'digits':
      return ['1000000'];
    case 'instant':
      return ['2025-01-15T03:06:15.042Z'];
    case 'oneOf':
      return [form.values[0]];
    case 'optional':
      return fullestData(form.inner);
    case 'array':
      return [fullestData(form.item)];
    case 'anyOf':
      return form.alternatives.flatMap(fullestData);
    case 'shape': {
      const fields = Object.entries(form.fields).map(([key, field]) => [key, fullestData(field)] as const);
      const first = Object.fromEntries(fields.map(([key, samples]) => [key, samples[0]]));
      const others = fields.flatMap(([key, samples]) =>
        samples.slice(1).map((sample) => ({ ...first, [key]: sample })),
      );
      return [first, ...others];
    }
  }
}
