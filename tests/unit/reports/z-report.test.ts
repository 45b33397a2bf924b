import { describe, expect, it } from 'vitest';
import { chainHash } from '../../../electron/core/journal/hash-chain.ts';
import { journalFile, openJournal } from '../../../electron/core/journal/index.ts';
import { createReportsService, type ReportsService } from '../../../electron/core/reports/index.ts';
import { ATHENS, journalSession, onCleanup, rawConnection, reportJournal } from './helpers.ts';

const DAY = '2026-03-10';
const NEXT = '2026-03-11';

function day(options: { unknown?: boolean; pending?: boolean } = {}) {
  const { journal, clock, dataDir } = reportJournal();
  const reports = createReportsService({ journal, clock });
  const sale = journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 1000, tip: 150, outcome: 'approved' });
  const declined = journalSession(journal, clock, { at: '2026-03-10T09:00:00Z', amount: 2000, outcome: 'declined' });
  journalSession(journal, clock, { at: '2026-03-10T10:00:00Z', amount: 700, currency: 'USD', terminal: '16000002', brand: 'MASTERCARD', outcome: 'approved' });
  journalSession(journal, clock, { at: '2026-03-10T11:00:00Z', kind: 'refund', parent: sale.sessionId, amount: 300, outcome: 'approved' });
  const unknown = options.unknown ? journalSession(journal, clock, { at: '2026-03-10T12:00:00Z', amount: 555, outcome: 'unknown' }) : undefined;
  const pending = options.pending ? journalSession(journal, clock, { at: '2026-03-10T12:30:00Z', amount: 444, outcome: 'pending' }) : undefined;
  clock.set(Date.parse('2026-03-11T01:00:00Z'));
  return { journal, clock, dataDir, reports, sale, declined, unknown, pending };
}

function exportsOf(reports: ReportsService, businessDay = DAY) {
  return { csv: reports.exportDay(businessDay, 'csv'), json: reports.exportDay(businessDay, 'json'), html: reports.exportDay(businessDay, 'html') };
}

describe('closing a day', () => {
  it('numbers Z reports 1, 2, ... and stores the totals with the chain head at closing', () => {
    const { journal, clock, reports } = day();
    const head = journal.head();
    const closed = reports.closeDay(DAY);
    expect(closed.status).toBe('closed');
    expect(closed.z).toEqual({ number: 1, closedAt: '2026-03-11T01:00:00.000Z', anchor: head, override: null });
    expect(closed.integrity?.status).toBe('intact');

    journalSession(journal, clock, { at: '2026-03-11T09:00:00Z', amount: 100, outcome: 'approved' });
    clock.set(Date.parse('2026-03-12T03:00:00Z'));
    expect(reports.closeDay(NEXT).z?.number).toBe(2);
    expect(reports.zReports().map((z) => [z.number, z.businessDay])).toEqual([
      [1, DAY],
      [2, NEXT],
    ]);
    const stored = journal.zReport(DAY);
    expect(JSON.parse(stored?.totals ?? '{}').totals.currencies.map((c: { totals: { net: number } }) => c.totals.net)).toEqual([700, 850]);
  });

  it('refuses to close a day twice, a day that has not started, and a day with payments still on a terminal', () => {
    const { reports, journal, pending } = day({ pending: true });
    expect(() => reports.closeDay(DAY)).toThrow(expect.objectContaining({ code: 'sessions-in-progress', message: expect.stringContaining(pending?.sessionId as string) }));
    expect(journal.zReports()).toEqual([]);
    expect(() => reports.closeDay('2026-03-12')).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('has not started') }));
    expect(() => reports.closeDay('2026-02-30')).toThrow(expect.objectContaining({ code: 'invalid-input' }));

    const other = day();
    other.reports.closeDay(DAY);
    const head = other.journal.head();
    expect(() => other.reports.closeDay(DAY)).toThrow(expect.objectContaining({ code: 'day-closed', message: expect.stringContaining('Z report 1') }));
    expect(other.journal.zReports()).toHaveLength(1);
    expect(other.journal.head()).toEqual(head);
  });

  it('refuses while payments are unknown, unless overridden with a reason and who decided, which the report shows', () => {
    const { reports, journal, unknown } = day({ unknown: true });
    expect(() => reports.closeDay(DAY)).toThrow(expect.objectContaining({ code: 'unknown-sessions', message: expect.stringContaining(unknown?.sessionId as string) }));
    expect(() => reports.closeDay(DAY, { overrideUnknown: { reason: '  ', operator: 'maria' } })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(journal.zReports()).toEqual([]);

    const closed = reports.closeDay(DAY, { overrideUnknown: { reason: 'Terminal offline, Viva support ticket 4711', operator: 'maria' } });
    expect(closed.z?.override).toEqual({ reason: 'Terminal offline, Viva support ticket 4711', operator: 'maria' });
    expect(closed.totals.unknownSessions.map((s) => s.sessionId)).toEqual([unknown?.sessionId]);
    const html = reports.exportDay(DAY, 'html');
    expect(html).toContain('Terminal offline, Viva support ticket 4711 (decided by maria)');
    expect(html).toContain(unknown?.sessionId as string);
  });
});

