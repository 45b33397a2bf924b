import { afterEach, describe, expect, it } from 'vitest';
import { decide, readAttention } from '../../../electron/core/attention/index.ts';
import { openJournal, type Journal } from '../../../electron/core/journal/index.ts';
import { toIpcError } from '../../../electron/main/ipc.ts';
import { errorSentence, fieldProblemText } from '../../../renderer/src/lib/errors.ts';
import { eventually, startedHarness, stateOf, type Harness } from '../payments/harness.ts';
import { startReportsHarness, type ReportsHarness } from '../reports/harness.ts';

/**
 * The attention list on a real journal file, with the real engine and simulator: each kind enters
 * the list by what happens to a payment, and leaves it only on a journaled decision (or a
 * refund, a resolution, a reconciliation resolution). Decisions are events: they survive a
 * restart and the hash chain still verifies.
 */
let h: Harness | undefined;
let r: ReportsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await r?.close();
  r = undefined;
});

const keep = (journal: Journal, sessionId: string, operator?: string) =>
  decide(journal, (id, event) => journal.append(id, event), sessionId, { decision: 'keep-payment', ...(operator ? { operator } : {}) });
const setAside = (journal: Journal, sessionId: string) => decide(journal, (id, event) => journal.append(id, event), sessionId, { decision: 'set-aside' });
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal, nothing was thrown');
}
const kindsOf = (journal: Journal) => readAttention(journal).map((item) => [item.kind, item.session?.sessionId]);

describe('the attention list', () => {
  it('paid after abort: listed until "keep the payment" is journaled with who; the decision survives a restart', async () => {
    h = await startedHarness();
    const sale = await h.engine.sale({ amount: 1013, terminalId: '16000001' });
    await h.engine.abort(sale.sessionId);
    expect(await h.engine.settled(sale.sessionId)).toMatchObject({ state: 'approved', alert: 'paid-after-abort' });
    expect(kindsOf(h.journal)).toEqual([['paid-after-abort', sale.sessionId]]);

    // Refused, nothing written: no name, or a decision that does not fit.
    const before = h.journal.eventsOf(sale.sessionId).length;
    expect(() => keep(h!.journal, sale.sessionId)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => setAside(h!.journal, sale.sessionId)).toThrow(expect.objectContaining({ code: 'not-decidable' }));
    // The refusals as a Greek screen shows them: the sentence, and a name typed with a terminal escape at its field.
    const notSetAside = toIpcError(thrown(() => setAside(h!.journal, sale.sessionId)));
    expect(notSetAside.messageId).toBe('attention.not-set-asidable');
    expect(errorSentence(notSetAside, 'el')).toBe('Μόνο πληρωμή με άγνωστη έκβαση μπορεί να τεθεί σε αναμονή· η κατάσταση αυτής είναι approved.');
    const badName = toIpcError(thrown(() => keep(h!.journal, sale.sessionId, 'Ma\u001b[2Jria')));
    expect(badName.fields?.map((f) => [f.path, fieldProblemText(f, 'el')])).toEqual([
      ['name', 'Το πεδίο «Όνομα» περιέχει χαρακτήρα ελέγχου (tab, αλλαγή γραμμής ή ακολουθία διαφυγής τερματικού)· πληκτρολογήστε το σε μία γραμμή χωρίς αυτούς.'],
    ]);
    expect(errorSentence(badName, 'en')).toBe('The name contains a control character (a tab, a line break or a terminal escape); type it on one line without them.');
    expect(h.journal.eventsOf(sale.sessionId)).toHaveLength(before);
    expect(kindsOf(h.journal)).toHaveLength(1);

    keep(h.journal, sale.sessionId, 'Maria');
    expect(readAttention(h.journal)).toEqual([]);
    expect(h.journal.eventsOf(sale.sessionId).at(-1)).toMatchObject({ type: 'decision', payload: { decision: 'keep-payment', operator: 'Maria' } });
    // Kept once: a second keep is refused (it is no longer waiting for a decision).
    expect(() => keep(h!.journal, sale.sessionId, 'Maria')).toThrow(expect.objectContaining({ code: 'not-decidable' }));
    expect(h.journal.verify()).toMatchObject({ ok: true });

    // A restart: the same file opened again.
    await h.engine.stop();
    const file = h.dir;
    h.journal.close();
    const reopened = openJournal({ dataDir: file, environment: 'simulator' });
    try {
      expect(readAttention(reopened)).toEqual([]);
      expect(reopened.getSession(sale.sessionId)).toMatchObject({ state: 'approved', alert: 'paid-after-abort' });
      expect(reopened.verify()).toMatchObject({ ok: true });
    } finally {
      reopened.close();
    }
  });

  it('paid after abort: a refund that covers it takes it off the list; while the refund is on the terminal it stays', async () => {
    // The refund waits for the card: the terminal and the engine give the (test's) customer time, so a
    // loaded machine does not turn it into a timeout or an abort before the tap.
    h = await startedHarness({ simulator: { sessionLifetimeMs: 10_000 }, config: { deadlineMs: 10_000 } });
    const sale = await h.engine.sale({ amount: 1013, terminalId: '16000001' });
    await h.engine.abort(sale.sessionId);
    await h.engine.settled(sale.sessionId);
    // .13 waits for the customer on the terminal, so the refund waits for the card too.
    const refund = await h.engine.refund({ parentSessionId: sale.sessionId, amount: 1013 });
    expect(readAttention(h.journal)).toMatchObject([{ kind: 'paid-after-abort', refundOpen: true }]);
    h.simulator.control.customer('16000001', { action: 'tap' });
    expect(await h.engine.settled(refund.sessionId)).toMatchObject({ state: 'approved' });
    expect(readAttention(h.journal)).toEqual([]);
  });

  it('unknown: set aside it stays listed; the same sale is refused, the next customer is served; it leaves once resolved', async () => {
    h = await startedHarness();
    const lost = await h.engine.sale({ amount: 1004, terminalId: '16000001' });
    expect(await h.engine.settled(lost.sessionId)).toMatchObject({ state: 'unknown' });
    expect(kindsOf(h.journal)).toEqual([['unknown', lost.sessionId]]);

    setAside(h.journal, lost.sessionId);
    const events = h.journal.eventsOf(lost.sessionId).length;
    setAside(h.journal, lost.sessionId); // once is enough
    expect(h.journal.eventsOf(lost.sessionId)).toHaveLength(events);
    expect(readAttention(h.journal)).toMatchObject([{ kind: 'unknown', setAside: { operator: null } }]);

    // The same sale again (same total, no reference, same terminal): refused, nothing journaled.
    const sessions = h.journal.listSessions({}).sessions.length;
    await expect(h.engine.sale({ amount: 1004, terminalId: '16000001' })).rejects.toMatchObject({ code: 'unresolved-unknown' });
    await expect(h.engine.sale({ amount: 1000, tipAmount: 4, terminalId: '16000001' })).rejects.toMatchObject({ code: 'unresolved-unknown' });
    expect(h.journal.listSessions({}).sessions).toHaveLength(sessions);
    // The next customer: another amount on the same terminal goes through (promise 3 holds: the unknown no longer owns it).
    const next = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    expect(await h.engine.settled(next.sessionId)).toMatchObject({ state: 'approved' });
    expect(kindsOf(h.journal)).toEqual([['unknown', lost.sessionId]]);

    h.engine.resolve(lost.sessionId, { outcome: 'failed', reason: 'Never reached the terminal', operator: 'Maria' });
    expect(readAttention(h.journal)).toEqual([]);
    expect(h.journal.verify()).toMatchObject({ ok: true });
  });

  it('late success: a decline Viva later reports approved is listed until kept', async () => {
    h = await startedHarness({ simulator: { flipAfterMs: 400 }, config: { recheckAfterMs: 600 } });
    const sale = await h.engine.sale({ amount: 1005, terminalId: '16000001' });
    expect((await h.engine.settled(sale.sessionId)).state).toBe('declined');
    expect(readAttention(h.journal)).toEqual([]);
    await eventually(() => stateOf(h!, sale.sessionId) === 'approved', 're-check');
    await eventually(() => readAttention(h!.journal).length > 0 || undefined, 'the alert');
    expect(kindsOf(h.journal)).toEqual([['late-success', sale.sessionId]]);
    keep(h.journal, sale.sessionId, 'Nikos');
    expect(readAttention(h.journal)).toEqual([]);
  });
});

