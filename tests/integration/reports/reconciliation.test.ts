import { afterEach, describe, expect, it } from 'vitest';
import type { Difference, ReconciliationResult } from '../../../electron/core/reports/index.ts';
import type { IpcError } from '../../../electron/contract/envelope.ts';
import { toIpcError } from '../../../electron/main/ipc.ts';
import { errorSentence } from '../../../renderer/src/lib/errors.ts';
import { REGISTER, startReportsHarness, type ReportsHarness } from './harness.ts';

/**
 * Business day 2026-03-10 in New York (EDT, UTC-4 since 8 March): 04:00Z on the 10th to 04:00Z on
 * the 11th, so it touches the UTC dates 2026-03-10 and 2026-03-11 and midnight UTC falls inside it.
 */
const DAY = '2026-03-10';
const NEW_YORK = { timeZone: 'America/New_York', cutoffHour: 0 };
const EVENING = '2026-03-11T03:00:00Z'; // 23:00 in New York: still the 10th.

let harness: ReportsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A day with every kind of difference, plus the sessions that must not be one. */
async function everyKind() {
  const h = await startReportsHarness(NEW_YORK, EVENING);
  harness = h;
  const ids = {
    matched: h.both({ at: '2026-03-10T14:00:00Z', amount: 1000, outcome: 'approved' }).sessionId,
    matchedDeclined: h.both({ at: '2026-03-10T14:10:00Z', amount: 2000, outcome: 'declined' }).sessionId,
    // Created a moment before midnight UTC (19:59:58 in New York), finished after it: filed by Viva under
    // the UTC date it was created (the 10th), or under the one it finished (the 11th). Both are the 10th's business.
    acrossMidnight: h.both({ at: '2026-03-10T23:59:58Z', amount: 3100, tip: 200, outcome: 'approved' }).sessionId,
    acrossMidnightFiledLater: h.both({ at: '2026-03-10T23:59:59Z', amount: 3200, outcome: 'approved', terminal: '16000002', vivaSeed: { createdAt: '2026-03-11T00:00:19.000Z' } }).sessionId,
    neverSent: h.both({ at: '2026-03-10T15:00:00Z', amount: 450, outcome: 'never-sent' }).sessionId,
    inProgress: h.both({ at: '2026-03-11T02:59:00Z', amount: 300, outcome: 'pending', terminal: '16000003' }).sessionId,
    localApproved: h.both({ at: '2026-03-10T15:10:00Z', amount: 1500, outcome: 'approved', vivaSeed: null }).sessionId,
    localUnknown: h.both({ at: '2026-03-10T15:20:00Z', amount: 1600, outcome: 'unknown', vivaSeed: null }).sessionId,
    declinedButPaid: h.both({ at: '2026-03-10T16:00:00Z', amount: 2500, outcome: 'declined', vivaSeed: { outcome: 'approved' } }).sessionId,
    unknownButPaid: h.both({ at: '2026-03-10T16:10:00Z', amount: 2600, outcome: 'unknown', vivaSeed: { outcome: 'approved' } }).sessionId,
    paidButDeclined: h.both({ at: '2026-03-10T16:20:00Z', amount: 2700, outcome: 'approved', vivaSeed: { outcome: 'declined' } }).sessionId,
    amount: h.both({ at: '2026-03-10T17:00:00Z', amount: 1000, outcome: 'approved', vivaSeed: { amount: 1200 } }).sessionId,
    currency: h.both({ at: '2026-03-10T17:10:00Z', amount: 1000, outcome: 'approved', vivaSeed: { currencyCode: '840' } }).sessionId,
    // The journal has 10.00 + 1.00 tip; Viva charged the same 11.00 but records no tip.
    tip: h.both({ at: '2026-03-10T17:20:00Z', amount: 1000, tip: 100, outcome: 'approved', vivaSeed: { tipAmount: 0 } }).sessionId,
    vivaOnly: h.vivaOnly({ amount: 4200, cashRegisterId: 'REG-2', terminalId: '16000002', createdAt: '2026-03-10T18:00:00.000Z', outcome: 'approved', merchantReference: 'BACK-ROOM-7' }),
  };
  // Viva-only sessions of the neighbouring business days, on the same UTC dates: not this day's.
  h.vivaOnly({ amount: 999, cashRegisterId: 'REG-2', createdAt: '2026-03-10T02:00:00.000Z', outcome: 'approved' }); // 22:00 on the 9th in New York
  h.vivaOnly({ amount: 998, cashRegisterId: 'REG-2', createdAt: '2026-03-11T10:00:00.000Z', outcome: 'approved' }); // 06:00 on the 11th
  return { h, ids };
}

