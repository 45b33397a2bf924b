import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { openJournal } from '../../../electron/core/journal/index.ts';
import { createReportsService } from '../../../electron/core/reports/index.ts';
import { paymentDayOf } from '../../../electron/domain/payment-day.ts';
import { ATHENS, journalSession, nextId, onCleanup, reportJournal, vivaBodyFor } from './helpers.ts';

/**
 * A closed business day is never extended (design.md §4, domain/payment-day.ts): a payment
 * started after the Z report of day D, while the clock still reads D, counts in D+1; a payment
 * started before it whose outcome arrives after it is a late outcome of D. On a real journal
 * file, Athens with a 04:00 cut-off: business day 2026-03-10 runs 02:00Z on the 10th to 02:00Z on
 * the 11th, so 19:00Z is 21:00 in the shop, well inside the day.
 */
const DAY = '2026-03-10';
const NEXT = '2026-03-11';
const CLOSE_AT = '2026-03-10T19:00:00.000Z';

function closedEarly() {
  const { journal, clock, dataDir } = reportJournal();
  const reports = createReportsService({ journal, clock });
  const sale = journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 1000, outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T09:00:00Z', amount: 2000, outcome: 'declined' });
  clock.set(Date.parse(CLOSE_AT));
  const closed = reports.closeDay(DAY);
  return { journal, clock, dataDir, reports, sale, closed };
}

const exportsOf = (reports: ReturnType<typeof createReportsService>, day: string) => ({
  report: JSON.stringify(reports.dayReport(day)),
  csv: reports.exportDay(day, 'csv'),
  json: reports.exportDay(day, 'json'),
  html: reports.exportDay(day, 'html'),
});

