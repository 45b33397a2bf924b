import { JournalError } from './errors.ts';

/**
 * The business day a payment belongs to: the local calendar date in the shop's time zone,
 * except that the hours before the cut-off still belong to the day before (a bar that closes at
 * 03:00 with cutoffHour 4 books its 02:30 sales on the evening they started).
 *
 * The rule is "local hour < cutoffHour -> previous local date", applied to the wall clock Intl
 * reports for the instant. Daylight-saving changes need no special case: a skipped hour simply
 * never occurs, a repeated hour occurs twice on the same side of the cut-off.
 */
export interface BusinessDayConfig {
  /** IANA time zone, e.g. "Europe/Athens". */
  timeZone: string;
  /** 0..23; 0 means the business day is the calendar day. */
  cutoffHour: number;
}

/** The till's own zone and calendar days, until settings say otherwise. */
export function defaultBusinessDayConfig(): BusinessDayConfig {
  return { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, cutoffHour: 0 };
}

/** Checks a configuration; throws JournalError 'invalid-business-day'. */
export function checkBusinessDayConfig(config: BusinessDayConfig): BusinessDayConfig {
  const { timeZone, cutoffHour } = config ?? {};
  if (!Number.isInteger(cutoffHour) || cutoffHour < 0 || cutoffHour > 23) {
    throw new JournalError('invalid-business-day', `The business-day cut-off hour must be a whole hour from 0 to 23, got ${String(cutoffHour)}.`);
  }
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    throw new JournalError('invalid-business-day', 'The business-day time zone is missing (an IANA name such as Europe/Athens).');
  }
  formatterFor(timeZone);
  return { timeZone, cutoffHour };
}

/** 'YYYY-MM-DD' of the business day that contains the instant. */
export function businessDayOf(instantMs: number, config: BusinessDayConfig): string {
  if (!Number.isFinite(instantMs)) throw new JournalError('invalid-business-day', `Not an instant: ${String(instantMs)}.`);
  const { timeZone, cutoffHour } = checkBusinessDayConfig(config);
  const { year, month, day, hour } = wallClock(instantMs, timeZone);
  return hour < cutoffHour ? formatDay(Date.UTC(year, month - 1, day - 1)) : formatDay(Date.UTC(year, month - 1, day));
}

/**
 * The UTC dates (YYYY-MM-DD, ascending) that a business day overlaps; Viva's sessions-by-date
 * takes UTC dates, so reconciling one business day fetches each of these.
 *
 * Found by sampling every 15 minutes across a window wide enough for any offset (±14 h) and
 * cut-off (< 24 h): time-zone offsets are whole quarter-hours, so business-day boundaries fall on
 * quarter-hours of UTC too, and sampling them cannot miss a date. No offset arithmetic, no DST
 * special cases.
 */
export function utcDatesOfBusinessDay(day: string, config: BusinessDayConfig): string[] {
  const midnight = parseDay(day);
  checkBusinessDayConfig(config);
  const dates = new Set<string>();
  const step = 15 * 60 * 1000;
  for (let t = midnight - DAY_MS; t < midnight + 3 * DAY_MS; t += step) {
    if (businessDayOf(t, config) === day) dates.add(formatDay(t));
  }
  return [...dates].sort();
}

/** Checks a 'YYYY-MM-DD' string names a real date; returns its UTC midnight in ms. */
export function parseDay(day: string): number {
  const match = typeof day === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || formatDay(ms) !== day) {
    throw new JournalError('invalid-business-day', `Not a date: ${JSON.stringify(day)} (expected YYYY-MM-DD).`);
  }
  return ms;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function formatDay(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

// Building a DateTimeFormat costs far more than using one; keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        hourCycle: 'h23',
      });
    } catch (error) {
      throw new JournalError('invalid-business-day', `Unknown time zone "${timeZone}" (expected an IANA name such as Europe/Athens).`, {
        cause: error,
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instantMs: number, timeZone: string): { year: number; month: number; day: number; hour: number } {
  const fields = { year: 0, month: 0, day: 0, hour: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day' || part.type === 'hour') {
      fields[part.type] = Number(part.value);
    }
  }
  return fields;
}
