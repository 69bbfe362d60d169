/**
 * Time for kios: an injectable clock, and DANA's wire format `YYYY-MM-DDTHH:mm:ss+07:00`
 * (docs/dana-protocol.md §1.6), computed by arithmetic so the host's time zone never matters.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(instant: Date): void {
    this.instant = instant;
  }
  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Formats an instant as GMT+7 wall time, e.g. `2025-01-15T10:00:00+07:00`. */
export function formatDanaTime(instant: Date): string {
  const t = new Date(instant.getTime() + JAKARTA_OFFSET_MS);
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+07:00`
  );
}

/**
 * When an event was recorded, as every person-facing view shows it — `kios-cli history`, the admin
 * timeline page, `callbacks list`'s last attempt, pretty log lines — and the bounds of the period
 * `kios-cli margins` reports (an auditor may type them to the millisecond): GMT+7 with milliseconds,
 * `2025-01-15T10:06:15.042+07:00`, whatever the host's time zone (formatDanaTime plus the
 * milliseconds).
 *
 * Always milliseconds, not only where two shown events share a second: an order's events are often
 * recorded within one second (placed, purchase requested, succeeded), and an auditor matching an
 * event across the history, the timeline page and a log line must read the same text in each — a
 * rule that depended on the neighbours shown would print one event two ways. Other times (a next
 * attempt due, a lease's expiry, instants inside an event's data) stay in DANA's format, to the
 * second, as DANA is told them.
 */
export function formatEventTime(instant: Date): string {
  const milliseconds = String(((instant.getTime() % 1000) + 1000) % 1000).padStart(3, '0');
  return formatDanaTime(instant).replace(/\+07:00$/, `.${milliseconds}+07:00`);
}

const DANA_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\+07:00$/;

/** Parses DANA's GMT+7 format strictly; anything else is undefined. */
export function parseDanaTime(text: string): Date | undefined {
  const m = DANA_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - JAKARTA_OFFSET_MS;
  const instant = new Date(utc);
  return formatDanaTime(instant) === text ? instant : undefined;
}

export function isDanaTime(text: string): boolean {
  return parseDanaTime(text) !== undefined;
}
