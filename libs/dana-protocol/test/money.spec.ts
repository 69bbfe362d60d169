import {
  addMoney,
  formatMoney,
  formatRupiah,
  formatRupiahExact,
  idr,
  InvalidMoney,
  parseMoney,
  sameMoney,
} from '../src/money';

describe('parseMoney', () => {
  it.each([
    ['decimal point', '1.00'],
    ['decimal comma', '1,00'],
    ['minus sign', '-1'],
    ['plus sign', '+1'],
    ['exponent', '1e3'],
    ['letters', 'abc'],
    ['empty string', ''],
    ['spaces', ' 100'],
    ['20 digits', '1'.repeat(20)],
  ])('rejects a value with %s', (_case, value) => {
    expect(() => parseMoney({ value, currency: 'IDR' })).toThrow(InvalidMoney);
  });

  it('rejects a number where a digit string belongs', () => {
    expect(() => parseMoney({ value: 100 as unknown as string, currency: 'IDR' })).toThrow(InvalidMoney);
  });

  it.each(['USD', 'idr', ''])('rejects currency %j', (currency) => {
    expect(() => parseMoney({ value: '100', currency })).toThrow(/currency must be IDR/);
  });

  it('accepts zero and 19 digits exactly, as bigint minor units', () => {
    expect(parseMoney({ value: '0', currency: 'IDR' })).toEqual({ minor: 0n, currency: 'IDR' });
    expect(parseMoney({ value: '9'.repeat(19), currency: 'IDR' })).toEqual({
      minor: 9_999_999_999_999_999_999n,
      currency: 'IDR',
    });
  });

  it('round-trips through the wire form without losing precision', () => {
    const wire = { value: '1234567890123456789', currency: 'IDR' };
    expect(formatMoney(parseMoney(wire))).toEqual(wire);
  });
});

describe('money arithmetic', () => {
  it('adds exactly and compares by value', () => {
    expect(addMoney(idr(24_550_000n), idr(250_000n), idr(0n))).toEqual(idr(24_800_000n));
    expect(sameMoney(idr('100'), idr(100))).toBe(true);
    expect(sameMoney(idr(100), idr(101))).toBe(false);
  });

  it('refuses amounts outside 0..19 digits', () => {
    expect(() => idr(-1)).toThrow(InvalidMoney);
    expect(() => idr(10n ** 19n)).toThrow(InvalidMoney);
  });
});

describe('formatRupiah', () => {
  it.each([
    [0n, 'Rp 0'],
    [1_025_000n, 'Rp 10.250'],
    [100_000_000_00n, 'Rp 100.000.000'],
    [1_025_050n, 'Rp 10.250,50'],
    [5n, 'Rp 0,05'],
  ])('shows %s minor units as %s', (minor, text) => {
    expect(formatRupiah(idr(minor))).toBe(text);
  });
});

describe('formatRupiahExact', () => {
  it.each([
    ['1000000', 'Rp 10.000,00'],
    ['0', 'Rp 0,00'],
    ['5', 'Rp 0,05'],
    ['1025050', 'Rp 10.250,50'],
    // Past 2^53: a float would have rounded the last sen away.
    ['900719925474099301', 'Rp 9.007.199.254.740.993,01'],
  ])('shows %s minor units as %s, every sen kept', (minor, text) => {
    expect(formatRupiahExact(idr(minor))).toBe(text);
  });
});
