import {
  maskLogLine,
  maskLogRecord,
  maskText,
  passesLuhn,
} from '../../src/observability/logging/log-masking';
import { freshKeyPair } from '@kios/testing';

describe('log masking', () => {
  it.each([
    ['081234567890', '********7890'],
    ['6281234567890', '*********7890'],
    ['+6281234567890', '**********7890'],
    ['0812345678', '******5678'],
  ])('keeps only the last 4 digits of the mobile number %s', (number, masked) => {
    expect(maskText(`destination ${number} is not known to the supplier`)).toBe(
      `destination ${masked} is not known to the supplier`,
    );
  });

  it('leaves numbers alone that are not mobile numbers: prices, meter ids, long requestIds', () => {
    const text = 'price 1025000 for meter 532110012345, request 20250115100610123456789 at 2025-01-15';
    expect(maskText(text)).toBe(text);
  });

  it('masks a card number that passes the Luhn check, and only such a run of 13-19 digits', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(maskText('card 4111111111111111 charged')).toBe('card ************1111 charged');
    expect(maskText('ref 4111111111111112 kept')).toBe('ref 4111111111111112 kept');
  });

  it('removes PEM blocks and signature-like base64 runs from text', () => {
    const { privateKeyPem } = freshKeyPair();
    const masked = maskText(`loaded ${privateKeyPem} and signed ${'QUJD'.repeat(86)}==`);
    expect(masked).toBe('loaded [REDACTED PEM]\n and signed [REDACTED]');
  });

  it('redacts secret fields at any depth and masks every other string', () => {
    const record = {
      msg: 'order for 081234567890',
      req: { headers: { authorization: 'Bearer admin-secret', 'x-admin-token': 'admin-secret' } },
      envelope: {
        signature: 'c2lnbmF0dXJl',
        order: { token: '1234-5678-9012', serialNumber: 'SN 081298765432' },
      },
      keys: { merchantPrivateKey: 'whatever' },
      list: ['+6281234567890'],
      level: 30,
    };
    expect(maskLogRecord(record)).toEqual({
      msg: 'order for ********7890',
      req: { headers: { authorization: '[REDACTED]', 'x-admin-token': '[REDACTED]' } },
      envelope: { signature: '[REDACTED]', order: { token: '[REDACTED]', serialNumber: 'SN ********5432' } },
      keys: '[REDACTED]',
      list: ['**********7890'],
      level: 30,
    });
  });

  it('keeps correlation ids whole even when they look like numbers to mask', () => {
    const record = {
      requestId: '4111111111111111',
      orderId: '081234567890',
      msg: 'request 4111111111111111',
    };
    expect(maskLogRecord(record)).toEqual({
      requestId: '4111111111111111',
      orderId: '081234567890',
      msg: 'request ************1111',
    });
  });

  it('masks a serialised JSON line and keeps it one line', () => {
    const line = `${JSON.stringify({ level: 30, msg: 'topping up 081234567890' })}\n`;
    expect(maskLogLine(line)).toBe(`${JSON.stringify({ level: 30, msg: 'topping up ********7890' })}\n`);
  });

  it('masks a line that is not JSON as text', () => {
    expect(maskLogLine('plain 081234567890\n')).toBe('plain ********7890\n');
  });
});
