import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startedHarness, type Harness } from './harness.ts';

// A request Viva accepted for a terminal that never received it (the simulator's harsh default,
// magic amount .04): 202 "being processed" for ever, also after the abort. The engine must
// diagnose it from journaled evidence and recommend "not charged: resolve as failed" past the
// threshold, and never resolve it by itself.

const THRESHOLD = 400;
let h: Harness;
afterEach(() => h.close());

const pendingChecks = (sessionId: string) =>
  h.journal.eventsOf(sessionId).filter((e) => e.type === 'recheck' && e.payload.observed === 'pending');

describe('a session that never ends', () => {
  it('is followed from dispatch to an operator resolution backed by the journaled evidence', async () => {
    h = await startedHarness({ config: { neverDeliveredAfterMs: THRESHOLD } });
    const sent = await h.engine.sale({ amount: 1004, terminalId: '16000001' });
    const id = sent.sessionId;
    await eventually(() => h.journal.getSession(id)?.state === 'unknown', 'unknown after the abort and grace');
    const types = h.journal.eventsOf(id).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['dispatched', 'abort-requested', 'deadline-passed']));

    // Before the threshold: a diagnosis, but no recommendation yet.
    const early = await eventually(() => h.engine.diagnose(id), 'a first journaled 202');
    expect(early).toMatchObject({ lastObserved: 'pending', recommendation: null, thresholdMs: THRESHOLD });

    const diagnosis = await eventually(() => {
      const d = h.engine.diagnose(id);
      return d?.recommendation === 'resolve-as-failed' ? d : undefined;
    }, 'the recommendation');
    const today = new Date().toISOString().slice(0, 10);
    expect(diagnosis.pendingForMs).toBeGreaterThanOrEqual(THRESHOLD);
    expect(diagnosis.dayLists).toEqual({ dates: [today], result: 'absent' });
    expect(diagnosis.acceptedAt).toBe(h.journal.eventsOf(id).find((e) => e.type === 'dispatched')?.at);
    expect(diagnosis.abort).toMatchObject({ accepted: expect.any(Boolean) });
    // Viva's day list was really read, and the journal grows by at most one check per fifth of the threshold.
    expect(h.count('/ecr/v1/sessions', 'GET')).toBeGreaterThan(0);

    // The operator decides; nothing was resolved automatically, however long it waited.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.journal.getSession(id)?.state).toBe('unknown');
    const checks = pendingChecks(id);
    const span = Date.parse(checks.at(-1)!.at) - Date.parse(checks[0]!.at);
    expect(checks.length).toBeLessThanOrEqual(Math.floor(span / (THRESHOLD / 5)) + 2);

    const resolved = h.engine.resolve(id, { outcome: 'failed', reason: 'never delivered to the terminal', operator: 'Maria' });
    expect(resolved).toMatchObject({ state: 'failed', resolution: 'operator', resolvedBy: 'Maria' });
    // The 202 observations are evidence, not promise 7's re-check: a failed session is still looked at once more later.
    expect(resolved.recheckedAt).toBeNull();
    const decision = h.journal.eventsOf(id).at(-1)!;
    expect(decision.type).toBe('resolved-by-operator');
    expect(decision.payload).toMatchObject({
      outcome: 'failed',
      operator: 'Maria',
      evidence: { recommendation: 'resolve-as-failed', lastObserved: 'pending', dayLists: { dates: [today], result: 'absent' } },
    });
    const evidence = (decision.payload as { evidence: { pendingForMs: number } }).evidence;
    expect(evidence.pendingForMs).toBeGreaterThanOrEqual(THRESHOLD);
    expect(h.simulator.control.ledger().charges).toBe(0);
  });

  it('reads the same diagnosis after a restart, and keeps journaling its checks', async () => {
    h = await startedHarness({ config: { neverDeliveredAfterMs: THRESHOLD } });
    const { sessionId: id } = await h.engine.sale({ amount: 1004, terminalId: '16000001' });
    const before = await eventually(() => {
      const d = h.engine.diagnose(id);
      return d?.recommendation === 'resolve-as-failed' ? d : undefined;
    }, 'the recommendation');
    const engine = await h.restart();
    await engine.start();
    expect(engine.diagnose(id)).toMatchObject({ pendingSince: before.pendingSince, recommendation: 'resolve-as-failed' });
    const count = pendingChecks(id).length;
    await eventually(() => pendingChecks(id).length > count, 'a check by the restarted engine');
  });

  it('a day list that names the session withholds the recommendation', async () => {
    h = await startedHarness({ config: { neverDeliveredAfterMs: THRESHOLD } });
    const { sessionId: id } = await h.engine.sale({ amount: 1004, terminalId: '16000001' });
    await eventually(() => h.engine.diagnose(id), 'a first journaled 202');
    // Viva now lists it (still without an outcome): the absence the recommendation stands on is gone.
    const original = h.viva.listSessions.bind(h.viva);
    h.viva.listSessions = async (date) => {
      const list = await original(date);
      return { ...list, unreadable: [...list.unreadable, { sessionId: id, raw: {} } as (typeof list.unreadable)[number]] };
    };
    await new Promise((resolve) => setTimeout(resolve, THRESHOLD * 2));
    expect(h.engine.diagnose(id)).toMatchObject({ dayLists: { result: 'unreadable' }, recommendation: null });
    expect(h.journal.getSession(id)?.state).toBe('unknown');
  });

  it('a session the journal does not have is a typed error', async () => {
    h = await startedHarness();
    expect(() => h.engine.diagnose('6f1c1b8e-0000-4000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'session-not-found' }));
  });
});
