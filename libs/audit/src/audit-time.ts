import { formatDanaTime } from '@kios/dana-protocol';

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

export const AUDIT_TIME_FORMATS =
  'a GMT+7 time as DANA writes it (2025-01-15T10:06:15+07:00) or an ISO-8601 time with an offset (2025-01-15T03:06:15Z)';

/**
 * When an event was recorded, as every person-facing view shows it — `kios-cli history`, the admin
 * timeline page, `callbacks list`'s last attempt, pretty log lines: GMT+7 with milliseconds,
 * `2025-01-15T10:06:15.042+07:00`, whatever the host's time zone (DANA's format, formatDanaTime,
 * plus the milliseconds).
 *
 * Always milliseconds, not only where two shown events share a second: an order's events are often
 * recorded within one second (placed, purchase requested, succeeded), and an auditor matching an
 * event across the history, the timeline page and a log line must read the same text in each — a
 * rule that depended on the neighbours shown would print one event two ways. Times that are not an
 * event's (a next attempt due, a lease's expiry, facts inside an event's data) stay in DANA's
 * format, to the second, as DANA is told them.
 */
export function formatEventTime(instant: Date): string {
  const milliseconds = String(((instant.getTime() % 1000) + 1000) % 1000).padStart(3, '0');
  return formatDanaTime(instant).replace(/\+07:00$/, `.${milliseconds}+07:00`);
}

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
