import { canonicalJson } from '../src/hash-chain/canonical-json';
import type { JsonValue } from '../src/event-store.port';

describe('canonical JSON for event hashes', () => {
  it('gives one text for one value, whatever order its keys were built in, at every depth', () => {
    const one = canonicalJson({ b: 1, a: { d: [{ y: 2, x: 1 }], c: null } });
    const other = canonicalJson({ a: { c: null, d: [{ x: 1, y: 2 }] }, b: 1 });

    expect(one).toBe(other);
    expect(one).toBe('{"a":{"c":null,"d":[{"x":1,"y":2}]},"b":1}');
  });

  it('keeps array order, which is meaning', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('drops undefined members as a store’s JSON would', () => {
    const withUndefined = { token: undefined, serialNumber: '0412' } as unknown as { serialNumber: string };

    expect(canonicalJson(withUndefined)).toBe(canonicalJson({ serialNumber: '0412' }));
  });
});

/** The definition canonicalJson is held to: JSON.stringify, every object rebuilt with its keys sorted. */
const bySortedReplacer = (value: unknown): string =>
  JSON.stringify(value, (_key, member: unknown) =>
    typeof member === 'object' && member !== null && !Array.isArray(member)
      ? Object.fromEntries(
          Object.keys(member)
            .sort()
            .map((key) => [key, (member as Record<string, unknown>)[key]]),
        )
      : member,
  );

/** A deterministic pseudo-random source, so a failing seed reproduces its value. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const AWKWARD_TEXTS = [
  '',
  'é',
  '"quoted"',
  'back\\slash',
  'line\nbreak',
  '\u0000\u001f',
  '\u2028',
  '😀',
  '\ud800',
];
const AWKWARD_NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 2 ** 70, Number.MAX_SAFE_INTEGER, NaN, Infinity];
const AWKWARD_KEYS = [
  'b',
  'a',
  'B',
  '10',
  '9',
  '0',
  '01',
  '-1',
  '1.5',
  '4294967294',
  '4294967295',
  '',
  'é',
  'a"b',
];

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  switch (Math.floor(random() * (depth > 3 ? 5 : 8))) {
    case 0:
      return pick(AWKWARD_TEXTS);
    case 1:
      return pick(AWKWARD_NUMBERS);
    case 2:
      return random() < 0.5;
    case 3:
      return null;
    case 4:
      return pick([undefined, new Date(Math.floor(random() * 2e12)), () => 1]);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let members = Math.floor(random() * 5); members > 0; members -= 1) {
        object[pick(AWKWARD_KEYS)] = randomValue(random, depth + 1);
      }
      return object;
    }
  }
}

describe('canonicalJson against its definition', () => {
  it('writes the text JSON.stringify writes with sorted keys, for 5,000 awkward values', () => {
    for (let seed = 1; seed <= 5_000; seed += 1) {
      const value = randomValue(randomSource(seed), 0);
      expect({ seed, text: canonicalJson(value as JsonValue) }).toEqual({
        seed,
        text: bySortedReplacer(value),
      });
    }
  });

  it('puts keys that are array indices first, in number order, as the definition does', () => {
    expect(canonicalJson({ b: 1, 10: 2, 9: 3, a: 4 })).toBe('{"9":3,"10":2,"a":4,"b":1}');
  });

  it('refuses a bigint as JSON.stringify does', () => {
    expect(() => canonicalJson({ amount: 1n } as unknown as JsonValue)).toThrow(TypeError);
  });
});
