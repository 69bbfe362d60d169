import { formatEventTime, parseAuditPeriod, parseAuditSpan, parseAuditTime } from '../src/audit-time';

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

describe('an event time shown to people', () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it.each(['UTC', 'America/New_York', 'Asia/Kolkata'])(
    'is GMT+7 with milliseconds whatever the host zone (%s)',
    (zone) => {
      process.env.TZ = zone;
      expect(formatEventTime(new Date('2025-01-15T03:06:15.042Z'))).toBe('2025-01-15T10:06:15.042+07:00');
      expect(formatEventTime(new Date('2025-01-15T16:59:59.999Z'))).toBe('2025-01-15T23:59:59.999+07:00');
      expect(formatEventTime(new Date('2025-01-15T17:00:00.000Z'))).toBe('2025-01-16T00:00:00.000+07:00');
    },
  );

  it('tells apart two events of one second, and reads back as --at to the millisecond it names', () => {
    const first = new Date('2025-01-15T03:06:15.042Z');
    const second = new Date('2025-01-15T03:06:15.917Z');
    expect(formatEventTime(first)).not.toBe(formatEventTime(second));
    expect(parseAuditTime(formatEventTime(first))).toEqual(first);
  });
});

describe('times an auditor may pass to a search (from, to)', () => {
  const span = (text: string) => {
    const found = parseAuditSpan(text);
    return found && [found.start.toISOString(), found.end.toISOString()];
  };

  it('reads a time without an offset as GMT+7, and the same with one', () => {
    expect(span('2025-01-15T10:06:15')).toEqual(['2025-01-15T03:06:15.000Z', '2025-01-15T03:06:16.000Z']);
    expect(span('2025-01-15T10:06:15+07:00')).toEqual(span('2025-01-15T10:06:15'));
    expect(span('2025-01-15T03:06:15Z')).toEqual(span('2025-01-15T10:06:15'));
  });

  it('takes a date as its whole GMT+7 day, and a time without seconds as its minute', () => {
    expect(span('2025-01-15')).toEqual(['2025-01-14T17:00:00.000Z', '2025-01-15T17:00:00.000Z']);
    expect(span('2025-01-15T10:06')).toEqual(['2025-01-15T03:06:00.000Z', '2025-01-15T03:07:00.000Z']);
    expect(span('2025-01-15T10:06:15.250')).toEqual(['2025-01-15T03:06:15.250Z', '2025-01-15T03:06:15.251Z']);
  });

  it('ends where parseAuditTime ends, one millisecond later', () => {
    expect(parseAuditSpan('2025-01-15T10:06+07:00')!.end.getTime()).toBe(
      parseAuditTime('2025-01-15T10:06+07:00')!.getTime() + 1,
    );
  });

  it.each([
    ['a day that does not exist', '2025-02-30'],
    ['an hour that does not exist', '2025-01-15T24:00'],
    ['an offset beyond ±14:00', '2025-01-15T10:06:15+15:00'],
    ['another notation', '15/01/2025 10:06'],
  ])('refuses %s', (_case, text) => {
    expect(parseAuditSpan(text)).toBeUndefined();
  });
});

describe('a period an auditor names (export, margins)', () => {
  it('reads each bound as the first instant it names, a bare date as GMT+7 midnight: from … to is half-open', () => {
    expect(parseAuditPeriod({ from: '2025-01-01', to: '2025-02-01' })).toEqual({
      from: new Date('2024-12-31T17:00:00.000Z'),
      to: new Date('2025-01-31T17:00:00.000Z'),
    });
    expect(parseAuditPeriod({ from: '2025-01-01T00:00+07:00', to: '2025-01-01T10:30' })).toEqual({
      from: new Date('2024-12-31T17:00:00.000Z'),
      to: new Date('2025-01-01T03:30:00.000Z'),
    });
  });

  it('names the bound that is missing, not a time, or not after the other', () => {
    expect(parseAuditPeriod({ from: '2025-01-01' })).toEqual({ problem: 'to is required' });
    expect(parseAuditPeriod({ from: 'yesterday', to: '2025-01-02' })).toMatchObject({
      problem: expect.stringContaining('from "yesterday" is not a time'),
    });
    expect(parseAuditPeriod({ from: '2025-01-02', to: '2025-01-02' }, (bound) => `--${bound}`)).toEqual({
      problem: '--to must be after --from',
    });
  });
});
