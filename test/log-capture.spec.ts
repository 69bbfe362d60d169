import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshKeyPair } from '@kios/testing';
import { scanCapturedLogs } from './support/log-capture';
import { findLogLeaks, TEST_SUPPLIER_SECRETS } from './support/log-leaks';

const line = (record: object) => JSON.stringify(record);

describe('the end-of-run scan of kios logs', () => {
  it('finds a full mobile number, a card number, a PEM block and a signature, by line', () => {
    const { privateKeyPem } = freshKeyPair();
    const log = [
      line({ msg: 'destination ********7890 is fine' }),
      line({ msg: 'destination 081234567890 leaked' }),
      line({ err: { message: 'card 4111111111111111' } }),
      line({ msg: `key ${privateKeyPem}` }),
      `plain text signature ${'QUJD'.repeat(86)}`,
      line({ err: { message: `Digiflazz refused key ${TEST_SUPPLIER_SECRETS[0]}` } }),
    ].join('\n');
    expect(findLogLeaks(log)).toEqual([
      { line: 2, kind: 'mobile number' },
      { line: 3, kind: 'card number' },
      { line: 4, kind: 'PEM block' },
      { line: 5, kind: 'base64 run' },
      { line: 6, kind: 'supplier secret' },
    ]);
  });

  it('does not count correlation ids or non-card digit runs', () => {
    const log = [
      line({ requestId: '4111111111111111', orderId: '081234567890', msg: 'ok' }),
      line({ msg: 'request 20250115100610123456789, price 1025000, ref 4111111111111112' }),
    ].join('\n');
    expect(findLogLeaks(log)).toEqual([]);
  });

  it('fails naming the file and line, never the leaked text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kios-scan-'));
    writeFileSync(join(dir, 'kios-1.log'), `${line({ msg: 'clean' })}\n`);
    writeFileSync(
      join(dir, 'kios-2.log'),
      `${line({ msg: 'clean' })}\n${line({ msg: 'to 081234567890' })}\n`,
    );
    expect(() => scanCapturedLogs(dir)).toThrow(/kios-2\.log:2: mobile number/);
    expect(() => scanCapturedLogs(dir)).not.toThrow(/081234567890/);
    expect(existsSync(dir)).toBe(true);
  });
});
