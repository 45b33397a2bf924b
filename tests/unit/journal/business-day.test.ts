import { describe, expect, it } from 'vitest';
import { businessDayOf, checkBusinessDayConfig, parseDay, utcDatesOfBusinessDay } from '../../../electron/core/journal/business-day.ts';
import { JournalError } from '../../../electron/core/journal/errors.ts';
import { saleRequest, testJournal } from './helpers.ts';

const athens4 = { timeZone: 'Europe/Athens', cutoffHour: 4 };
const utc = (iso: string) => Date.parse(iso);

describe('businessDayOf', () => {
  it('books the hours before the cut-off on the day before', () => {
    // Athens is UTC+2 in winter.
    expect(businessDayOf(utc('2026-03-10T00:30:00.000Z'), athens4)).toBe('2026-03-09'); // 02:30 local
    expect(businessDayOf(utc('2026-03-10T01:59:59.999Z'), athens4)).toBe('2026-03-09'); // 03:59:59.999 local
    expect(businessDayOf(utc('2026-03-10T02:00:00.000Z'), athens4)).toBe('2026-03-10'); // 04:00 local
    expect(businessDayOf(utc('2026-03-10T21:59:59.999Z'), athens4)).toBe('2026-03-10'); // 23:59 local
  });

  it('with cut-off 0 is the local calendar date', () => {
    const athens0 = { timeZone: 'Europe/Athens', cutoffHour: 0 };
    expect(businessDayOf(utc('2026-03-09T21:59:59.999Z'), athens0)).toBe('2026-03-09');
    expect(businessDayOf(utc('2026-03-09T22:00:00.000Z'), athens0)).toBe('2026-03-10');
    expect(businessDayOf(utc('2026-03-10T12:00:00.000Z'), { timeZone: 'UTC', cutoffHour: 0 })).toBe('2026-03-10');
  });

  it('crosses month and year ends', () => {
    expect(businessDayOf(utc('2027-01-01T01:00:00.000Z'), athens4)).toBe('2026-12-31');
    expect(businessDayOf(utc('2026-03-01T00:00:00.000Z'), athens4)).toBe('2026-02-28');
  });

  it('handles the spring-forward night (Athens, last Sunday of March: 03:00 -> 04:00)', () => {
    // 2026-03-29 01:00Z is 04:00 EEST; one millisecond earlier it was 02:59:59.999 EET.
    expect(businessDayOf(utc('2026-03-29T00:59:59.999Z'), athens4)).toBe('2026-03-28');
    expect(businessDayOf(utc('2026-03-29T01:00:00.000Z'), athens4)).toBe('2026-03-29');
    // A cut-off inside the skipped hour starts the day at the first instant past it.
    const athens3 = { timeZone: 'Europe/Athens', cutoffHour: 3 };
    expect(businessDayOf(utc('2026-03-29T00:59:59.999Z'), athens3)).toBe('2026-03-28');
    expect(businessDayOf(utc('2026-03-29T01:00:00.000Z'), athens3)).toBe('2026-03-29');
  });

  it('handles the fall-back night (Athens, last Sunday of October: 04:00 -> 03:00), keeping the repeated hour together', () => {
    expect(businessDayOf(utc('2026-10-25T00:30:00.000Z'), athens4)).toBe('2026-10-24'); // 03:30 EEST
    expect(businessDayOf(utc('2026-10-25T01:30:00.000Z'), athens4)).toBe('2026-10-24'); // 03:30 EET, the second time
    expect(businessDayOf(utc('2026-10-25T02:00:00.000Z'), athens4)).toBe('2026-10-25'); // 04:00 EET
  });

  it('never goes backwards through a year of Athens time, and every day is 23, 24 or 25 hours long', () => {
    const step = 15 * 60 * 1000;
    const hours = new Map<string, number>();
    let previous = '';
    for (let t = utc('2026-01-01T00:00:00.000Z'); t < utc('2027-01-01T00:00:00.000Z'); t += step) {
      const day = businessDayOf(t, athens4);
      expect(day >= previous).toBe(true);
      previous = day;
      hours.set(day, (hours.get(day) ?? 0) + 0.25);
    }
    const lengths = [...hours.entries()].slice(1, -1).map(([, h]) => h);
    expect(new Set(lengths)).toEqual(new Set([23, 24, 25]));
    expect(hours.get('2026-03-28')).toBe(23);
    expect(hours.get('2026-10-24')).toBe(25);
  });

  it('refuses a bad instant', () => {
    expect(() => businessDayOf(Number.NaN, athens4)).toThrow(JournalError);
  });
});

