import { idr } from '@kios/dana-protocol';
import { InvalidRupiah, minorToRupiah, NotWholeRupiah, rupiahToMinor } from '@kios/fulfillment';

describe('Digiflazz money: whole rupiah at the edge, minor units (rupiah × 100) inside kios', () => {
  it.each([
    [0, 0n],
    [1, 100n],
    [10_100, 1_010_000n],
    [326_719_460, 32_671_946_000n],
    [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER) * 100n],
  ])('rupiah %p in is %p minor units', (rupiah, minor) => {
    expect(rupiahToMinor(rupiah)).toEqual(idr(minor));
  });

  it("takes whole rupiah as a digit string too, as a bill's details carry them", () => {
    expect(rupiahToMinor('8000')).toEqual(idr(800_000n));
  });

  it.each([
    [10.5],
    [-1],
    [Number.NaN],
    [Number.MAX_SAFE_INTEGER + 1],
    ['10.5'],
    ['-1'],
    [''],
    [null],
    [undefined],
    [{}],
  ])('refuses %p rather than round it', (rupiah) => {
    expect(() => rupiahToMinor(rupiah)).toThrow(InvalidRupiah);
  });

  it.each([
    [0n, 0],
    [100n, 1],
    [1_025_000n, 10_250],
    [BigInt(Number.MAX_SAFE_INTEGER) * 100n, Number.MAX_SAFE_INTEGER],
  ])('minor units %p out are %p rupiah', (minor, rupiah) => {
    expect(minorToRupiah(idr(minor))).toBe(rupiah);
  });

  it.each([[1n], [99n], [1_025_050n]])(
    'refuses %p minor units, which are not whole rupiah, rather than round',
    (minor) => {
      expect(() => minorToRupiah(idr(minor))).toThrow(NotWholeRupiah);
    },
  );

  it('refuses a whole-rupiah amount a JSON number cannot carry exactly', () => {
    expect(() => minorToRupiah(idr((BigInt(Number.MAX_SAFE_INTEGER) + 1n) * 100n))).toThrow(NotWholeRupiah);
  });

  it('goes there and back unchanged', () => {
    for (const rupiah of [0, 7, 10_250, 1_000_000]) expect(minorToRupiah(rupiahToMinor(rupiah))).toBe(rupiah);
  });
});