describe('a payment started after the Z report, while the clock still reads the closed day', () => {
  it('counts in the next business day: journal, day lists, totals and both reports agree; the closed day is unchanged', () => {
    const { journal, clock, reports, closed } = closedEarly();
    const before = exportsOf(reports, DAY);
    expect(reports.paymentDay()).toEqual({ businessDay: NEXT, clockDay: DAY, closed: { number: 1, closedAt: CLOSE_AT } });

    const late = journalSession(journal, clock, { at: '2026-03-10T19:30:00Z', amount: 4200, tip: 300, outcome: 'approved' });
    expect(late.businessDay).toBe(NEXT);
    expect(journal.listSessions({ businessDay: DAY }).sessions).toHaveLength(2);
    expect(journal.listSessions({ businessDay: NEXT }).sessions.map((s) => s.sessionId)).toEqual([late.sessionId]);

    // D: byte for byte as closed, nothing added, nothing changed, no late outcome.
    expect(exportsOf(reports, DAY)).toEqual(before);
    const day = reports.dayReport(DAY);
    expect(day.totals).toEqual(closed.totals);
    expect(day.integrity).toMatchObject({ status: 'intact', changedSinceClosing: [] });
    expect(day.lateOutcomes).toEqual([]);

    // D+1: open, with the sale, its hour the shop's 21:00 of the 10th.
    const next = reports.dayReport(NEXT);
    expect(next.status).toBe('open');
    expect(next.totals.currencies[0]?.totals).toMatchObject({ sales: { count: 1, amount: 4200 }, tips: { amount: 300 }, net: 4500 });
    expect(next.totals.currencies[0]?.byHour.map((b) => b.key)).toEqual(['2026-03-10 21:00']);
    expect(reports.exportDay(NEXT, 'csv')).toContain(late.sessionId);
    // D+1 says where it began; D does not.
    expect(next.earlyStart).toEqual({ closedDay: DAY, number: 1, closedAt: CLOSE_AT });
    // The printable report reads the close on the business day's own clock (Athens, UTC+2 in March).
    expect(reports.exportDay(NEXT, 'html')).toContain(`Business day ${DAY} was closed by Z report 1 at 2026-03-10 21:00:00`);
    expect(day.earlyStart).toBeNull();
    expect(journal.verify().ok).toBe(true);
  });

  it('a day closed after its end did not start the next one early', () => {
    const { journal, clock } = reportJournal();
    const reports = createReportsService({ journal, clock });
    journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 1000, outcome: 'approved' });
    clock.set(Date.parse('2026-03-11T09:00:00Z'));
    reports.closeDay(DAY);
    expect(reports.dayReport(NEXT).earlyStart).toBeNull();
    expect(reports.paymentDay()).toEqual({ businessDay: NEXT, clockDay: NEXT, closed: null });
  });

  it('is decided by the journal order: created at the very instant of the close, or with the clock set back after it, it is still the next day', () => {
    const { journal, clock } = closedEarly();
    const atTheClose = journalSession(journal, clock, { at: CLOSE_AT, amount: 100, outcome: 'approved' });
    expect(atTheClose.businessDay).toBe(NEXT);
    // An NTP step back to before the close must not reopen the closed day.
    const steppedBack = journalSession(journal, clock, { at: '2026-03-10T18:00:00Z', amount: 200, outcome: 'approved' });
    expect(steppedBack.businessDay).toBe(NEXT);
    expect(journal.listSessions({ businessDay: DAY }).sessions).toHaveLength(2);
  });

  it('sees a Z report written by another process on the same file (the CLI beside the app)', () => {
    const { journal, clock, dataDir } = reportJournal();
    journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 1000, outcome: 'approved' });
    const cliClock = manualClock(Date.parse(CLOSE_AT));
    const cli = openJournal({ dataDir, environment: 'simulator', clock: cliClock, businessDay: ATHENS });
    onCleanup(() => cli.close());
    createReportsService({ journal: cli, clock: cliClock }).closeDay(DAY);

    const after = journalSession(journal, clock, { at: '2026-03-10T19:05:00Z', amount: 300, outcome: 'approved' });
    expect(after.businessDay).toBe(NEXT);
  });

  it('a refund of a sale of the closed day, made after the close, counts in the next day', () => {
    const { journal, clock, reports, sale, closed } = closedEarly();
    const refund = journalSession(journal, clock, { at: '2026-03-10T20:00:00Z', kind: 'refund', parent: sale.sessionId, amount: 400, outcome: 'approved' });
    expect(refund.businessDay).toBe(NEXT);
    expect(journal.refundedAmount(sale.sessionId)).toBe(400);
    expect(reports.dayReport(DAY).totals).toEqual(closed.totals);
    expect(reports.dayReport(NEXT).totals.currencies[0]?.totals).toMatchObject({ refunds: { count: 1, amount: 400 }, net: -400 });
  });

  it('keeps its day through a restart and crash recovery: the day is fixed when the session is created', () => {
    const { journal, clock, dataDir } = closedEarly();
    const pending = journalSession(journal, clock, { at: '2026-03-10T19:10:00Z', amount: 900, outcome: 'pending' });
    journal.close();
    clock.set(Date.parse('2026-03-11T09:00:00Z'));
    const reopened = openJournal({ dataDir, environment: 'simulator', clock, businessDay: ATHENS });
    onCleanup(() => reopened.close());
    expect(reopened.openSessions().map((s) => [s.sessionId, s.businessDay])).toEqual([[pending.sessionId, NEXT]]);
    const recovered = reopened.append(pending.sessionId, { type: 'poll-result', outcome: 'declined', viva: vivaBodyFor(pending, 'declined') });
    expect(recovered.businessDay).toBe(NEXT);
  });

  it('the next day cannot be closed before it has begun by the clock; once it has, its Z report counts the payment', () => {
    const { journal, clock, reports } = closedEarly();
    const late = journalSession(journal, clock, { at: '2026-03-10T19:30:00Z', amount: 4200, outcome: 'approved' });
    clock.set(Date.parse('2026-03-10T23:00:00Z'));
    expect(() => reports.closeDay(NEXT)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('has not started') }));
    // Still the 10th in the shop: a second close of the day is refused too, and the next payment is still D+1's.
    expect(() => reports.closeDay(DAY)).toThrow(expect.objectContaining({ code: 'day-closed' }));
    expect(reports.paymentDay().businessDay).toBe(NEXT);

    clock.set(Date.parse('2026-03-12T01:00:00Z'));
    expect(reports.paymentDay()).toEqual({ businessDay: NEXT, clockDay: NEXT, closed: null });
    const z2 = reports.closeDay(NEXT);
    expect(z2.z?.number).toBe(2);
    expect(z2.totals.currencies[0]?.totals.net).toBe(4200);
    expect(reports.exportDay(NEXT, 'csv')).toContain(late.sessionId);
  });

  it('imported histories carry their own instants: only those started after the close move on', () => {
    const { journal, clock } = closedEarly();
    clock.set(Date.parse('2026-03-10T21:00:00Z'));
    const request = (sessionId: string) => ({
      sessionId,
      kind: 'sale' as const,
      amount: 100,
      tipAmount: 0,
      currency: 'EUR',
      terminalId: '16000001',
      cashRegisterId: 'POS-A',
      merchantReference: null,
      parentSessionId: null,
    });
    const [beforeId, afterId] = [nextId(), nextId()];
    journal.importSessions([
      { request: request(beforeId), createdAtMs: Date.parse('2026-03-10T18:59:59.999Z'), events: [] },
      { request: request(afterId), createdAtMs: Date.parse(CLOSE_AT), events: [] },
    ]);
    expect(journal.getSession(beforeId)?.businessDay).toBe(DAY);
    expect(journal.getSession(afterId)?.businessDay).toBe(NEXT);
  });
});

