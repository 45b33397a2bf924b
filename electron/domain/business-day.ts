/**
 * Days, time zones and the business day: the one place the till does calendar arithmetic.
 * Storage is UTC; a session's business day is the shop's local date, except that the hours before
 * the cut-off still belong to the day before (a bar that closes at 03:00 with cutoffHour 4 books
 * its 02:30 sales on the evening they started).
 *
 * Offsets come from Intl (part of the language, so the renderer can run this too) at the
 * precision tzdata has, whole seconds: no assumption that offsets are whole hours or quarter-hours
 * (Asia/Kathmandu +05:45, Australia/Lord_Howe's 30-minute daylight saving, and the odd offsets
 * of the early 1900s such as Europe/Dublin -00:25:21 or Africa/Algiers +00:09:21).
 *
 * Functions that take a config or a day expect them checked (businessDayConfigProblem, parseDay);
 * given bad ones they throw a RangeError, which the core turns into its own typed error first.
 */
export interface BusinessDayConfig {
  /** IANA time zone, e.g. "Europe/Athens". */
  timeZone: string;
  /** 0..23; 0 means the business day is the calendar day. */
  cutoffHour: number;
}

export type BusinessDayProblem = 'bad-cutoff-hour' | 'missing-time-zone' | 'unknown-time-zone';

/** Why a business-day configuration cannot be used, or null when it can. */
export function businessDayConfigProblem(config: BusinessDayConfig): BusinessDayProblem | null {
  const { timeZone, cutoffHour } = config ?? {};
  if (!Number.isInteger(cutoffHour) || cutoffHour < 0 || cutoffHour > 23) return 'bad-cutoff-hour';
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return 'missing-time-zone';
  return isTimeZone(timeZone) ? null : 'unknown-time-zone';
}

export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

// ---- Days (YYYY-MM-DD) ----

export const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** The UTC midnight (ms) of a 'YYYY-MM-DD' that names a real date, or null (2026-02-30, "March 2nd"). */
export function parseDay(day: unknown): number | null {
  const match = typeof day === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  if (!match) return null;
  const ms = utcMs(Number(match[1]), Number(match[2]), Number(match[3]));
  return formatDay(ms) === day ? ms : null;
}

export function isDay(value: unknown): value is string {
  return parseDay(value) !== null;
}

/** 'YYYY-MM-DD' of the UTC date of an instant. */
export function formatDay(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

/** The day `offset` calendar days from `day`. */
export function addDays(day: string, offset: number): string {
  return formatDay(checkedDay(day) + offset * DAY_MS);
}

export type DayRangeProblem = 'bad-first-day' | 'bad-last-day' | 'reversed';

/** Why [fromDay, toDay] (inclusive) is not a range of days, or null when it is. */
export function dayRangeProblem(fromDay: unknown, toDay: unknown): DayRangeProblem | null {
  if (!isDay(fromDay)) return 'bad-first-day';
  if (!isDay(toDay)) return 'bad-last-day';
  return fromDay > toDay ? 'reversed' : null;
}

// ---- Wall clocks in a zone ----

export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  /** 0..23 */
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** How far the zone's wall clock is ahead of UTC at the instant (ms; negative west of Greenwich). */
export function offsetMsAt(instantMs: number, timeZone: string): number {
  const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type in f) f[part.type as keyof typeof f] = Number(part.value);
  }
  // Intl shows whole seconds, so compare with the instant's whole second.
  return utcMs(f.year, f.month, f.day, f.hour, f.minute, f.second) - Math.floor(instantMs / 1000) * 1000;
}

