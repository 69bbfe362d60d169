import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settings } from '@kios/config';

const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

describe("the README's configuration table", () => {
  it.each(Object.values(settings).map((setting) => [setting.name, setting]))(
    'documents %s with its default',
    (name, setting) => {
      const row = readme.split('\n').find((line) => new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`).test(line));
      expect(row).toBeDefined();
      const shownDefault = row!.split('|')[2].trim();
      const expected =
        setting.default === undefined ? '—' : setting.default === '' ? '(empty)' : `\`${setting.default}\``;
      expect(shownDefault).toBe(expected);
    },
  );
});
