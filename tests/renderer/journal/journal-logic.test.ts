import { describe, expect, it } from 'vitest';
import { amountInputText, parseAmountText } from '../../../renderer/src/lib/amount-text.ts';
import { addDays, businessDayOf, isDay } from '../../../electron/domain/business-day.ts';
import { listQuery, matchesFilters, NO_FILTERS, newerFirst } from '../../../renderer/src/screens/journal/journal-filters.ts';
import { sessionRecord } from '../support/fake-ecr.ts';

describe('journal filters -> listSessions', () => {
  it('leaves out what is not chosen and trims what is', () => {
    expect(listQuery(NO_FILTERS, 50)).toEqual({ ok: true, input: { limit: 50 } });
    expect(listQuery({ fromDay: '2026-03-01', toDay: '2026-03-01', state: 'approved', terminalId: ' 16000001 ', kind: 'sale', text: '  table ' }, 10)).toEqual({
      ok: true,
      input: { limit: 10, fromDay: '2026-03-01', toDay: '2026-03-01', states: ['approved'], terminalId: '16000001', kind: 'sale', text: 'table' },
    });
  });

  it('refuses impossible days and reversed ranges', () => {
    expect(listQuery({ ...NO_FILTERS, fromDay: '2026-02-30' }, 10)).toEqual({ ok: false, problem: 'bad-from-day' });
    expect(listQuery({ ...NO_FILTERS, toDay: 'yesterday' }, 10)).toEqual({ ok: false, problem: 'bad-to-day' });
    expect(listQuery({ ...NO_FILTERS, fromDay: '2026-03-02', toDay: '2026-03-01' }, 10)).toEqual({ ok: false, problem: 'range-reversed' });
  });

  it('matches a session the way the journal query does', () => {
    const s = sessionRecord({ merchantReference: 'table-7', panLast4: '4242', businessDay: '2026-03-10', state: 'unknown' });
    expect(matchesFilters(s, NO_FILTERS)).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, text: 'table' })).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, text: '4242' })).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, text: '424' })).toBe(false);
    expect(matchesFilters(s, { ...NO_FILTERS, state: 'open' })).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, state: 'approved' })).toBe(false);
    expect(matchesFilters(s, { ...NO_FILTERS, fromDay: '2026-03-11' })).toBe(false);
    expect(matchesFilters(s, { ...NO_FILTERS, terminalId: 'other' })).toBe(false);
  });

  it('sends the search text, and the same text read as an amount in the till\'s currency', () => {
    const input = (text: string, currency?: string) => {
      const query = listQuery({ ...NO_FILTERS, text }, 10, currency);
      return query.ok ? query.input : null;
    };
    expect(input('44', 'EUR')).toEqual({ limit: 10, text: '44', amount: 4400 });
    expect(input('44,00', 'EUR')).toEqual({ limit: 10, text: '44,00', amount: 4400 });
    expect(input('44.00', 'EUR')).toEqual({ limit: 10, text: '44.00', amount: 4400 });
    expect(input('44', 'JPY')).toEqual({ limit: 10, text: '44', amount: 44 });
    // Not amounts: letters, grouping, more decimals than the currency has; and no currency known yet.
    expect(input('inv-3301', 'EUR')).toEqual({ limit: 10, text: 'inv-3301' });
    expect(input('1.234,50', 'EUR')).toEqual({ limit: 10, text: '1.234,50' });
    expect(input('4.005', 'EUR')).toEqual({ limit: 10, text: '4.005' });
    expect(input('44')).toEqual({ limit: 10, text: '44' });
  });

  it('matches a new session by any part of its reference or id, ignoring case, or by its total', () => {
    const s = sessionRecord({ merchantReference: 'INV-3301', amount: 4000, tipAmount: 400 });
    expect(matchesFilters(s, { ...NO_FILTERS, text: 'inv-3301' })).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, text: '3301' }, 'EUR')).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, text: s.sessionId.slice(3, 12).toUpperCase() })).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, text: '44' }, 'EUR')).toBe(true);
    expect(matchesFilters(s, { ...NO_FILTERS, text: '44' })).toBe(false);
    expect(matchesFilters(s, { ...NO_FILTERS, text: '40' }, 'EUR')).toBe(false);
  });

  it('orders newest first by business day, time and id', () => {
    const a = sessionRecord({ businessDay: '2026-03-10', createdAt: '2026-03-10T10:00:00.000Z' });
    const b = sessionRecord({ businessDay: '2026-03-11', createdAt: '2026-03-11T01:00:00.000Z' });
    expect([a, b].sort(newerFirst)).toEqual([b, a]);
  });
});

describe('amounts typed as text', () => {
  it('turns them into minor units with the currency exponent, never rounding', () => {
    expect(parseAmountText('12.50', 2)).toEqual({ ok: true, minor: 1250 });
    expect(parseAmountText('12,5', 2)).toEqual({ ok: true, minor: 1250 });
    expect(parseAmountText(' 1 234,56 ', 2)).toEqual({ ok: true, minor: 123456 });
    expect(parseAmountText('500', 0)).toEqual({ ok: true, minor: 500 });
    expect(parseAmountText('1.005', 2)).toEqual({ ok: false, problem: 'too-many-decimals' });
    expect(parseAmountText('', 2)).toEqual({ ok: false, problem: 'empty' });
    expect(parseAmountText('12a', 2)).toEqual({ ok: false, problem: 'not-a-number' });
    expect(parseAmountText('-3', 2)).toEqual({ ok: false, problem: 'not-a-number' });
    expect(parseAmountText('0.00', 2)).toEqual({ ok: false, problem: 'not-positive' });
    expect(amountInputText(1250, 2)).toBe('12.50');
    expect(amountInputText(5, 2)).toBe('0.05');
    expect(amountInputText(500, 0)).toBe('500');
  });
});

describe('business day in the renderer', () => {
  it('follows the journal rule: the local date, hours before the cut-off belong to the day before', () => {
    // 2026-03-10 01:30 in Athens (UTC+2) is 2026-03-09 23:30 UTC.
    const instant = Date.parse('2026-03-09T23:30:00.000Z');
    expect(businessDayOf(instant, { timeZone: 'Europe/Athens', cutoffHour: 0 })).toBe('2026-03-10');
    expect(businessDayOf(instant, { timeZone: 'Europe/Athens', cutoffHour: 4 })).toBe('2026-03-09');
    expect(businessDayOf(instant, { timeZone: 'UTC', cutoffHour: 0 })).toBe('2026-03-09');
    expect(businessDayOf(Date.parse('2026-03-01T02:00:00.000Z'), { timeZone: 'UTC', cutoffHour: 4 })).toBe('2026-02-28');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
  });
});
