import { describe, expect, it } from 'vitest';
import type { ImportedSessionInput } from '../../../electron/core/journal/index.ts';
import { dispatched, saleRequest, testJournal, vivaBody } from './helpers.ts';

/** What reconciliation and end of day add to the journal: imported sessions, explanations, corrections, Z reports. */
function imported(overrides: Partial<ImportedSessionInput> = {}): ImportedSessionInput {
  const sessionId = overrides.sessionId ?? '11111111-0000-4000-8000-000000000001';
  return {
    sessionId,
    kind: 'sale',
    amount: 1000,
    tipAmount: 200,
    currencyCode: '978',
    terminalId: '16000002',
    cashRegisterId: 'REG-2',
    merchantReference: 'BACK-7',
    customerTrns: null,
    businessDay: '2026-03-10',
    disposition: 'own',
    outcome: 'approved',
    occurredAt: '2026-03-10T08:30:00.000Z',
    viva: vivaBody(sessionId, 'approved', { amount: 1200, tipAmount: 200, terminalId: '16000002', cashRegisterId: 'REG-2' }),
    operator: 'maria',
    ...overrides,
  };
}

describe('importing a session from Viva', () => {
  it('writes one final event, dated by Viva, that replays and verifies', () => {
    const { journal } = testJournal();
    const record = journal.importVivaSession(imported());
    expect(record).toMatchObject({
      state: 'approved',
      amount: 1000,
      tipAmount: 200,
      cashRegisterId: 'REG-2',
      businessDay: '2026-03-10',
      createdAt: '2026-03-10T08:30:00.000Z',
      finishedAt: '2026-03-10T08:30:00.000Z',
      resolution: 'imported',
      resolvedBy: 'maria',
      cardBrand: 'VISA',
      lastSeq: 1,
    });
    expect(journal.eventsOf(record.sessionId).map((e) => e.type)).toEqual(['imported']);
    expect(journal.verify().ok).toBe(true);
    // A re-check already happened (the reconciliation): the engine leaves it alone.
    expect(record.recheckedAt).not.toBeNull();
  });

  it("refuses what does not add up with Viva's body, a foreign one without a reason, a kind that needs a parent, a duplicate", () => {
    const { journal } = testJournal();
    const before = journal.head();
    expect(() => journal.importVivaSession(imported({ amount: 1100 }))).toThrow(/not what Viva's body says/);
    expect(() => journal.importVivaSession(imported({ currencyCode: '840' }))).toThrow(/not what Viva's body says/);
    expect(() => journal.importVivaSession(imported({ outcome: 'declined' }))).toThrow(/success=true/);
    expect(() => journal.importVivaSession(imported({ disposition: 'foreign' }))).toThrow(/reason/);
    expect(() => journal.importVivaSession(imported({ kind: 'refund' }))).toThrow(/parent/);
    expect(() => journal.importVivaSession(imported({ businessDay: '2026-02-30' }))).toThrow(/Not a date/);
    expect(() => journal.importVivaSession(imported({ sessionId: 'other-id', viva: imported().viva }))).toThrow(/belongs to session/);
    expect(journal.head()).toEqual(before);
    journal.importVivaSession(imported());
    expect(() => journal.importVivaSession(imported())).toThrow(expect.objectContaining({ code: 'duplicate-session' }));
    expect(() => journal.append('x', { type: 'imported' } as never)).toThrow(/importVivaSession/);
  });
});

describe('reconciliation events on a journaled session', () => {
  it("corrects the amounts to Viva's, only on an approved session and only as Viva's body says", () => {
    const { journal } = testJournal();
    const request = saleRequest({ amount: 1000 });
    dispatched(journal, request);
    journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(request.sessionId, 'approved', { amount: 1000 }) });
    const viva = vivaBody(request.sessionId, 'approved', { amount: 1250, tipAmount: 50 });
    const correction = {
      type: 'amount-corrected' as const,
      source: 'reconciliation' as const,
      viva,
      differences: ['amount-mismatch' as const, 'tip-mismatch' as const],
      operator: 'maria',
    };
    expect(() => journal.append(request.sessionId, { ...correction, amount: 1250, tipAmount: 50, currencyCode: '978' })).toThrow(/not what Viva's body says/);
    const record = journal.append(request.sessionId, { ...correction, amount: 1200, tipAmount: 50, currencyCode: '978' });
    expect(record).toMatchObject({ state: 'approved', amount: 1200, tipAmount: 50 });
    expect(journal.verify().ok).toBe(true);
  });

  it('records an explanation without changing the session', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    dispatched(journal, request);
    const declined = journal.append(request.sessionId, { type: 'poll-result', outcome: 'declined', viva: vivaBody(request.sessionId, 'declined') });
    const explained = journal.append(request.sessionId, { type: 'explained', source: 'reconciliation', difference: 'local-only', reason: 'Viva support confirmed', operator: 'maria' });
    expect({ ...explained, updatedAt: declined.updatedAt, lastSeq: declined.lastSeq }).toEqual(declined);
    expect(() => journal.append(request.sessionId, { type: 'explained', source: 'reconciliation', difference: 'no-such' as never, reason: 'x', operator: 'm' })).toThrow(/Invalid/);
  });
});