describe('utcDatesOfBusinessDay', () => {
  it('lists the UTC dates a business day touches', () => {
    expect(utcDatesOfBusinessDay('2026-03-10', athens4)).toEqual(['2026-03-10', '2026-03-11']); // 02:00Z .. 02:00Z
    expect(utcDatesOfBusinessDay('2026-03-10', { timeZone: 'Europe/Athens', cutoffHour: 0 })).toEqual(['2026-03-09', '2026-03-10']);
    expect(utcDatesOfBusinessDay('2026-03-10', { timeZone: 'Europe/Athens', cutoffHour: 2 })).toEqual(['2026-03-10']); // 00:00Z .. 00:00Z
    expect(utcDatesOfBusinessDay('2026-03-10', { timeZone: 'UTC', cutoffHour: 0 })).toEqual(['2026-03-10']);
    expect(utcDatesOfBusinessDay('2026-03-10', { timeZone: 'America/New_York', cutoffHour: 0 })).toEqual(['2026-03-10', '2026-03-11']);
    expect(utcDatesOfBusinessDay('2026-03-10', { timeZone: 'Pacific/Kiritimati', cutoffHour: 23 })).toEqual(['2026-03-10', '2026-03-11']);
    expect(utcDatesOfBusinessDay('2026-03-10', { timeZone: 'Asia/Kathmandu', cutoffHour: 0 })).toEqual(['2026-03-09', '2026-03-10']);
  });

  it('follows daylight-saving changes', () => {
    // Athens with cut-off 2: winter days are exactly one UTC date (00:00Z..00:00Z), summer days are not.
    const athens2 = { timeZone: 'Europe/Athens', cutoffHour: 2 };
    expect(utcDatesOfBusinessDay('2026-03-28', athens2)).toEqual(['2026-03-28']);
    expect(utcDatesOfBusinessDay('2026-03-29', athens2)).toEqual(['2026-03-29']); // 00:00Z .. 23:00Z (a 23-hour day)
    expect(utcDatesOfBusinessDay('2026-03-30', athens2)).toEqual(['2026-03-29', '2026-03-30']); // 23:00Z .. 23:00Z
    expect(utcDatesOfBusinessDay('2026-10-25', athens2)).toEqual(['2026-10-24', '2026-10-25']); // 23:00Z .. 00:00Z (25 hours)
    expect(utcDatesOfBusinessDay('2026-10-26', athens2)).toEqual(['2026-10-26']);
  });

  it("covers every instant of the day: each instant's UTC date is listed for its business day", () => {
    for (const start of ['2026-03-27T00:00:00.000Z', '2026-10-23T00:00:00.000Z']) {
      const datesOf = new Map<string, string[]>();
      for (let t = utc(start); t < utc(start) + 4 * 86_400_000; t += 10 * 60 * 1000) {
        const day = businessDayOf(t, athens4);
        if (!datesOf.has(day)) datesOf.set(day, utcDatesOfBusinessDay(day, athens4));
        expect(datesOf.get(day)).toContain(new Date(t).toISOString().slice(0, 10));
      }
    }
  });
});

describe('settings and day strings', () => {
  it('refuses an unknown time zone and a cut-off outside 0..23, with a typed error', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as JournalError).code;
      }
      return 'nothing thrown';
    };
    expect(codeOf(() => checkBusinessDayConfig({ timeZone: 'Europe/Atlantis', cutoffHour: 4 }))).toBe('invalid-business-day');
    expect(codeOf(() => checkBusinessDayConfig({ timeZone: '', cutoffHour: 4 }))).toBe('invalid-business-day');
    for (const cutoffHour of [-1, 24, 1.5, Number.NaN]) {
      expect(codeOf(() => checkBusinessDayConfig({ timeZone: 'Europe/Athens', cutoffHour }))).toBe('invalid-business-day');
      expect(codeOf(() => businessDayOf(0, { timeZone: 'Europe/Athens', cutoffHour }))).toBe('invalid-business-day');
    }
    expect(checkBusinessDayConfig({ timeZone: 'Europe/Athens', cutoffHour: 23 })).toEqual({ timeZone: 'Europe/Athens', cutoffHour: 23 });
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(parseDay('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
    for (const bad of ['2026-02-29', '2026-3-1', '2026-13-01', 'yesterday', '', '2026-03-10T00:00']) {
      expect(() => parseDay(bad), bad).toThrow(JournalError);
      expect(() => utcDatesOfBusinessDay(bad, athens4), bad).toThrow(JournalError);
    }
  });
});

describe('the business day the journal stamps on a session', () => {
  it('follows the zone to the second, not to the quarter-hour: Monrovia in 1970 was 44 min 30 s behind UTC', () => {
    const { journal } = testJournal({ businessDay: { timeZone: 'Africa/Monrovia', cutoffHour: 0 } });
    const before = saleRequest();
    const after = saleRequest();
    // 10 s apart in the same UTC quarter-hour, either side of local midnight (23:59:50 and 00:00:10).
    journal.importSessions([
      { request: before, createdAtMs: utc('1970-06-01T00:44:20.000Z'), events: [] },
      { request: after, createdAtMs: utc('1970-06-01T00:44:40.000Z'), events: [] },
    ]);
    expect(journal.getSession(before.sessionId)?.businessDay).toBe('1970-05-31');
    expect(journal.getSession(after.sessionId)?.businessDay).toBe('1970-06-01');
  });
});
