// An event's time for people (history, timeline, callbacks list, pretty logs, margins' period): kept
// beside formatDanaTime in @kios/dana-protocol so every lib can use the one helper.
export { formatEventTime } from '@kios/dana-protocol';

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;

export const AUDIT_TIME_FORMATS =
  'a GMT+7 time as DANA writes it (2025-01-15T10:06:15+07:00) or an ISO-8601 time with an offset (2025-01-15T03:06:15Z)';

/** What a search's `from` and `to` take: AUDIT_TIME_FORMATS, or a date or time without an offset, read as GMT+7. */
export const AUDIT_SPAN_FORMATS = `${AUDIT_TIME_FORMATS}, or a GMT+7 date or time without an offset (2025-01-15, 2025-01-15T10:06)`;

const GMT_PLUS_7_MINUTES = 7 * 60;

/**
 * The span of time a written time names, `end` exclusive: a whole second when it gives seconds, a
 * whole minute without them, a whole day for a date only, exactly a millisecond with milliseconds.
 * Without an offset the time is GMT+7 (DANA's and the auditors' zone) when `offsetOptional`.
 */
function namedSpan(text: string, offsetOptional: boolean): { start: Date; end: Date } | undefined {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return undefined;
  const hasTime = m[4] !== undefined;
  const hasOffset = m[8] !== undefined || m[9] !== undefined;
  if (!offsetOptional && (!hasTime || !hasOffset)) return undefined;
  const [year, month, day] = m.slice(1, 4).map(Number);
  const [hour, minute] = hasTime ? [Number(m[4]), Number(m[5])] : [0, 0];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] ?? '';
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction.padEnd(3, '0')));
  const check = new Date(wallClock);
  const real =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  const offsetMinutes = !hasOffset
    ? GMT_PLUS_7_MINUTES
    : m[8] === 'Z'
      ? 0
      : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!real || Math.abs(offsetMinutes) > 14 * 60 || (hasOffset && Number(m[11] ?? 0) > 59)) return undefined;
  const namedSpanMs = !hasTime
    ? 86_400_000
    : m[6] === undefined
      ? 60_000
      : fraction === ''
        ? 1000
        : 10 ** (3 - fraction.length);
  const start = wallClock - offsetMinutes * 60_000;
  return { start: new Date(start), end: new Date(start + namedSpanMs) };
}

/**
 * The last instant a written time names: `10:06:15+07:00` means the whole of that second (and a
 * time without seconds the whole minute), and `10:06:15.042+07:00` that millisecond, so an auditor
 * who asks "at" a time history printed gets every event printed with that time. Undefined when `text` is
 * not ISO-8601 with an offset (DANA's GMT+7 format is one) or names no real date.
 */
export function parseAuditTime(text: string): Date | undefined {
  const span = namedSpan(text, false);
  return span && new Date(span.end.getTime() - 1);
}

/**
 * The span a search's `from` or `to` names (AUDIT_SPAN_FORMATS), `end` exclusive: orders from
 * `2025-01-15` to `2025-01-31` are those created from the start of the 15th to the end of the
 * 31st, GMT+7. Undefined when `text` names no real time.
 */
export function parseAuditSpan(text: string): { start: Date; end: Date } | undefined {
  return namedSpan(text, true);
}

/** A period of time an auditor names: from its first instant, up to (not including) its last. */
export interface AuditPeriod {
  from: Date;
  to: Date;
}

/**
 * The period `from` … `to` names, each bound written as a search takes it (AUDIT_SPAN_FORMATS: with an
 * offset, or GMT+7 without one, or a bare GMT+7 date) and read as the first instant it names, so
 * `--from 2025-01-01 --to 2025-02-01` is January, as a finance period is written; or the problem with
 * it in words, each bound called by `label` (`--from` on the command line, `from` in a query).
 */
export function parseAuditPeriod(
  texts: { from?: string; to?: string },
  label: (bound: 'from' | 'to') => string = (bound) => bound,
): AuditPeriod | { problem: string } {
  const bounds: Partial<AuditPeriod> = {};
  for (const bound of ['from', 'to'] as const) {
    const text = texts[bound];
    if (text === undefined || text.trim() === '') return { problem: `${label(bound)} is required` };
    const span = namedSpan(text, true);
    if (span === undefined) {
      return { problem: `${label(bound)} "${text}" is not a time; expected ${AUDIT_SPAN_FORMATS}` };
    }
    // A bound is the first instant its text names (parseAuditTime gives the last: history's "as of").
    bounds[bound] = span.start;
  }
  const period = bounds as AuditPeriod;
  if (period.to.getTime() <= period.from.getTime()) {
    return { problem: `${label('to')} must be after ${label('from')}` };
  }
  return period;
}