describe('Z reports and reconciliation results', () => {
  it('numbers Z reports without gaps, refuses a second one for a day, and checks every Z head on verify', () => {
    const { journal } = testJournal();
    dispatched(journal);
    const head = journal.head();
    const z1 = journal.insertZReport({ businessDay: '2026-03-10', closedAt: '2026-03-10T23:00:00.000Z', anchor: head, totals: '{}', override: null });
    const z2 = journal.insertZReport({ businessDay: '2026-03-11', closedAt: '2026-03-11T23:00:00.000Z', anchor: head, totals: '{}', override: { reason: 'r', operator: 'o' } });
    expect([z1.number, z2.number]).toEqual([1, 2]);
    expect(() => journal.insertZReport({ businessDay: '2026-03-10', closedAt: 'x', anchor: head, totals: '{}', override: null })).toThrow(expect.objectContaining({ code: 'day-closed' }));
    expect(journal.zReports().map((z) => z.number)).toEqual([1, 2]);
    expect(journal.verify().ok).toBe(true);
    journal.insertZReport({ businessDay: '2026-03-12', closedAt: 'x', anchor: { events: head.events, head: 'f'.repeat(64) }, totals: '{}', override: null });
    expect(journal.verify()).toMatchObject({ ok: false, firstBroken: { reason: 'anchor-mismatch', detail: expect.stringContaining('Z report 3 of 2026-03-12') } });
  });

  it('stores a reconciliation result only when it changed', () => {
    const { journal } = testJournal();
    expect(journal.recordReconciliation({ businessDay: '2026-03-10', checkedAt: 'a', summary: '{"x":1}' })).toBe(true);
    expect(journal.recordReconciliation({ businessDay: '2026-03-10', checkedAt: 'b', summary: '{"x":1}' })).toBe(false);
    expect(journal.reconciliation('2026-03-10')).toEqual({ businessDay: '2026-03-10', checkedAt: 'a', summary: '{"x":1}' });
    expect(journal.recordReconciliation({ businessDay: '2026-03-10', checkedAt: 'c', summary: '{"x":2}' })).toBe(true);
    expect(journal.reconciliation('2026-03-10')?.checkedAt).toBe('c');
  });

  it('pages a range of days oldest first, each page starting after the last', () => {
    const { journal, clock } = testJournal();
    const ids: string[] = [];
    for (let day = 1; day <= 3; day += 1) {
      for (let i = 0; i < 3; i += 1) {
        clock.set(Date.UTC(2026, 2, day, 9 + i));
        ids.push(journal.createSession(saleRequest()).sessionId);
      }
    }
    const seen: string[] = [];
    let last = null;
    for (;;) {
      const page = journal.sessionsOfBusinessDaysPage('2026-03-02', '2026-03-03', last, 2);
      seen.push(...page.map((s) => s.sessionId));
      if (page.length < 2) break;
      last = page[page.length - 1] ?? null;
    }
    expect(seen).toEqual(ids.slice(3, 9));
    expect(journal.countSessionsOfBusinessDays('2026-03-01', '2026-03-03')).toBe(9);
    expect(() => journal.countSessionsOfBusinessDays('2026-03-03', '2026-03-01')).toThrow(/ends before it starts/);
  });
});
