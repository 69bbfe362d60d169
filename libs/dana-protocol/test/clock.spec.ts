import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { transformFileSync } from '@swc/core';
import { FixedClock, formatDanaTime, isDanaTime, parseDanaTime } from '../src/clock';

// 2026-11-26 03:04:05 UTC is 10:04:05 in Jakarta; 2026-12-31 20:00 UTC is already New Year there.
const INSTANT = new Date('2026-11-26T03:04:05.678Z');
const AT_YEAR_END = new Date('2026-12-31T20:00:00Z');

describe('formatDanaTime under different host time zones', () => {
  // The clock module compiled once and run by fresh Node processes, each with its own TZ.
  const clockJs = transformFileSync(resolve(__dirname, '../src/clock.ts'), {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    swcrc: false,
  }).code;
  const probe = `
    const module = { exports: {} };
    new Function('module', 'exports', ${JSON.stringify(clockJs)})(module, module.exports);
    const { formatDanaTime, parseDanaTime } = module.exports;
    console.log(JSON.stringify({
      hostOffsetMinutes: new Date(${INSTANT.getTime()}).getTimezoneOffset(),
      formatted: formatDanaTime(new Date(${INSTANT.getTime()})),
      yearEnd: formatDanaTime(new Date(${AT_YEAR_END.getTime()})),
      parsed: parseDanaTime('2026-11-26T10:04:05+07:00').toISOString(),
    }));`;

  const runWithTz = (tz: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', probe], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }),
    );

  it.each([
    ['UTC', 0],
    ['Asia/Jakarta', -420],
    ['America/Los_Angeles', 480],
  ])('prints the same +07:00 wall time when the host runs in %s', (tz, hostOffsetMinutes) => {
    const out = runWithTz(tz);
    expect(out.hostOffsetMinutes).toBe(hostOffsetMinutes);
    expect(out.formatted).toBe('2026-11-26T10:04:05+07:00');
    expect(out.yearEnd).toBe('2027-01-01T03:00:00+07:00');
    expect(out.parsed).toBe('2026-11-26T03:04:05.000Z');
  });
});

describe('DANA time', () => {
  it('formats an instant as exactly 25 characters of GMT+7 wall time, dropping milliseconds', () => {
    const text = formatDanaTime(INSTANT);
    expect(text).toBe('2026-11-26T10:04:05+07:00');
    expect(text).toHaveLength(25);
  });

  it('parses its own format back to the instant', () => {
    expect(parseDanaTime('2026-11-26T10:04:05+07:00')).toEqual(new Date('2026-11-26T03:04:05Z'));
    expect(parseDanaTime(formatDanaTime(AT_YEAR_END))).toEqual(AT_YEAR_END);
    expect(parseDanaTime('2028-02-29T23:59:59+07:00')).toEqual(new Date('2028-02-29T16:59:59Z'));
  });

  it.each([
    ['UTC designator', '2026-11-26T03:04:05Z'],
    ['milliseconds', '2026-11-26T10:04:05.000+07:00'],
    ['another offset', '2026-11-26T11:04:05+08:00'],
    ['offset without colon', '2026-11-26T10:04:05+0700'],
    ['no offset', '2026-11-26T10:04:05'],
    ['space instead of T', '2026-11-26 10:04:05+07:00'],
    ['30 February', '2026-02-30T10:00:00+07:00'],
    ['29 February of a common year', '2027-02-29T10:00:00+07:00'],
    ['month 13', '2026-13-01T10:00:00+07:00'],
    ['hour 24', '2026-11-26T24:00:00+07:00'],
    ['second 60', '2026-11-26T10:04:60+07:00'],
    ['single-digit day', '2026-11-6T10:04:05+07:00'],
    ['surrounding space', ' 2026-11-26T10:04:05+07:00'],
    ['empty text', ''],
  ])('rejects %s', (_case, text) => {
    expect(parseDanaTime(text)).toBeUndefined();
    expect(isDanaTime(text)).toBe(false);
  });
});

describe('FixedClock', () => {
  it('stands still until moved, and hands out copies', () => {
    const clock = new FixedClock(new Date('2026-11-26T03:00:00Z'));
    const first = clock.now();
    first.setTime(0);
    expect(clock.now()).toEqual(new Date('2026-11-26T03:00:00Z'));
    clock.advance(61_000);
    expect(formatDanaTime(clock.now())).toBe('2026-11-26T10:01:01+07:00');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(formatDanaTime(clock.now())).toBe('2027-01-01T07:00:00+07:00');
  });
});