/** The zone's wall clock at the instant. */
export function wallClockOf(instantMs: number, timeZone: string): WallClock {
  const local = new Date(instantMs + offsetMsAt(instantMs, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/**
 * The instant the zone's wall clock reads `localMs` (a wall-clock reading written as if it were
 * UTC ms). A reading skipped by a change of offset maps to the instant the clock jumps past it
 * (02:30 on a spring-forward night becomes 03:30 summer time); one that occurs twice maps to the
 * earlier. This is Temporal's "compatible" rule, and what people mean by "the day starts at 04:00".
 */
export function instantOfWallClock(localMs: number, timeZone: string): number {
  const before = offsetMsAt(localMs - DAY_MS, timeZone);
  const after = offsetMsAt(localMs + DAY_MS, timeZone);
  const candidates = [localMs - before, localMs - after].filter((t) => t + offsetMsAt(t, timeZone) === localMs);
  return candidates.length > 0 ? Math.min(...candidates) : localMs - before;
}

/** A stretch of time over which the zone's offset does not change: [startMs, endMs). */
export interface OffsetSpan {
  startMs: number;
  endMs: number;
  offsetMs: number;
}

/**
 * Offsets are compared at both ends of blocks this long; equal ends are taken to mean no change
 * inside (tzdata never changes a zone's offset and back within six hours).
 */
const BLOCK_MS = 6 * HOUR_MS;

/** [fromMs, toMs) cut where the zone's offset changes, each change found to the millisecond. */
export function offsetSpans(fromMs: number, toMs: number, timeZone: string): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  const push = (startMs: number, endMs: number, offsetMs: number): void => {
    const last = spans[spans.length - 1];
    if (last && last.offsetMs === offsetMs && last.endMs === startMs) last.endMs = endMs;
    else spans.push({ startMs, endMs, offsetMs });
  };
  // Bisects [a, b] (offsets known at both ends) down to the millisecond where they differ.
  const cut = (a: number, offsetA: number, b: number, offsetB: number): void => {
    if (offsetA === offsetB && b - a <= BLOCK_MS) return push(a, b, offsetA);
    if (b - a <= 1) {
      push(a, b, offsetA);
      return;
    }
    const mid = Math.floor((a + b) / 2);
    const offsetMid = offsetMsAt(mid, timeZone);
    cut(a, offsetA, mid, offsetMid);
    cut(mid, offsetMid, b, offsetB);
  };
  for (let a = fromMs; a < toMs; a += BLOCK_MS) {
    const b = Math.min(a + BLOCK_MS, toMs);
    cut(a, offsetMsAt(a, timeZone), b, offsetMsAt(b, timeZone));
  }
  return spans;
}

// ---- Business days ----

/** 'YYYY-MM-DD' of the business day that contains the instant. */
export function businessDayOf(instantMs: number, config: BusinessDayConfig): string {
  if (!Number.isFinite(instantMs)) throw new RangeError(`Not an instant: ${String(instantMs)}.`);
  const { timeZone, cutoffHour } = checkedConfig(config);
  const local = instantMs + offsetMsAt(instantMs, timeZone);
  return formatDay(local - cutoffHour * HOUR_MS);
}

/**
 * The UTC instants [startMs, endMs) from the day's cut-off hour to the next day's, by the wall
 * clock (instantOfWallClock). endMs - startMs is 24 h, or 23 h / 25 h across a daylight-saving
 * change (or 23.5 h / 24.5 h on Lord Howe Island).
 */
export function businessDaySpan(day: string, config: BusinessDayConfig): { startMs: number; endMs: number } {
  const { timeZone, cutoffHour } = checkedConfig(config);
  const localStart = checkedDay(day) + cutoffHour * HOUR_MS;
  return { startMs: instantOfWallClock(localStart, timeZone), endMs: instantOfWallClock(localStart + DAY_MS, timeZone) };
}

/** How long the business day lasts, in ms (see businessDaySpan). */
export function businessDayLengthMs(day: string, config: BusinessDayConfig): number {
  const { startMs, endMs } = businessDaySpan(day, config);
  return endMs - startMs;
}

/**
 * The UTC dates (YYYY-MM-DD, ascending) holding any instant whose business day is `day`; Viva's
 * sessions-by-date takes UTC dates, so reconciling one business day fetches each of these.
 * Exact rather than from the span: where the clock is set back across the cut-off, the repeated
 * hour belongs to the day before again, after its span has ended.
 */
export function utcDatesOfBusinessDay(day: string, config: BusinessDayConfig): string[] {
  const { timeZone, cutoffHour } = checkedConfig(config);
  const localStart = checkedDay(day) + cutoffHour * HOUR_MS;
  const { startMs, endMs } = businessDaySpan(day, config);
  const dates = new Set<string>();
  for (const span of offsetSpans(Math.min(startMs, endMs) - DAY_MS, Math.max(startMs, endMs) + DAY_MS, timeZone)) {
    // Within the span the wall clock is the instant plus a constant, so the day's wall-clock
    // stretch [localStart, localStart + 24 h) is one interval of instants.
    const lo = Math.max(span.startMs, localStart - span.offsetMs);
    const hi = Math.min(span.endMs, localStart + DAY_MS - span.offsetMs);
    for (let t = lo; t < hi; t = utcMidnightAfter(t)) dates.add(formatDay(t));
  }
  return [...dates].sort();
}

/**
 * Wall-clock labels in one zone for many instants (a report's hours, an export's local-time
 * column): Intl costs microseconds per call, which a year's export of a few hundred thousand rows
 * would feel, so the offsets of the block around an instant are found once and reused.
 */
export class LocalClock {
  readonly timeZone: string;
  private spans: OffsetSpan[] = [];
  private blockStart = Number.NaN;
  private dayStart = Number.NaN;
  private dayText = '';

  constructor(timeZone: string) {
    formatterFor(timeZone);
    this.timeZone = timeZone;
  }

  /** "2026-03-10 14:05:09" for a UTC ISO instant; '' for a string that is not one. */
  dateTime(iso: string): string {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return '';
    const local = ms + this.offsetMsAt(ms);
    // An export asks in time order: the date's text changes once a day, the time is arithmetic
    // (a Date and its ISO text per row cost a year's export a second).
    const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
    if (dayStart !== this.dayStart) {
      this.dayStart = dayStart;
      const text = new Date(dayStart).toISOString();
      // Years beyond 0000-9999 are written with a sign and six digits: those take the general form.
      this.dayText = text[4] === '-' ? text.slice(0, 10) : '';
    }
    if (this.dayText === '') return new Date(local).toISOString().slice(0, 19).replace('T', ' ');
    const second = Math.floor((local - dayStart) / 1000);
    return `${this.dayText} ${twoDigits(Math.floor(second / 3600))}:${twoDigits(Math.floor(second / 60) % 60)}:${twoDigits(second % 60)}`;
  }

  /** The hour bucket, "2026-03-10 14:00" (local date and hour). */
  hour(iso: string): string {
    const text = this.dateTime(iso);
    return text === '' ? ':00' : `${text.slice(0, 13)}:00`;
  }

  offsetMsAt(instantMs: number): number {
    const blockStart = Math.floor(instantMs / BLOCK_MS) * BLOCK_MS;
    if (blockStart !== this.blockStart) {
      this.spans = offsetSpans(blockStart, blockStart + BLOCK_MS, this.timeZone);
      this.blockStart = blockStart;
    }
    for (const span of this.spans) if (instantMs < span.endMs) return span.offsetMs;
    return offsetMsAt(instantMs, this.timeZone);
  }
}

// ---- Helpers ----

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function checkedDay(day: string): number {
  const ms = parseDay(day);
  if (ms === null) throw new RangeError(`Not a date: ${JSON.stringify(day)} (expected YYYY-MM-DD).`);
  return ms;
}

function checkedConfig(config: BusinessDayConfig): BusinessDayConfig {
  const problem = businessDayConfigProblem(config);
  if (problem !== null) throw new RangeError(`Unusable business-day settings (${problem}): ${JSON.stringify(config)}.`);
  return config;
}

function utcMidnightAfter(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 1) * DAY_MS;
}

/** Date.UTC without its quirk of reading years 0..99 as 1900..1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year >= 100) return ms;
  const date = new Date(ms);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

// Building a DateTimeFormat costs far more than using one; keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
