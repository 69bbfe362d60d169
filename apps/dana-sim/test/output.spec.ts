import { styleFor } from '../src/output/colour';
import { rupiah } from '../src/output/dana-format';
import { plainText, renderFields, renderTable, visibleLength } from '../src/output/table';

describe('dana-sim output', () => {
  const coloured = styleFor({ isTTY: true }, {});

  it('colours only on a terminal, never with NO_COLOR, and on a pipe with FORCE_COLOR', () => {
    expect(coloured.good('yes')).not.toBe('yes');
    expect(styleFor({ isTTY: false }, {}).good('yes')).toBe('yes');
    expect(styleFor({}, {}).bad('no')).toBe('no');
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' }).good('yes')).toBe('yes');
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '1' }).good('yes')).not.toBe('yes');
    expect(styleFor({ isTTY: false }, { FORCE_COLOR: '0' }).good('yes')).toBe('yes');
  });

  it('aligns columns by what the reader sees, colour codes not counted, numbers to the right', () => {
    const table = renderTable(
      [{ header: 'PRODUCT' }, { header: 'PRICE', align: 'right' }, { header: 'OK' }],
      [
        ['TSEL-5K', 'Rp 6.250', coloured.good('yes')],
        ['TSEL-100K', 'Rp 100.250', coloured.bad('no')],
      ],
    );
    const lines = table.split('\n').map(plainText);
    expect(lines).toEqual([
      'PRODUCT         PRICE  OK',
      'TSEL-5K      Rp 6.250  yes',
      'TSEL-100K  Rp 100.250  no',
    ]);
    expect(visibleLength(coloured.good('yes'))).toBe(3);
  });

  it('lines up label and value pairs without trailing spaces', () => {
    expect(
      renderFields([
        ['status', '10 SUCCESS'],
        ['base amount', 'Rp 1.000'],
        ['fine', ''],
      ]),
    ).toBe('status       10 SUCCESS\nbase amount  Rp 1.000\nfine');
  });

  it('shows wire amounts as rupiah, and a malformed amount as it was sent', () => {
    expect(rupiah({ value: '1025000', currency: 'IDR' })).toBe('Rp 10.250');
    expect(rupiah({ value: '10.5', currency: 'IDR' })).toBe(
      '{"value":"10.5","currency":"IDR"} (not valid money)',
    );
    expect(rupiah(undefined)).toBe('-');
  });
});
