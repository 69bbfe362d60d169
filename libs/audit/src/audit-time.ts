// An event's time for people (history, timeline, callbacks list, pretty logs, margins' period): kept
// beside formatDanaTime in @kios/dana-protocol so every lib can use the one helper.
export { formatEventTime } from '@kios/dana-protocol';

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

export const AUDIT_TIME_FORMATS =
  'a GMT+7 time as DANA writes it (2025-01-15T10:06:15+07:00) or an ISO-8601 time with an offset (2025-01-15T03:06:15Z)';

/**
 * The last instant a written time names: `10:06:15+07:00` means the whole of that second (and a
 * time without seconds the whole minute), and `10:06:15.042+07:00` that millisecond, so an auditor
 * who asks "at" a time history printed gets every event printed with that time. Undefined when `text` is
 * not ISO-8601 with an offset (DANA's GMT+7 format is one) or names no real date.
 */
export function parseAuditTime(text: string): Date | undefined {
  const m = ISO_WITH_OFFSET.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
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
  const offsetMinutes = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!real || Math.abs(offsetMinutes) > 14 * 60 || Number(m[11]) > 59) return undefined;
  const namedSpanMs = m[6] === undefined ? 60_000 : fraction === '' ? 1000 : 10 ** (3 - fraction.length);
  return new Date(wallClock - offsetMinutes * 60_000 + namedSpanMs - 1);
}
