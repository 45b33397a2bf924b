import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LocalClock,
  addDays,
  businessDayLengthMs,
  businessDayOf,
  businessDaySpan,
  dayRangeProblem,
  isDay,
  offsetMsAt,
  parseDay,
  utcDatesOfBusinessDay,
  wallClockOf,
} from '../../../electron/domain/business-day.ts';

// The day maths against Temporal (a test-only oracle; the app itself runs on Intl): random
// instants from 1900 to 2100, random zones with an eye on the awkward ones (daylight saving,
// half- and quarter-hour offsets, Lord Howe's 30-minute DST, Apia's skipped day, Dublin's negative
// DST, Santiago's changes at midnight, early-1900s local mean times), random cut-off hours.

const AWKWARD_ZONES = [
  'UTC',
  'Europe/Athens',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Amsterdam',
  'Europe/Moscow',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'America/Havana',
  'America/Caracas',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Asia/Pyongyang',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Pacific/Marquesas',
  'Africa/Algiers',
  'Africa/Casablanca',
  'Africa/Monrovia',
  'Antarctica/Troll',
];
const zone = fc.oneof(fc.constantFrom(...AWKWARD_ZONES), fc.constantFrom(...Intl.supportedValuesOf('timeZone')));
const cutoffHour = fc.integer({ min: 0, max: 23 });
const FROM = Date.UTC(1900, 0, 1);
const TO = Date.UTC(2100, 0, 1);
const anyInstant = fc.integer({ min: FROM, max: TO });

/** An instant within two hours of one of the zone's offset changes, where mistakes live. */
const nearTransition = fc
  .record({ timeZone: zone, from: anyInstant, delta: fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }) })
  .map(({ timeZone, from, delta }) => {
    const next = zoned(from, timeZone).getTimeZoneTransition('next');
    return { timeZone, instant: next && next.epochMilliseconds < TO ? next.epochMilliseconds + delta : from };
  });
const zonedInstant = fc.oneof(
  fc.record({ timeZone: zone, instant: anyInstant }),
  nearTransition,
);

const RUNS = { numRuns: 400 };

function zoned(ms: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
}

function oracleBusinessDay(ms: number, timeZone: string, cutoff: number): string {
  const local = zoned(ms, timeZone);
  const date = local.toPlainDate();
  return (local.hour < cutoff ? date.subtract({ days: 1 }) : date).toString();
}

function oracleStart(day: string, timeZone: string, cutoff: number, disambiguation: 'compatible' | 'earlier' | 'later' = 'compatible'): number {
  return Temporal.PlainDate.from(day).toPlainDateTime({ hour: cutoff }).toZonedDateTime(timeZone, { disambiguation }).epochMilliseconds;
}

/**
 * The UTC dates of every instant whose business day is `day`. The business day and the UTC date
 * change only at offset changes, at the wall clock's cut-off hour and at UTC midnight; between
 * two such moments both are constant, so checking each piece's first instant is exact.
 */
function oracleUtcDates(day: string, timeZone: string, cutoff: number): string[] {
  const from = oracleStart(Temporal.PlainDate.from(day).subtract({ days: 2 }).toString(), timeZone, cutoff);
  const to = oracleStart(Temporal.PlainDate.from(day).add({ days: 3 }).toString(), timeZone, cutoff);
  const moments = new Set<number>([from, to]);
  for (let t = zoned(from, timeZone).getTimeZoneTransition('next'); t && t.epochMilliseconds < to; t = t.getTimeZoneTransition('next')) {
    moments.add(t.epochMilliseconds);
  }
  for (let offset = -2; offset <= 3; offset++) {
    const other = Temporal.PlainDate.from(day).add({ days: offset }).toString();
    moments.add(oracleStart(other, timeZone, cutoff, 'earlier'));
    moments.add(oracleStart(other, timeZone, cutoff, 'later'));
  }
  for (let t = Math.ceil(from / 86_400_000) * 86_400_000; t < to; t += 86_400_000) moments.add(t);
  const sorted = [...moments].filter((t) => t >= from && t < to).sort((a, b) => a - b);
  const dates = new Set<string>();
  for (const t of sorted) if (oracleBusinessDay(t, timeZone, cutoff) === day) dates.add(new Date(t).toISOString().slice(0, 10));
  return [...dates].sort();
}