describe('a payment open at the close whose outcome arrives after it', () => {
  it("stays the closed day's: listed as a late outcome of that day, with what it does to the net, beside the frozen totals", () => {
    const { journal, clock } = reportJournal();
    const reports = createReportsService({ journal, clock });
    journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 1000, outcome: 'approved' });
    const unknown = journalSession(journal, clock, { at: '2026-03-10T18:00:00Z', amount: 555, tip: 45, outcome: 'unknown' });
    const declined = journalSession(journal, clock, { at: '2026-03-10T18:30:00Z', amount: 2000, outcome: 'declined' });
    clock.set(Date.parse(CLOSE_AT));
    const closed = reports.closeDay(DAY, { overrideUnknown: { reason: 'Terminal offline', operator: 'maria' } });

    clock.set(Date.parse('2026-03-10T19:20:00Z'));
    journal.append(unknown.sessionId, { type: 'resolved-by-operator', outcome: 'approved', reason: 'Viva portal shows it paid', operator: 'maria' });
    clock.set(Date.parse('2026-03-10T19:40:00Z'));
    journal.append(declined.sessionId, { type: 'late-success', source: 'recheck', message: 'Viva reports it approved' });

    const report = reports.dayReport(DAY);
    expect(report.totals).toEqual(closed.totals);
    expect(report.integrity).toMatchObject({ status: 'intact', changedSinceClosing: [], problems: [] });
    expect(report.lateOutcomes).toEqual([
      expect.objectContaining({ sessionId: unknown.sessionId, stateAtClose: 'unknown', state: 'approved', amount: 555, tipAmount: 45, netChange: 600, updatedAt: '2026-03-10T19:20:00.000Z' }),
      expect.objectContaining({ sessionId: declined.sessionId, stateAtClose: 'declined', state: 'approved', netChange: 2000, updatedAt: '2026-03-10T19:40:00.000Z' }),
    ]);
    expect(journal.getSession(unknown.sessionId)?.businessDay).toBe(DAY);
    expect(reports.dayReport(NEXT).totals.outcomes.sessions).toBe(0);
    const html = reports.exportDay(DAY, 'html');
    expect(html).toContain('Late outcomes');
    expect(html).toContain(declined.sessionId);
    expect(html).not.toContain('Changed after closing');
  });
});

describe('the rule itself (domain/payment-day.ts)', () => {
  it('walks past every closed day, and leaves an open day alone', () => {
    const at = Date.parse('2026-03-10T19:00:00Z');
    expect(paymentDayOf(at, ATHENS, () => false)).toBe(DAY);
    expect(paymentDayOf(at, ATHENS, (day) => day === DAY)).toBe(NEXT);
    expect(paymentDayOf(at, ATHENS, (day) => day <= '2026-03-12')).toBe('2026-03-13');
    // Before the 04:00 cut-off the shop's clock still reads the day before.
    expect(paymentDayOf(Date.parse('2026-03-11T01:30:00Z'), ATHENS, (day) => day === DAY)).toBe(NEXT);
  });
});
