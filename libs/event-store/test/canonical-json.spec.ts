import { canonicalJson } from '../src/hash-chain/canonical-json';

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
