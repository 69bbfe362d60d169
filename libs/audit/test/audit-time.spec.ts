import { parseAuditTime } from '../src/audit-time';

describe('times an auditor may pass to --at', () => {
  it('takes DANA’s GMT+7 format as the whole of the second it names', () => {
    expect(parseAuditTime('2025-01-15T10:06:15+07:00')?.toISOString()).toBe('2025-01-15T03:06:15.999Z');
  });

  it('takes ISO-8601 with any offset, or Z, as the same instant', () => {
    expect(parseAuditTime('2025-01-15T03:06:15Z')).toEqual(parseAuditTime('2025-01-15T10:06:15+07:00'));
    expect(parseAuditTime('2025-01-14T22:36:15-04:30')).toEqual(parseAuditTime('2025-01-15T10:06:15+07:00'));
  });

  it('takes a time without seconds as the whole minute, and milliseconds exactly', () => {
    expect(parseAuditTime('2025-01-15T10:06+07:00')?.toISOString()).toBe('2025-01-15T03:06:59.999Z');
    expect(parseAuditTime('2025-01-15T10:06:15.250+07:00')?.toISOString()).toBe('2025-01-15T03:06:15.250Z');
  });

  it.each([
    ['no offset', '2025-01-15T10:06:15'],
    ['a date only', '2025-01-15'],
    ['a day that does not exist', '2025-02-30T10:00:00+07:00'],
    ['an hour that does not exist', '2025-01-15T24:00:00+07:00'],
    ['an offset beyond ±14:00', '2025-01-15T10:06:15+15:00'],
    ['another notation', '15/01/2025 10:06'],
  ])('refuses %s', (_case, text) => {
    expect(parseAuditTime(text)).toBeUndefined();
  });
});
