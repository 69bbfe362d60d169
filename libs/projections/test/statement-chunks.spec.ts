import { powerOfTwoChunks } from '../src/statement-chunks';

describe('powerOfTwoChunks', () => {
  const sizes = (count: number, max: number) =>
    [
      ...powerOfTwoChunks(
        Array.from({ length: count }, (_, i) => i),
        max,
      ),
    ].map((chunk) => chunk.length);

  it('slices a count into its powers of two, largest first', () => {
    expect(sizes(13, 64)).toEqual([8, 4, 1]);
    expect(sizes(64, 64)).toEqual([64]);
    expect(sizes(1, 64)).toEqual([1]);
  });

  it('never makes a slice larger than the maximum', () => {
    expect(sizes(150, 64)).toEqual([64, 64, 16, 4, 2]);
  });

  it('keeps every item once, in order', () => {
    const items = Array.from({ length: 77 }, (_, i) => `k${i}`);
    expect([...powerOfTwoChunks(items, 32)].flat()).toEqual(items);
  });

  it('makes no slice of nothing', () => {
    expect(sizes(0, 64)).toEqual([]);
  });

  it('uses few distinct sizes however the batches vary, so their statements stay prepared', () => {
    const distinct = new Set(Array.from({ length: 500 }, (_, n) => sizes(n + 1, 512)).flat());
    expect(distinct.size).toBeLessThanOrEqual(10);
  });
});
