import { idr } from '@kios/dana-protocol';
import { iakAmountToMinor, InvalidIakAmount } from '@kios/fulfillment';

describe('IAK money: rupiah as IAK writes it at the edge, minor units (rupiah × 100) inside kios', () => {
  it.each([
    [0, 0n],
    [25000, 2_500_000n],
    ['16500', 1_650_000n],
    [997061249, 99_706_124_900n],
    [25000.5, 2_500_050n],
    [25000.05, 2_500_005n],
    ['25000.50', 2_500_050n],
    ['25000.5', 2_500_050n],
    [' 1250 ', 125_000n],
    [999_999_999_999_999, 99_999_999_999_999_900n],
  ])('%p rupiah is %p minor units', (rupiah, minor) => {
    expect(iakAmountToMinor(rupiah)).toEqual(idr(minor));
  });

  it('reads 0.1 + 0.2 as the number JSON gave, not as arithmetic would: a third decimal is refused', () => {
    expect(() => iakAmountToMinor(0.1 + 0.2)).toThrow(InvalidIakAmount);
  });

  it.each([
    [-1],
    [10.125],
    ['10.125'],
    [1e21],
    ['1e3'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ['-5'],
    [''],
    ['Rp 5.000'],
    [null],
    [undefined],
    [{}],
    [true],
  ])('refuses %p rather than round or guess', (rupiah) => {
    expect(() => iakAmountToMinor(rupiah)).toThrow(InvalidIakAmount);
  });
});