function byId(result: ReconciliationResult): Map<string, Difference> {
  return new Map(result.differences.map((d) => [d.id, d]));
}

describe('reconciling a business day against Viva', () => {
  it('finds every kind of difference, and only those', async () => {
    const { h, ids } = await everyKind();
    const result = await h.reports.reconcile(DAY);

    expect(result).toMatchObject({ source: 'viva', vivaError: null, utcDates: ['2026-03-10', '2026-03-11'], matched: 4, notSent: 1, inProgress: 1, open: 9, resolved: 0 });
    expect(result.differences.map((d) => [d.kind, d.sessionId, d.actions])).toEqual([
      // Cash register REG-2 is not this till's (REG-1): recorded as REG-2's first, never accepted as this till's.
      ['viva-only', ids.vivaOnly, ['assign', 'explain']],
      ...[
        ['local-only', ids.localApproved, ['not-paid', 'explain']],
        ['local-only', ids.localUnknown, ['not-paid', 'explain']],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      ...[
        ['state-mismatch', ids.declinedButPaid, ['accept', 'explain', 'refund']],
        ['state-mismatch', ids.unknownButPaid, ['accept', 'explain', 'refund']],
        ['state-mismatch', ids.paidButDeclined, ['explain']],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      ['amount-mismatch', ids.amount, ['accept', 'explain', 'refund']],
      ['currency-mismatch', ids.currency, ['accept', 'explain', 'refund']],
      ['tip-mismatch', ids.tip, ['accept', 'explain', 'refund']],
    ]);
    const d = byId(result);
    expect(d.get(`viva-only:${ids.vivaOnly}`)).toMatchObject({
      status: 'open',
      journal: null,
      viva: { outcome: 'approved', cashRegisterId: 'REG-2', terminalId: '16000002', amount: 4200, merchantReference: 'BACK-ROOM-7', occurredAt: '2026-03-10T18:00:00.000Z' },
      detail: expect.stringContaining('cash register REG-2'),
      otherTill: 'REG-2',
    });
    expect(d.get(`state-mismatch:${ids.declinedButPaid}`)).toMatchObject({ journal: { state: 'declined' }, viva: { outcome: 'approved' }, detail: expect.stringContaining('the customer was charged') });
    expect(d.get(`state-mismatch:${ids.unknownButPaid}`)).toMatchObject({ journal: { state: 'unknown' }, viva: { outcome: 'approved' } });
    expect(d.get(`amount-mismatch:${ids.amount}`)).toMatchObject({ journal: { amount: 1000, tipAmount: 0 }, viva: { amount: 1200 } });
    expect(d.get(`currency-mismatch:${ids.currency}`)).toMatchObject({ journal: { currencyCode: '978' }, viva: { currencyCode: '840' } });
    expect(d.get(`tip-mismatch:${ids.tip}`)).toMatchObject({ journal: { amount: 1000, tipAmount: 100 }, viva: { amount: 1100, tipAmount: 0 } });
    // The sessions across midnight UTC, the declined one and the plain sale all match.
    for (const id of [ids.matched, ids.matchedDeclined, ids.acrossMidnight, ids.acrossMidnightFiledLater, ids.neverSent, ids.inProgress]) {
      expect(result.differences.some((x) => x.sessionId === id)).toBe(false);
    }
    expect(result.unknownSessions.sort()).toEqual([ids.localUnknown, ids.unknownButPaid].sort());
  });

  it("with entries of Viva's day list that do not parse: every other difference is still found, each unreadable one listed as its own kind", async () => {
    const { h, ids } = await everyKind();
    const ours = h.both({ at: '2026-03-10T19:00:00Z', amount: 1300, outcome: 'approved', vivaSeed: { unreadableInList: true } }).sessionId;
    const theirs = h.vivaOnly({ amount: 700, cashRegisterId: 'REG-2', createdAt: '2026-03-10T19:10:00.000Z', outcome: 'approved', unreadableInList: true });
    const result = await h.reports.reconcile(DAY);

    expect(result).toMatchObject({ source: 'viva', vivaError: null, matched: 4, open: 11 });
    const kinds = result.differences.map((d) => `${d.kind}:${d.sessionId}`);
    for (const id of [ids.vivaOnly, ids.localApproved, ids.localUnknown, ids.declinedButPaid, ids.amount, ids.currency, ids.tip]) {
      expect(kinds.some((k) => k.endsWith(`:${id}`))).toBe(true);
    }
    const unreadable = result.differences.filter((d) => d.kind === 'viva-unreadable');
    expect(unreadable.map((d) => d.sessionId).sort()).toEqual([ours, theirs].sort());
    // The till's own session: Viva has it (unreadably), so it is not "local-only", and a person can explain it.
    expect(kinds).not.toContain(`local-only:${ours}`);
    expect(byId(result).get(`viva-unreadable:${ours}`)).toMatchObject({ status: 'open', journal: { amount: 1300 }, viva: null, actions: ['explain'], detail: expect.stringContaining('could not read') });
    expect(byId(result).get(`viva-unreadable:${theirs}`)).toMatchObject({ status: 'open', journal: null, actions: [] });
    // Listed right after Viva-only records: money Viva may have taken comes first.
    expect(result.differences[1]?.kind).toBe('viva-unreadable');
  });

  it('runs twice without changing anything the second time', async () => {
    const { h } = await everyKind();
    const first = await h.reports.reconcile(DAY);
    const head = h.journal.head();
    const stored = h.journal.reconciliation(DAY);
    h.clock.advance(60_000);
    const second = await h.reports.reconcile(DAY);
    expect({ ...second, checkedAt: first.checkedAt }).toEqual(first);
    expect(h.journal.head()).toEqual(head);
    expect(h.journal.reconciliation(DAY)).toEqual(stored);
    expect(h.reports.dayReport(DAY).reconciliation).toMatchObject({ status: 'open', checkedAt: first.checkedAt, matched: 4, open: 9, resolved: 0 });
  });

  it('fetches the next UTC date too when a session of the day ran across its end (a UTC business day)', async () => {
    const h = await startReportsHarness({ timeZone: 'UTC', cutoffHour: 0 }, '2026-03-11T00:05:00Z');
    harness = h;
    // Created 10 s before midnight, finished after it; this Viva files it under the date it finished.
    const late = h.both({ at: '2026-03-10T23:59:50Z', amount: 800, outcome: 'approved', vivaSeed: { createdAt: '2026-03-11T00:00:10.000Z' } });
    const result = await h.reports.reconcile(DAY);
    expect(result.utcDates).toEqual(['2026-03-10', '2026-03-11']);
    expect(result.differences).toEqual([]);
    expect(result.matched).toBe(1);
    expect(late.businessDay).toBe(DAY);
  });
});

describe('resolving differences', () => {
  it("accepts a Viva-only session of this till's own cash register (a lost write) into the journal, and keeps it listed as resolved", async () => {
    const { h } = await everyKind();
    const lost = h.vivaOnly({ amount: 3300, cashRegisterId: REGISTER, terminalId: '16000002', createdAt: '2026-03-10T18:30:00.000Z', outcome: 'approved', merchantReference: 'LOST-1' });
    const id = `viva-only:${lost}`;
    expect(byId(await h.reports.reconcile(DAY)).get(id)).toMatchObject({ actions: ['accept', 'explain', 'refund'], otherTill: null });
    const before = h.reports.dayReport(DAY).totals.currencies.find((c) => c.currency === 'EUR')?.totals.sales;
    const resolved = await h.reports.resolveDifference(DAY, id, { action: 'accept', operator: 'maria' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { action: 'accepted', operator: 'maria' }, actions: [] });
    const record = h.journal.getSession(lost);
    expect(record).toMatchObject({ kind: 'sale', state: 'approved', amount: 3300, cashRegisterId: REGISTER, businessDay: DAY, resolution: 'imported', createdAt: '2026-03-10T18:30:00.000Z' });
    expect(h.journal.eventsOf(lost).map((e) => e.type)).toEqual(['imported']);
    expect(h.journal.verify().ok).toBe(true);

    const head = h.journal.head();
    const again = await h.reports.reconcile(DAY);
    expect(byId(again).get(id)).toMatchObject({ status: 'resolved', resolution: { action: 'accepted' } });
    expect(await h.reports.resolveDifference(DAY, id, { action: 'accept', operator: 'maria' })).toMatchObject({ status: 'resolved' });
    expect(h.journal.head()).toEqual(head);
    const after = h.reports.dayReport(DAY).totals.currencies.find((c) => c.currency === 'EUR')?.totals.sales;
    expect(after).toEqual({ count: (before?.count ?? 0) + 1, amount: (before?.amount ?? 0) + 3300 });
  });

  it("records another till's payment as that till's: the first action, no change to the totals, never accepted as this till's", async () => {
    const { h, ids } = await everyKind();
    const id = `viva-only:${ids.vivaOnly}`;
    const before = h.reports.dayReport(DAY).totals;
    const open = byId(await h.reports.reconcile(DAY)).get(id);
    expect(open?.actions[0]).toBe('assign');
    expect(open?.actions).not.toContain('accept');
    expect(open?.actions).not.toContain('refund');
    // Accepting it as this till's is refused and writes nothing.
    const head = h.journal.head();
    await expect(h.reports.resolveDifference(DAY, id, { action: 'accept', operator: 'maria' })).rejects.toMatchObject({ code: 'not-resolvable' });
    await expect(h.reports.resolveDifference(DAY, id, { action: 'refund', operator: 'maria' })).rejects.toMatchObject({ code: 'not-resolvable' });
    expect(h.journal.head()).toEqual(head);

    const resolved = await h.reports.resolveDifference(DAY, id, { action: 'assign', operator: 'maria' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { action: 'assigned', till: 'REG-2', operator: 'maria', reason: null }, actions: [] });
    expect(resolved.detail).toContain("cash register REG-2's payment");
    expect(h.journal.getSession(ids.vivaOnly)).toMatchObject({ resolution: 'imported-foreign', resolvedBy: 'maria', cashRegisterId: 'REG-2' });
    expect(h.journal.eventsOf(ids.vivaOnly)).toMatchObject([{ type: 'imported', payload: { disposition: 'foreign', belongsTo: 'REG-2', operator: 'maria' } }]);
    const after = h.reports.dayReport(DAY).totals;
    expect(after.currencies).toEqual(before.currencies);
    expect(after.outcomes).toEqual({ ...before.outcomes, foreign: before.outcomes.foreign + 1 });
    expect(h.journal.verify().ok).toBe(true);

    // Again, in any way: nothing more is written, nothing is counted.
    const settled = h.journal.head();
    expect(await h.reports.resolveDifference(DAY, id, { action: 'assign', operator: 'maria' })).toMatchObject({ status: 'resolved', resolution: { action: 'assigned' } });
    expect(await h.reports.resolveDifference(DAY, id, { action: 'accept', operator: 'nikos' })).toMatchObject({ status: 'resolved', resolution: { action: 'assigned' } });
    expect(h.journal.head()).toEqual(settled);
    expect(h.reports.dayReport(DAY).totals.currencies).toEqual(before.currencies);
    // The next run matches it against Viva's record: settled, not a new difference.
    const rerun = await h.reports.reconcile(DAY);
    expect(rerun.differences.filter((d) => d.sessionId === ids.vivaOnly).map((d) => [d.id, d.status])).toEqual([[id, 'resolved']]);
  });

  it('marks a journal-only approval not paid: journaled with who and why, and the day totals and exports no longer count it', async () => {
    const { h, ids } = await everyKind();
    const id = `local-only:${ids.localApproved}`;
    const before = h.reports.dayReport(DAY).totals;
    const eurBefore = before.currencies.find((c) => c.currency === 'EUR');
    expect(byId(await h.reports.reconcile(DAY)).get(id)?.actions[0]).toBe('not-paid');

    const resolved = await h.reports.resolveDifference(DAY, id, { action: 'not-paid', operator: 'maria', reason: 'No charge in the customer\'s banking app' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { action: 'not-paid', operator: 'maria', reason: "No charge in the customer's banking app" } });
    expect(h.journal.getSession(ids.localApproved)).toMatchObject({ state: 'failed', resolution: 'not-paid', resolvedBy: 'maria', message: null });
    // The approval stays in the history; the decision is a new event on the chain.
    expect(h.journal.eventsOf(ids.localApproved).map((e) => e.type).slice(-2)).toEqual(['poll-result', 'not-paid']);
    expect(h.journal.eventsOf(ids.localApproved).at(-1)).toMatchObject({ payload: { checkedDates: ['2026-03-10', '2026-03-11'], operator: 'maria' } });
    expect(h.journal.verify().ok).toBe(true);

    const after = h.reports.dayReport(DAY).totals;
    const eurAfter = after.currencies.find((c) => c.currency === 'EUR');
    expect(eurAfter?.totals.sales).toEqual({ count: (eurBefore?.totals.sales.count ?? 0) - 1, amount: (eurBefore?.totals.sales.amount ?? 0) - 1500 });
    expect(eurAfter?.totals.net).toBe((eurBefore?.totals.net ?? 0) - 1500);
    expect(after.outcomes).toMatchObject({ approved: before.outcomes.approved - 1, failed: before.outcomes.failed + 1, sessions: before.outcomes.sessions });
    const csv = h.reports.exportDay(DAY, 'csv').split('\n').find((line) => line.includes(ids.localApproved));
    expect(csv).toContain('failed');
    expect(csv).not.toContain('approved');

    // A second decision writes nothing and counts nothing.
    const head = h.journal.head();
    expect(await h.reports.resolveDifference(DAY, id, { action: 'not-paid', operator: 'nikos' })).toMatchObject({ status: 'resolved', resolution: { operator: 'maria' } });
    expect(h.journal.head()).toEqual(head);

    // Viva's record turns up after all: the reconciliation offers it as a late success, counted once.
    h.simulator.control.seedSession({ sessionId: ids.localApproved, terminalId: '16000001', cashRegisterId: REGISTER, amount: 1500, outcome: 'approved', createdAt: '2026-03-10T15:10:00.000Z' });
    const late = byId(await h.reports.reconcile(DAY)).get(`state-mismatch:${ids.localApproved}`);
    expect(late).toMatchObject({ status: 'open', journal: { state: 'failed' }, viva: { outcome: 'approved' } });
    await h.reports.resolveDifference(DAY, `state-mismatch:${ids.localApproved}`, { action: 'accept', operator: 'maria' });
    expect(h.reports.dayReport(DAY).totals.currencies.find((c) => c.currency === 'EUR')?.totals.sales).toEqual(eurBefore?.totals.sales);
  });

  it('marks an unknown payment Viva has no record of not paid: it leaves the unknown ones', async () => {
    const { h, ids } = await everyKind();
    await h.reports.resolveDifference(DAY, `local-only:${ids.localUnknown}`, { action: 'not-paid', operator: 'maria' });
    expect(h.journal.getSession(ids.localUnknown)).toMatchObject({ state: 'failed', resolution: 'not-paid' });
    const result = await h.reports.reconcile(DAY);
    expect(byId(result).get(`local-only:${ids.localUnknown}`)).toMatchObject({ status: 'resolved', resolution: { action: 'not-paid' } });
    expect(result.unknownSessions).toEqual([ids.unknownButPaid]);
  });

  it('never counts money twice: two decisions at once, or Viva\'s record of a session the journal already counts', async () => {
    const { h, ids } = await everyKind();
    const eur = () => h.reports.dayReport(DAY).totals.currencies.find((c) => c.currency === 'EUR')?.totals;
    const before = eur();
    // A lost write of this till, accepted twice at the same time: one import.
    const lost = h.vivaOnly({ amount: 3300, cashRegisterId: REGISTER, createdAt: '2026-03-10T18:30:00.000Z', outcome: 'approved' });
    const both = await Promise.allSettled([
      h.reports.resolveDifference(DAY, `viva-only:${lost}`, { action: 'accept', operator: 'maria' }),
      h.reports.resolveDifference(DAY, `viva-only:${lost}`, { action: 'accept', operator: 'nikos' }),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).not.toHaveLength(0);
    expect(h.journal.eventsOf(lost).map((e) => e.type)).toEqual(['imported']);
    // A payment the till thought declined, accepted twice at the same time: one late success.
    const twice = await Promise.allSettled([
      h.reports.resolveDifference(DAY, `state-mismatch:${ids.declinedButPaid}`, { action: 'accept', operator: 'maria' }),
      h.reports.resolveDifference(DAY, `state-mismatch:${ids.declinedButPaid}`, { action: 'accept', operator: 'nikos' }),
    ]);
    expect(twice.filter((r) => r.status === 'fulfilled')).not.toHaveLength(0);
    expect(h.journal.eventsOf(ids.declinedButPaid).filter((e) => e.type === 'late-success')).toHaveLength(1);
    expect(eur()?.sales).toEqual({ count: (before?.sales.count ?? 0) + 2, amount: (before?.sales.amount ?? 0) + 3300 + 2500 });

    // The till's own approved sale, which Viva also has: matched, never a Viva-only record to accept.
    const counted = `viva-only:${ids.matched}`;
    expect((await h.reports.reconcile(DAY)).differences.some((d) => d.sessionId === ids.matched)).toBe(false);
    await expect(h.reports.resolveDifference(DAY, counted, { action: 'accept', operator: 'maria' })).rejects.toMatchObject({ code: 'unknown-difference' });
    // And the accepted ones, run again and accepted again, stay counted once.
    await h.reports.resolveDifference(DAY, `viva-only:${lost}`, { action: 'accept', operator: 'maria' });
    await h.reports.resolveDifference(DAY, `state-mismatch:${ids.declinedButPaid}`, { action: 'accept', operator: 'maria' });
    expect(eur()?.sales).toEqual({ count: (before?.sales.count ?? 0) + 2, amount: (before?.sales.amount ?? 0) + 3300 + 2500 });
    expect(h.journal.verify().ok).toBe(true);
  });

  it("explains a Viva-only session: kept as another till's evidence with the reason, not counted", async () => {
    const { h, ids } = await everyKind();
    const before = h.reports.dayReport(DAY).totals;
    const resolved = await h.reports.resolveDifference(DAY, `viva-only:${ids.vivaOnly}`, { action: 'explain', operator: 'maria', reason: 'Register 2 in the back room' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { action: 'explained', reason: 'Register 2 in the back room', operator: 'maria' } });
    expect(h.journal.getSession(ids.vivaOnly)).toMatchObject({ resolution: 'imported-foreign', resolutionReason: 'Register 2 in the back room' });
    const after = h.reports.dayReport(DAY).totals;
    expect(after.currencies).toEqual(before.currencies);
    expect(after.outcomes.foreign).toBe(1);
  });

  it('accepts what Viva says for state, amount, currency and tip mismatches, each as a journal event', async () => {
    const { h, ids } = await everyKind();
    const accept = (id: string) => h.reports.resolveDifference(DAY, id, { action: 'accept', operator: 'maria' });

    await accept(`state-mismatch:${ids.declinedButPaid}`);
    expect(h.journal.getSession(ids.declinedButPaid)).toMatchObject({ state: 'approved', resolution: 'reconciliation' });
    expect(h.journal.eventsOf(ids.declinedButPaid).at(-1)).toMatchObject({ type: 'late-success', payload: { source: 'reconciliation' } });

    await accept(`state-mismatch:${ids.unknownButPaid}`);
    expect(h.journal.getSession(ids.unknownButPaid)).toMatchObject({ state: 'approved' });
    expect(h.journal.eventsOf(ids.unknownButPaid).at(-1)).toMatchObject({ type: 'recovered', payload: { source: 'reconciliation', outcome: 'approved' } });

    await h.reports.resolveDifference(DAY, `local-only:${ids.localUnknown}`, { action: 'not-paid', operator: 'maria' });
    expect(h.journal.getSession(ids.localUnknown)).toMatchObject({ state: 'failed', resolution: 'not-paid' });

    await accept(`amount-mismatch:${ids.amount}`);
    expect(h.journal.getSession(ids.amount)).toMatchObject({ state: 'approved', amount: 1200, tipAmount: 0 });
    await accept(`currency-mismatch:${ids.currency}`);
    expect(h.journal.getSession(ids.currency)).toMatchObject({ currencyCode: '840', amount: 1000 });
    await accept(`tip-mismatch:${ids.tip}`);
    expect(h.journal.getSession(ids.tip)).toMatchObject({ amount: 1100, tipAmount: 0 });
    expect(h.journal.eventsOf(ids.tip).at(-1)).toMatchObject({ type: 'amount-corrected', payload: { differences: ['tip-mismatch'], operator: 'maria' } });

    const result = await h.reports.reconcile(DAY);
    const resolved = result.differences.filter((d) => d.status === 'resolved').map((d) => d.id);
    expect(resolved.sort()).toEqual(
      [`state-mismatch:${ids.declinedButPaid}`, `state-mismatch:${ids.unknownButPaid}`, `local-only:${ids.localUnknown}`, `amount-mismatch:${ids.amount}`, `currency-mismatch:${ids.currency}`, `tip-mismatch:${ids.tip}`].sort(),
    );
    expect(result.differences.filter((d) => d.status === 'open').map((d) => d.id).sort()).toEqual(
      [`viva-only:${ids.vivaOnly}`, `local-only:${ids.localApproved}`, `state-mismatch:${ids.paidButDeclined}`].sort(),
    );
    expect(h.journal.verify().ok).toBe(true);
  });

  it('explains a difference without touching the state, and refuses what cannot be done', async () => {
    const { h, ids } = await everyKind();
    const id = `local-only:${ids.localApproved}`;
    await expect(h.reports.resolveDifference(DAY, id, { action: 'accept', operator: 'maria' })).rejects.toMatchObject({ code: 'not-resolvable' });
    await expect(h.reports.resolveDifference(DAY, id, { action: 'explain', operator: 'maria' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(h.reports.resolveDifference(DAY, 'local-only:nope', { action: 'explain', operator: 'maria', reason: 'x' })).rejects.toMatchObject({ code: 'unknown-difference' });
    await expect(h.reports.resolveDifference(DAY, `state-mismatch:${ids.paidButDeclined}`, { action: 'accept', operator: 'maria' })).rejects.toMatchObject({ code: 'not-resolvable' });
    expect(h.journal.eventsOf(ids.localApproved).map((e) => e.type)).not.toContain('explained');

    const resolved = await h.reports.resolveDifference(DAY, id, { action: 'explain', operator: 'maria', reason: 'Test card on the training terminal' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { action: 'explained', reason: 'Test card on the training terminal' } });
    expect(h.journal.getSession(ids.localApproved)?.state).toBe('approved');
    expect(h.journal.eventsOf(ids.localApproved).at(-1)).toMatchObject({ type: 'explained', payload: { difference: 'local-only', operator: 'maria' } });
  });

  it('a refusal to resolve reaches a Greek screen in Greek, with its values, and the CLI in English', async () => {
    const { h, ids } = await everyKind();
    const id = `local-only:${ids.localApproved}`;
    const refusal = await h.reports.resolveDifference(DAY, id, { action: 'accept', operator: 'maria' }).then(
      () => expect.unreachable('accepting a journal-only approval must be refused'),
      (error: unknown) => toIpcError(error),
    );
    expect(refusal).toMatchObject({ code: 'not-resolvable', messageId: 'report.action-not-offered' });
    // (IPC redacts the test's PAN-shaped session ids; the sentence takes them as IPC passed them.)
    const session = String(refusal.params?.session);
    expect(errorSentence(refusal, 'el')).toBe(`Η διαφορά local-only της συναλλαγής ${session} διευθετείται με not-paid / explain, όχι με accept. Δεν γράφτηκε τίποτα.`);
    expect(errorSentence(refusal, 'en')).toBe(`The local-only difference of ${session} can be resolved by not-paid / explain, not by accept. Nothing was written.`);

    const gone = await h.reports.resolveDifference(DAY, 'local-only:nope', { action: 'explain', operator: 'maria', reason: 'x' }).catch((error: unknown) => toIpcError(error));
    expect(errorSentence(gone as IpcError, 'el')).toBe('Η εργάσιμη ημέρα 2026-03-10 δεν έχει (πλέον) διαφορά «local-only:nope».');
  });

  it('starts a refund for a payment the till thought declined: accepts the charge, refunds it, and records the link', async () => {
    const h = await startReportsHarness(NEW_YORK, EVENING);
    harness = h;
    const paid = h.both({ at: '2026-03-10T16:00:00Z', amount: 2500, outcome: 'declined', vivaSeed: { outcome: 'approved' } });
    const id = `state-mismatch:${paid.sessionId}`;

    const resolved = await h.reports.resolveDifference(DAY, id, { action: 'refund', operator: 'maria', reason: 'Customer left with the goods unpaid in our books' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { action: 'refund', operator: 'maria', refundSessionId: expect.any(String) } });
    const refund = h.journal.getSession(resolved.resolution?.refundSessionId as string);
    expect(refund).toMatchObject({ kind: 'refund', state: 'approved', amount: 2500, parentSessionId: paid.sessionId, businessDay: DAY });
    expect(h.journal.eventsOf(paid.sessionId).map((e) => e.type).slice(-2)).toEqual(['late-success', 'explained']);
    expect(h.simulator.control.session(refund?.sessionId as string)).toMatchObject({ kind: 'refund' });

    // The refund itself matches Viva's record; nothing is left open.
    const after = await h.reports.reconcile(DAY);
    expect(after.differences.map((d) => [d.id, d.status])).toEqual([[id, 'resolved']]);
    const eur = h.reports.dayReport(DAY).totals.currencies[0];
    expect(eur?.totals).toMatchObject({ sales: { count: 1, amount: 2500 }, refunds: { count: 1, amount: 2500 }, net: 0 });
  });

  it('starts one refund when the same refund is asked for twice at once', async () => {
    const h = await startReportsHarness(NEW_YORK, EVENING);
    harness = h;
    const paid = h.both({ at: '2026-03-10T16:00:00Z', amount: 2500, outcome: 'declined', vivaSeed: { outcome: 'approved' } });
    const id = `state-mismatch:${paid.sessionId}`;
    const both = await Promise.allSettled([
      h.reports.resolveDifference(DAY, id, { action: 'refund', operator: 'maria' }),
      h.reports.resolveDifference(DAY, id, { action: 'refund', operator: 'nikos' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'not-resolvable', message: expect.stringContaining('being resolved right now') } });
    const refunds = h.journal.listSessions({ kind: 'refund' }).sessions;
    expect(refunds.map((r) => [r.parentSessionId, r.amount])).toEqual([[paid.sessionId, 2500]]);
    expect(h.reports.dayReport(DAY).totals.currencies[0]?.totals).toMatchObject({ sales: { count: 1, amount: 2500 }, refunds: { count: 1, amount: 2500 }, net: 0 });
  });

  it('cannot start a refund without a payment engine', async () => {
    const { h, ids } = await everyKind();
    const { createReportsService } = await import('../../../electron/core/reports/index.ts');
    const bare = createReportsService({ journal: h.journal, viva: h.viva, clock: h.clock });
    const result = await bare.reconcile(DAY);
    expect(byId(result).get(`state-mismatch:${ids.declinedButPaid}`)?.actions).toEqual(['accept', 'explain']);
    await expect(bare.resolveDifference(DAY, `state-mismatch:${ids.declinedButPaid}`, { action: 'refund', operator: 'maria' })).rejects.toMatchObject({ code: 'refund-unavailable' });
  });
});

describe('without Viva', () => {
  it('works on the journal alone, says so, and stores nothing', async () => {
    const { h, ids } = await everyKind();
    await h.reports.resolveDifference(DAY, `local-only:${ids.localApproved}`, { action: 'explain', operator: 'maria', reason: 'Known' });
    const stored = h.journal.reconciliation(DAY);
    h.network.down = true;

    const result = await h.reports.reconcile(DAY);
    expect(result).toMatchObject({ source: 'journal-only', vivaError: { code: 'network' }, matched: 0, open: 0, resolved: 1, message: expect.stringContaining('journal alone') });
    expect(result.unknownSessions.sort()).toEqual([ids.localUnknown, ids.unknownButPaid].sort());
    expect(result.differences.map((d) => d.id)).toEqual([`local-only:${ids.localApproved}`]);
    expect(h.journal.reconciliation(DAY)).toEqual(stored);

    const head = h.journal.head();
    await expect(h.reports.resolveDifference(DAY, `viva-only:${ids.vivaOnly}`, { action: 'accept', operator: 'maria' })).rejects.toMatchObject({ code: 'viva-unreachable' });
    expect(h.journal.head()).toEqual(head);
    // The day's report needs no network at all.
    expect(h.reports.dayReport(DAY).reconciliation.status).toBe('open');
  });
});

describe('exports after reconciliation', () => {
  it('never contain a credential', async () => {
    const { h, ids } = await everyKind();
    await h.reports.reconcile(DAY);
    // Viva's record of a lost write, accepted into the journal as this till's, is in the exports.
    const lost = h.vivaOnly({ amount: 3300, cashRegisterId: REGISTER, terminalId: '16000009', createdAt: '2026-03-10T18:30:00.000Z', outcome: 'approved' });
    await h.reports.resolveDifference(DAY, `viva-only:${lost}`, { action: 'accept', operator: 'maria' });
    await h.reports.resolveDifference(DAY, `viva-only:${ids.vivaOnly}`, { action: 'assign', operator: 'maria' });
    expect(h.tokens.size).toBeGreaterThan(0);
    for (const format of ['csv', 'json', 'html'] as const) {
      const text = h.reports.exportDay(DAY, format);
      expect(text).toContain('16000009');
      expect(text).not.toContain(h.simulator.credentials.clientSecret);
      for (const token of h.tokens) expect(text).not.toContain(token);
    }
  });
});
