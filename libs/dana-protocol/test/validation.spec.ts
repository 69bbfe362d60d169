import { validateEnvelope } from '../src/validation/validate-envelope';
import { errorsOf, type Json, without, withValue } from './envelope-samples';
import { cases, headLengths, headRequired } from './request-cases';

const escape = (text: string) => text.replace(/[.[\]]/g, '\\$&');

describe.each(cases)(
  'the $api request envelope',
  ({ dto, valid, required, maxLengths, money: moneyPaths, strings }) => {
    it('accepts the valid example', () => {
      const result = validateEnvelope(dto, valid);
      expect(result).toMatchObject({ ok: true });
      expect(result.ok && result.value).toBeInstanceOf(dto);
    });

    it.each(['signature', 'request', 'request.head', 'request.body', ...headRequired, ...required])(
      'names %s when it is missing',
      (path) => {
        expect(errorsOf(dto, without(valid, path))).toContain(`${path} is required`);
        expect(errorsOf(dto, withValue(valid, path, null))).toContain(`${path} is required`);
      },
    );

    it.each([...headLengths, ...maxLengths])('names %s when it is longer than %i characters', (path, max) => {
      expect(errorsOf(dto, withValue(valid, path, 'x'.repeat(max)))).toEqual([]);
      expect(errorsOf(dto, withValue(valid, path, 'x'.repeat(max + 1)))).toContain(
        `${path} must be 1-${max} characters`,
      );
    });

    it.each(['request.head.version', 'request.head.reqMsgId', ...maxLengths.map(([path]) => path)])(
      'names %s when it is empty',
      (path) => {
        expect(errorsOf(dto, withValue(valid, path, ''))).toEqual([
          expect.stringMatching(`^${escape(path)} must be 1-`),
        ]);
      },
    );

    it.each(['request.head.version', 'request.head.reqMsgId', ...strings])(
      'names %s when it is a number',
      (path) => {
        expect(errorsOf(dto, withValue(valid, path, 12345))).toEqual([`${path} must be a string`]);
      },
    );

    it.each(['request', 'request.head', 'request.body'])('names %s when it is not an object', (path) => {
      expect(errorsOf(dto, withValue(valid, path, 'text'))).toEqual([`${path} must be an object`]);
      expect(errorsOf(dto, withValue(valid, path, [valid]))).toEqual([`${path} must be an object`]);
    });

    it.each([
      ['2026-11-26T03:00:00Z'],
      ['2026-11-26T10:00:00.000+07:00'],
      ['2026-11-26T11:00:00+08:00'],
      ['2026-02-30T10:00:00+07:00'],
    ])('rejects reqTime %s', (reqTime) => {
      expect(errorsOf(dto, withValue(valid, 'request.head.reqTime', reqTime))).toEqual([
        'request.head.reqTime must be a GMT+7 time like 2025-01-15T10:00:00+07:00',
      ]);
    });

    if (moneyPaths.length > 0) {
      describe.each(moneyPaths)('money at %s', (path) => {
        it.each(['1.00', '-1', '+1', '1e3', 'abc', '', ' 1', '1'.repeat(20)])('rejects value %j', (value) => {
          expect(errorsOf(dto, withValue(valid, `${path}.value`, value))).toEqual([
            `${path}.value must be 1-19 digits (minor units)`,
          ]);
        });

        it('rejects a numeric value and a currency other than IDR', () => {
          expect(errorsOf(dto, withValue(valid, `${path}.value`, 100))).toEqual([
            `${path}.value must be a string`,
          ]);
          expect(errorsOf(dto, withValue(valid, `${path}.currency`, 'USD'))).toEqual([
            `${path}.currency must be IDR`,
          ]);
        });

        it('accepts 0 and 19 digits', () => {
          expect(errorsOf(dto, withValue(valid, `${path}.value`, '0'))).toEqual([]);
          expect(errorsOf(dto, withValue(valid, `${path}.value`, '9'.repeat(19)))).toEqual([]);
        });
      });
    }

    it('tolerates and keeps unknown fields at every level', () => {
      const extended = structuredClone(valid) as {
        request: { head: Json; body: Json };
        [key: string]: unknown;
      };
      extended.partnerTraceId = 'x';
      extended.request.head.clientId = 'client';
      extended.request.body.newDanaField = { nested: [1, 2] };
      const result = validateEnvelope(dto, extended);
      expect(result.ok).toBe(true);
      const value = (result as { value: typeof extended }).value;
      expect(value.partnerTraceId).toBe('x');
      expect(value.request.head.clientId).toBe('client');
      expect(value.request.body.newDanaField).toEqual({ nested: [1, 2] });
    });
  },
);