describe("a closed day's report", () => {
  it('comes out byte-identical when regenerated, whatever happens later on other days or in reconciliation', () => {
    const { journal, clock, dataDir, reports } = day();
    reports.closeDay(DAY);
    const before = exportsOf(reports);

    // Later: another day's payments, a new reconciliation result for the closed day, a re-check.
    journalSession(journal, clock, { at: '2026-03-11T09:00:00Z', amount: 4200, outcome: 'approved' });
    journal.recordReconciliation({ businessDay: DAY, checkedAt: '2026-03-12T08:00:00.000Z', summary: '{"differences":[],"matched":4}' });
    const declined = journal.listSessions({ businessDay: DAY, state: 'declined' }).sessions[0];
    journal.append(declined?.sessionId as string, { type: 'recheck', source: 'reconciliation', observed: 'declined' });

    expect(exportsOf(reports)).toEqual(before);
    journal.close();
    const reopened = openJournal({ dataDir, environment: 'simulator', clock, businessDay: ATHENS });
    onCleanup(() => reopened.close());
    expect(exportsOf(createReportsService({ journal: reopened, clock }))).toEqual(before);
    expect(before.json).toContain('"status": "intact"');
  });

  it('stays as closed when a session of the day changes afterwards (a late success), and lists it as a late outcome', () => {
    const { journal, reports, declined } = day();
    const closed = reports.closeDay(DAY);
    journal.append(declined.sessionId, { type: 'late-success', source: 'recheck', message: 'Viva reports it approved' });

    const report = reports.dayReport(DAY);
    expect(report.totals).toEqual(closed.totals);
    expect(report.integrity?.status).toBe('intact');
    expect(report.integrity?.changedSinceClosing).toEqual([]);
    expect(report.lateOutcomes).toEqual([expect.objectContaining({ sessionId: declined.sessionId, stateAtClose: 'declined', state: 'approved', amount: 2000, netChange: 2000 })]);
    expect(report.integrity?.problems).toEqual([]);
    expect(journal.verify().ok).toBe(true);
    expect(reports.exportDay(DAY, 'html')).toContain('Late outcomes');
  });

  it('lists a change that is not an outcome (an amount corrected at reconciliation) as changed after closing', () => {
    const { journal, reports, sale } = day();
    reports.closeDay(DAY);
    const viva = { sessionId: sale.sessionId, amount: 1050, tipAmount: 150, currencyCode: '978', success: true };
    journal.append(sale.sessionId, { type: 'amount-corrected', source: 'reconciliation', amount: 900, tipAmount: 150, currencyCode: '978', viva, differences: ['amount-mismatch'], operator: 'maria' });

    const report = reports.dayReport(DAY);
    expect(report.lateOutcomes).toEqual([]);
    expect(report.integrity?.status).toBe('changed-since-closing');
    expect(report.integrity?.changedSinceClosing).toEqual([
      {
        sessionId: sale.sessionId,
        change: 'changed',
        before: { state: 'approved', amount: 1000, tipAmount: 150, currencyCode: '978' },
        after: { state: 'approved', amount: 900, tipAmount: 150, currencyCode: '978' },
      },
    ]);
    expect(reports.exportDay(DAY, 'html')).toContain('Changed after closing');
  });

  it('detects an edited event of the day: journal verify fails and the report says tampered', () => {
    const { journal, dataDir, reports, sale } = day();
    reports.closeDay(DAY);
    const db = rawConnection(journalFile(dataDir, 'simulator'));
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET payload = replace(payload, '\"amount\":1000', '\"amount\":100') WHERE session_id = ? AND seq = 1").run(sale.sessionId);

    const verified = journal.verify();
    expect(verified).toMatchObject({ ok: false, firstBroken: { reason: 'hash-mismatch', sessionId: sale.sessionId } });
    const report = reports.dayReport(DAY);
    expect(report.integrity?.status).toBe('tampered');
    expect(report.integrity?.problems.map((p) => p.reason)).toEqual(expect.arrayContaining(['hash-mismatch', 'projection-mismatch', 'totals-mismatch']));
    expect(reports.exportDay(DAY, 'html')).toContain('TAMPERED');
  });

  it('detects an edited sessions row of the day (the projection the screens read)', () => {
    const { journal, dataDir, reports, sale } = day();
    reports.closeDay(DAY);
    const db = rawConnection(journalFile(dataDir, 'simulator'));
    db.prepare("UPDATE sessions SET state = 'declined' WHERE session_id = ?").run(sale.sessionId);

    expect(journal.verify()).toMatchObject({ ok: false, firstBroken: { reason: 'projection-mismatch', sessionId: sale.sessionId } });
    const report = reports.dayReport(DAY);
    expect(report.integrity?.status).toBe('tampered');
    expect(report.integrity?.problems).toEqual([expect.objectContaining({ reason: 'projection-mismatch', sessionId: sale.sessionId })]);
  });

  it('detects a rewrite that recomputed every later hash, through the head stored with the Z report', () => {
    const { journal, dataDir, reports, sale } = day();
    reports.closeDay(DAY);
    const db = rawConnection(journalFile(dataDir, 'simulator'));
    rewriteChain(db, sale.sessionId);

    // Without the Z report's anchor the rewritten chain is self-consistent...
    expect(journal.verify({ anchors: [] }).ok).toBe(true);
    // ...with it (the default), it is not.
    expect(journal.verify()).toMatchObject({ ok: false, firstBroken: { reason: 'anchor-mismatch', detail: expect.stringContaining(`Z report 1 of ${DAY}`) } });
    const report = reports.dayReport(DAY);
    expect(report.integrity?.status).toBe('tampered');
    expect(report.integrity?.problems.map((p) => p.reason)).toEqual(expect.arrayContaining(['anchor-mismatch', 'totals-mismatch']));
  });

  it('detects edited frozen totals', () => {
    const { dataDir, reports } = day();
    reports.closeDay(DAY);
    const db = rawConnection(journalFile(dataDir, 'simulator'));
    db.exec('DROP TRIGGER z_reports_no_update');
    db.prepare("UPDATE z_reports SET totals = replace(totals, '\"net\":850', '\"net\":8500')").run();
    const report = reports.dayReport(DAY);
    expect(report.integrity?.status).toBe('tampered');
    expect(report.integrity?.problems).toEqual([expect.objectContaining({ reason: 'totals-mismatch', detail: expect.stringContaining('net 8500 in EUR at closing') })]);
  });

  it('keeps Z reports append-only', () => {
    const { dataDir, reports } = day();
    reports.closeDay(DAY);
    const db = rawConnection(journalFile(dataDir, 'simulator'));
    expect(() => db.prepare('DELETE FROM z_reports').run()).toThrow(/frozen/);
    expect(() => db.prepare("UPDATE z_reports SET business_day = '2026-03-09'").run()).toThrow(/frozen/);
  });
});

/** What a careful tamperer does: edit a created event's amount and re-hash the chain from there on. */
function rewriteChain(db: ReturnType<typeof rawConnection>, sessionId: string): void {
  db.exec('DROP TRIGGER events_no_update');
  const first = db.prepare('SELECT id FROM events WHERE session_id = ? AND seq = 1').get(sessionId) as { id: number };
  db.prepare("UPDATE events SET payload = replace(payload, '\"amount\":1000', '\"amount\":100') WHERE id = ?").run(first.id);
  db.prepare('UPDATE sessions SET amount = 100 WHERE session_id = ?').run(sessionId);
  const rows = db.prepare('SELECT id, session_id AS sessionId, seq, type, at, payload, prev_hash AS prevHash FROM events WHERE id >= ? ORDER BY id').all(first.id) as {
    id: number;
    sessionId: string;
    seq: number;
    type: string;
    at: string;
    payload: string;
    prevHash: Buffer;
  }[];
  let prev = (rows[0] as { prevHash: Buffer }).prevHash.toString('hex');
  const update = db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?');
  for (const row of rows) {
    const hash = chainHash(prev, row);
    update.run(Buffer.from(prev, 'hex'), hash, row.id);
    prev = hash.toString('hex');
  }
}