describe('the attention list and reconciliation', () => {
  const DAY = '2026-03-10';
  it('local-only approved: listed once a reconciliation finds Viva has no record; leaves on the journaled resolution', async () => {
    r = await startReportsHarness({ timeZone: 'UTC', cutoffHour: 0 }, '2026-03-10T20:00:00Z');
    const local = r.both({ at: '2026-03-10T15:10:00Z', amount: 1500, outcome: 'approved', vivaSeed: null });
    const other = r.both({ at: '2026-03-10T15:15:00Z', amount: 1700, outcome: 'approved', vivaSeed: null });
    r.both({ at: '2026-03-10T15:20:00Z', amount: 1600, outcome: 'approved' });
    expect(readAttention(r.journal)).toEqual([]);

    await r.reports.reconcile(DAY);
    expect(readAttention(r.journal)).toMatchObject([
      { kind: 'local-only-approved', session: { sessionId: local.sessionId, amount: 1500 } },
      { kind: 'local-only-approved', session: { sessionId: other.sessionId, amount: 1700 } },
    ]);

    // Through the reconciliation screen's action (which also stores the run again)...
    await r.reports.resolveDifference(DAY, `local-only:${local.sessionId}`, { action: 'explain', operator: 'Maria', reason: 'Test payment on the demo card' });
    expect(kindsOf(r.journal)).toEqual([['local-only-approved', other.sessionId]]);
    // ...or a resolution event written by any other road, while the stored run still says open: the journal decides.
    r.journal.append(other.sessionId, { type: 'explained', source: 'reconciliation', difference: 'local-only', reason: 'Voided on the terminal', operator: 'Nikos' });
    expect(r.journal.openDifferences('local-only').map((d) => d.sessionId)).toEqual([other.sessionId]);
    expect(readAttention(r.journal)).toEqual([]);
    // A later run stores both as resolved: still off the list.
    await r.reports.reconcile(DAY);
    expect(readAttention(r.journal)).toEqual([]);
    expect(r.journal.verify()).toMatchObject({ ok: true });
  });
});