describe('day maths against Temporal', () => {
  it('the offset and the local hour, minute and second of an instant', () => {
    fc.assert(
      fc.property(zonedInstant, ({ timeZone, instant }) => {
        const expected = zoned(instant, timeZone);
        expect(offsetMsAt(instant, timeZone)).toBe(expected.offsetNanoseconds / 1e6);
        const local = wallClockOf(instant, timeZone);
        expect([local.year, local.month, local.day, local.hour, local.minute, local.second]).toEqual([
          expected.year,
          expected.month,
          expected.day,
          expected.hour,
          expected.minute,
          expected.second,
        ]);
      }),
      RUNS,
    );
  });

  it('the business day of an instant', () => {
    fc.assert(
      fc.property(zonedInstant, cutoffHour, ({ timeZone, instant }, cutoff) => {
        expect(businessDayOf(instant, { timeZone, cutoffHour: cutoff })).toBe(oracleBusinessDay(instant, timeZone, cutoff));
      }),
      RUNS,
    );
  });

  it("a business day's span: the instants of its cut-off hour and the next day's, and its length", () => {
    fc.assert(
      fc.property(zonedInstant, cutoffHour, ({ timeZone, instant }, cutoff) => {
        const day = oracleBusinessDay(instant, timeZone, cutoff);
        const config = { timeZone, cutoffHour: cutoff };
        const startMs = oracleStart(day, timeZone, cutoff);
        const endMs = oracleStart(addDays(day, 1), timeZone, cutoff);
        expect(businessDaySpan(day, config)).toEqual({ startMs, endMs });
        expect(businessDayLengthMs(day, config)).toBe(endMs - startMs);
      }),
      RUNS,
    );
  });

  it('the UTC dates a business day touches', () => {
    fc.assert(
      fc.property(zonedInstant, cutoffHour, ({ timeZone, instant }, cutoff) => {
        const day = oracleBusinessDay(instant, timeZone, cutoff);
        expect(utcDatesOfBusinessDay(day, { timeZone, cutoffHour: cutoff })).toEqual(oracleUtcDates(day, timeZone, cutoff));
      }),
      { numRuns: 200 },
    );
  });

  it("a report's LocalClock labels a run of instants in time order, as an export walks them", () => {
    fc.assert(
      fc.property(zonedInstant, fc.array(fc.integer({ min: 0, max: 3 * 3_600_000 }), { minLength: 1, maxLength: 30 }), ({ timeZone, instant }, steps) => {
        const clock = new LocalClock(timeZone);
        let t = instant - 4 * 3_600_000;
        for (const step of steps) {
          t += step;
          const expected = zoned(t, timeZone).toPlainDateTime();
          const iso = new Date(t).toISOString();
          expect(clock.dateTime(iso)).toBe(expected.toString({ smallestUnit: 'second' }).replace('T', ' '));
          expect(clock.hour(iso)).toBe(`${expected.toPlainDate().toString()} ${String(expected.hour).padStart(2, '0')}:00`);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('day maths, by example', () => {
  it('days are 23, 24 or 25 hours long across daylight saving, 24.5 on Lord Howe Island', () => {
    const hours = (day: string, timeZone: string, cutoff = 0) => businessDayLengthMs(day, { timeZone, cutoffHour: cutoff }) / 3_600_000;
    expect(hours('2026-03-29', 'Europe/Athens')).toBe(23);
    expect(hours('2026-03-28', 'Europe/Athens', 4)).toBe(23); // Saturday 04:00 to Sunday 04:00 holds the spring-forward night
    expect(hours('2026-03-29', 'Europe/Athens', 4)).toBe(24);
    expect(hours('2026-10-25', 'Europe/Athens', 2)).toBe(25);
    expect(hours('2026-04-05', 'Australia/Lord_Howe')).toBe(24.5);
    expect(hours('2011-12-30', 'Pacific/Apia')).toBe(0); // Samoa skipped the day, crossing the date line
    expect(utcDatesOfBusinessDay('2011-12-30', { timeZone: 'Pacific/Apia', cutoffHour: 0 })).toEqual([]);
  });

  it('reads 45-minute offsets and local mean time to the second', () => {
    expect(wallClockOf(Date.UTC(2026, 2, 10, 0, 0), 'Asia/Kathmandu')).toMatchObject({ hour: 5, minute: 45 });
    expect(offsetMsAt(Date.UTC(1910, 0, 1), 'Europe/Dublin')).toBe(-(25 * 60 + 21) * 1000);
    expect(offsetMsAt(Date.UTC(1960, 0, 1), 'Africa/Monrovia')).toBe(-(44 * 60 + 30) * 1000);
    expect(new LocalClock('Asia/Kathmandu').dateTime('2026-03-10T18:20:00.000Z')).toBe('2026-03-11 00:05:00');
  });

  it('finds a UTC date that a business day touches for less than a quarter-hour', () => {
    // Algiers kept Paris mean time (+00:09:21) until 1911: the day starts at 23:50:39 UTC the
    // evening before, between two quarter-hours, so sampling every 15 minutes missed that date.
    expect(utcDatesOfBusinessDay('1900-06-15', { timeZone: 'Africa/Algiers', cutoffHour: 0 })).toEqual(['1900-06-14', '1900-06-15']);
  });

  it('checks days and ranges of days', () => {
    expect(parseDay('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
    for (const bad of ['2026-02-29', '2026-13-01', '2026-3-1', 'March 2nd', '', 20260301, null]) expect(parseDay(bad), String(bad)).toBeNull();
    expect(isDay('0099-12-31')).toBe(true);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayRangeProblem('2026-03-01', '2026-03-01')).toBeNull();
    expect(dayRangeProblem('2026-03-02', '2026-03-01')).toBe('reversed');
    expect(dayRangeProblem('2026-02-30', '2026-03-01')).toBe('bad-first-day');
    expect(dayRangeProblem('2026-03-01', 'soon')).toBe('bad-last-day');
  });

  it('refuses unusable settings with a RangeError rather than a wrong answer', () => {
    expect(() => businessDayOf(0, { timeZone: 'Europe/Atlantis', cutoffHour: 0 })).toThrow(RangeError);
    expect(() => businessDayOf(0, { timeZone: 'UTC', cutoffHour: 24 })).toThrow(RangeError);
    expect(() => businessDaySpan('2026-02-30', { timeZone: 'UTC', cutoffHour: 0 })).toThrow(RangeError);
  });
});
