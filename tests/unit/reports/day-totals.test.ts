import { describe, expect, it } from 'vitest';
import { buildDayTotals } from '../../../electron/core/reports/day-totals.ts';
import { createReportsService } from '../../../electron/core/reports/index.ts';
import { journalSession, nextId, reportJournal, vivaBodyFor } from './helpers.ts';

const DAY = '2026-03-10';
const T1 = '16000001';
const T2 = '16000002';
const T3 = '16000003';
const T4 = '16000004';

/**
 * A hand-computed business day (Europe/Athens, UTC+2 in March, cut-off 04:00): refunds, tips, a
 * pre-authorisation and its completion, four terminals, three cash registers, three card brands,
 * hours from 08:00 to 02:00 the next morning, and two currencies.
 */
function handDay() {
  const { journal, clock } = reportJournal();
  // The evening before the cut-off belongs to the 9th: not on this report.
  journalSession(journal, clock, { at: '2026-03-10T01:30:00Z', amount: 10_000, outcome: 'approved' });

  const s1 = journalSession(journal, clock, { at: '2026-03-10T06:15:00Z', amount: 1000, terminal: T1, brand: 'VISA', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T06:40:00Z', amount: 2500, tip: 300, terminal: T2, brand: 'MASTERCARD', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T07:05:00Z', amount: 1200, terminal: T1, outcome: 'declined' });
  journalSession(journal, clock, { at: '2026-03-10T07:30:00Z', kind: 'refund', parent: s1.sessionId, amount: 500, terminal: T1, brand: 'VISA', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T11:10:00Z', amount: 4000, tip: 500, currency: 'USD', terminal: T3, register: 'POS-B', brand: 'AMEX', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T11:20:00Z', kind: 'unreferenced-refund', amount: 1500, currency: 'USD', terminal: T3, register: 'POS-B', brand: 'AMEX', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T21:50:00Z', amount: 800, terminal: T2, brand: 'VISA', outcome: 'approved' });
  // 02:30 local on the 11th: before the 04:00 cut-off, so still the 10th's business.
  journalSession(journal, clock, { at: '2026-03-11T00:30:00Z', amount: 600, tip: 100, terminal: T2, brand: 'MASTERCARD', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 999, terminal: T1, outcome: 'cancelled' });
  journalSession(journal, clock, { at: '2026-03-10T08:05:00Z', amount: 777, terminal: T1, outcome: 'aborted' });
  const unknown = journalSession(journal, clock, { at: '2026-03-10T08:10:00Z', amount: 555, terminal: T2, outcome: 'unknown' });
  const preauth = journalSession(journal, clock, { at: '2026-03-10T09:00:00Z', kind: 'preauth', amount: 3000, terminal: T1, brand: 'VISA', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T09:30:00Z', kind: 'preauth-completion', parent: preauth.sessionId, amount: 2000, terminal: T1, brand: 'VISA', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T10:00:00Z', amount: 450, terminal: T2, outcome: 'never-sent' });
  const pending = journalSession(journal, clock, { at: '2026-03-10T10:30:00Z', amount: 300, terminal: T3, outcome: 'pending' });

  // Taken from Viva at reconciliation: one accepted as this till's, one kept as another till's evidence.
  clock.set(Date.parse('2026-03-11T05:00:00Z'));
  const own = { sessionId: nextId(), terminalId: T4, cashRegisterId: 'POS-Z', amount: 350, tipAmount: 0, currencyCode: '978', merchantReference: null };
  journal.importVivaSession({
    ...own,
    kind: 'sale',
    customerTrns: null,
    businessDay: DAY,
    disposition: 'own',
    outcome: 'approved',
    occurredAt: '2026-03-10T12:00:00.000Z',
    viva: vivaBodyFor(own, 'approved', { brand: 'VISA' }),
    operator: 'maria',
  });
  const foreign = { sessionId: nextId(), terminalId: T4, cashRegisterId: 'POS-Z', amount: 9999, tipAmount: 0, currencyCode: '840', merchantReference: null };
  journal.importVivaSession({
    ...foreign,
    kind: 'sale',
    customerTrns: null,
    businessDay: DAY,
    disposition: 'foreign',
    outcome: 'approved',
    occurredAt: '2026-03-10T12:30:00.000Z',
    viva: vivaBodyFor(foreign, 'approved', { brand: 'VISA' }),
    operator: 'maria',
    reason: 'The other till in the back room',
  });
  return { journal, clock, unknown, pending };
}

const tally = (count: number, amount: number) => ({ count, amount });
const sums = (sales: [number, number], tips: [number, number], refunds: [number, number]) => ({
  sales: tally(...sales),
  refunds: tally(...refunds),
  tips: tally(...tips),
  net: sales[1] + tips[1] - refunds[1],
});

describe('the day totals, against a day computed by hand', () => {
  it('sums approved sales, tips and refunds per currency, by terminal, cash register, brand and local hour', () => {
    const { journal } = handDay();
    const totals = buildDayTotals(journal.sessionsOfBusinessDay(DAY), { timeZone: 'Europe/Athens' });

    // Ordered by ISO numeric code: 840 (USD) before 978 (EUR).
    expect(totals.currencies.map((c) => c.currency)).toEqual(['USD', 'EUR']);
    const [usd, eur] = totals.currencies;
    expect(eur).toEqual({
      currencyCode: '978',
      currency: 'EUR',
      exponent: 2,
      // 1000 + 2500 + 800 + 600 + 2000 (completion) + 350 (accepted from Viva); tips 300 + 100; refund 500.
      totals: sums([6, 7250], [2, 400], [1, 500]),
      preauths: tally(1, 3000),
      byTerminal: [
        { key: T1, ...sums([2, 3000], [0, 0], [1, 500]) },
        { key: T2, ...sums([3, 3900], [2, 400], [0, 0]) },
        { key: T4, ...sums([1, 350], [0, 0], [0, 0]) },
      ],
      byCashRegister: [
        { key: 'POS-A', ...sums([5, 6900], [2, 400], [1, 500]) },
        { key: 'POS-Z', ...sums([1, 350], [0, 0], [0, 0]) },
      ],
      byCardBrand: [
        { key: 'MASTERCARD', ...sums([2, 3100], [2, 400], [0, 0]) },
        { key: 'VISA', ...sums([4, 4150], [0, 0], [1, 500]) },
      ],
      byHour: [
        { key: '2026-03-10 08:00', ...sums([2, 3500], [1, 300], [0, 0]) },
        { key: '2026-03-10 09:00', ...sums([0, 0], [0, 0], [1, 500]) },
        { key: '2026-03-10 11:00', ...sums([1, 2000], [0, 0], [0, 0]) },
        { key: '2026-03-10 14:00', ...sums([1, 350], [0, 0], [0, 0]) },
        { key: '2026-03-10 23:00', ...sums([1, 800], [0, 0], [0, 0]) },
        { key: '2026-03-11 02:00', ...sums([1, 600], [1, 100], [0, 0]) },
      ],
    });
    expect(usd).toEqual({
      currencyCode: '840',
      currency: 'USD',
      exponent: 2,
      totals: sums([1, 4000], [1, 500], [1, 1500]),
      preauths: tally(0, 0),
      byTerminal: [{ key: T3, ...sums([1, 4000], [1, 500], [1, 1500]) }],
      byCashRegister: [{ key: 'POS-B', ...sums([1, 4000], [1, 500], [1, 1500]) }],
      byCardBrand: [{ key: 'AMEX', ...sums([1, 4000], [1, 500], [1, 1500]) }],
      byHour: [{ key: '2026-03-10 13:00', ...sums([1, 4000], [1, 500], [1, 1500]) }],
    });
  });

  it('never adds two currencies together: no figure mixes EUR and USD', () => {
    const { journal } = handDay();
    const totals = buildDayTotals(journal.sessionsOfBusinessDay(DAY), { timeZone: 'Europe/Athens' });
    const nets = totals.currencies.map((c) => c.totals.net);
    expect(nets).toEqual([3000, 7150]);
    // The only place both appear is side by side; nothing holds 10150.
    expect(JSON.stringify(totals)).not.toContain('10150');
    expect(Object.keys(totals)).toEqual(['currencies', 'outcomes', 'unknownSessions', 'inProgressSessions']);
  });

  it('counts outcomes, lists unknown and in-progress sessions, and keeps foreign evidence out', () => {
    const { journal, unknown, pending } = handDay();
    const totals = buildDayTotals(journal.sessionsOfBusinessDay(DAY), { timeZone: 'Europe/Athens' });
    expect(totals.outcomes).toEqual({
      sessions: 16,
      approved: 10,
      declined: 1,
      cancelled: 1,
      aborted: 1,
      failed: 1,
      unknown: 1,
      inProgress: 1,
      foreign: 1,
    });
    expect(totals.unknownSessions.map((s) => s.sessionId)).toEqual([unknown.sessionId]);
    expect(totals.unknownSessions[0]).toMatchObject({ amount: 555, currencyCode: '978', terminalId: T2, createdAt: '2026-03-10T08:10:00.000Z' });
    expect(totals.inProgressSessions.map((s) => s.sessionId)).toEqual([pending.sessionId]);
  });

  it('gives the same totals in any input order', () => {
    const { journal } = handDay();
    const sessions = [...journal.sessionsOfBusinessDay(DAY)];
    const forward = buildDayTotals(sessions, { timeZone: 'Europe/Athens' });
    const backward = buildDayTotals([...sessions].reverse(), { timeZone: 'Europe/Athens' });
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  it('is what the service reports for an open day, with no Z and no integrity section', () => {
    const { journal, clock } = handDay();
    const report = createReportsService({ journal, clock }).dayReport(DAY);
    expect(report).toMatchObject({ businessDay: DAY, status: 'open', z: null, integrity: null, timeZone: 'Europe/Athens', cutoffHour: 4, environment: 'simulator' });
    expect(report.reconciliation).toEqual({ status: 'not-run', checkedAt: null, matched: 0, open: 0, resolved: 0, openDifferences: [] });
    expect(report.totals.currencies.map((c) => c.totals.net)).toEqual([3000, 7150]);
  });
});
