import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/clock.ts';
import { journalFile, type Journal } from '../../../electron/core/journal/index.ts';
import { createPaymentEngine, type PaymentEngine } from '../../../electron/core/payments/index.ts';
import type { VivaClient } from '../../../electron/core/viva/index.ts';
import { eventually, FAST, startedHarness, startHarness, stateOf, type Harness } from './harness.ts';

/**
 * Promise 9 (design.md §2): faults from inside the till. Each test here failed on the engine
 * before supervision: a loop that died with its first failure, a body for another session that
 * ended polling, durations on the wall clock, a heartbeat behind slow passes, an abort intent
 * held in memory only.
 */
let h: Harness;
const others: PaymentEngine[] = [];
afterEach(async () => {
  for (const engine of others.splice(0)) await engine.stop();
  await h?.close();
});

const typesOf = (journal: Journal, sessionId: string) => journal.eventsOf(sessionId).map((e) => e.type);
const connectionOf = (journal: Journal) => (journal as unknown as { db: Database.Database }).db;
/** The engine's bound for any session: deadline + abort grace + one background tick. */
const BOUND = (FAST.deadlineMs ?? 0) + (FAST.abortGraceMs ?? 0) + (FAST.backgroundTickMs ?? 0);

describe('an answer for another session', () => {
  it('is journaled once as an anomaly, polling goes on, and the session ends with its real outcome', async () => {
    // A deadline well past the customer's time: this test is about the foreign body, not the clock (the machine may be loaded).
    h = await startedHarness({ customerTimeMs: 800, config: { deadlineMs: 4_000 }, simulator: { sessionLifetimeMs: 3_000 } });
    const sent = await h.engine.sale({ amount: 1016, terminalId: '16000001' }); // foreign-body: another session's final body until paid
    const settled = await h.engine.settled(sent.sessionId);
    expect(settled.state).toBe('approved');
    const anomalies = h.journal.eventsOf(sent.sessionId).filter((e) => e.type === 'anomaly');
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]?.payload).toMatchObject({ anomaly: 'other-session', fields: expect.arrayContaining([expect.objectContaining({ field: 'sessionId' })]) });
    // Polling went on after the anomaly: the outcome came from a later poll.
    expect(typesOf(h.journal, sent.sessionId).slice(-2)).toEqual(['anomaly', 'poll-result']);
    expect(h.count(`/sessions/${sent.sessionId}`, 'GET')).toBeGreaterThanOrEqual(2);
    expect(h.journal.verify().ok).toBe(true);
  });
});

describe('a journal that cannot be written', () => {
  it('keeps the outcome in memory, takes no new payment meanwhile, and writes it when the lock is free', async () => {
    h = await startedHarness({ customerTimeMs: 150, config: { deadlineMs: 4_000 } });
    // Another connection holding SQLite's write lock past busy_timeout (shortened, so the test does not wait 5 s a write).
    connectionOf(h.journal).pragma('busy_timeout = 30');
    const holder = new Database(journalFile(h.dir, 'simulator'));
    const sent = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    holder.exec('BEGIN IMMEDIATE');
    try {
      await eventually(() => h.engine.heldSessions().includes(sent.sessionId), 'the outcome held in memory');
      expect(h.engine.session(sent.sessionId)?.state).toBe('approved'); // known to the engine...
      expect(stateOf(h, sent.sessionId)).toBe('pending'); // ...not yet on disk
      // The journal's own sentence by id, so the banner can say what failed in the till's language.
      expect(h.engine.status()).toMatchObject({ state: 'journal-unwritable', code: 'busy', messageId: 'journal.write-fault.busy', params: { operationPhrase: 'journal.op.record-event' } });
      await expect(h.engine.sale({ amount: 500, terminalId: '16000002' })).rejects.toMatchObject({ code: 'journal-unwritable' });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    await eventually(() => stateOf(h, sent.sessionId) === 'approved', 'the held outcome written');
    expect(h.engine.heldSessions()).toEqual([]);
    await eventually(() => h.engine.status().state === 'ready', 'ready again');
    expect(typesOf(h.journal, sent.sessionId)).toEqual(['created', 'dispatching', 'dispatched', 'poll-result']);
    expect(h.journal.verify().ok).toBe(true);
    const next = await h.engine.sale({ amount: 500, terminalId: '16000002' });
    expect((await h.engine.settled(next.sessionId)).state).toBe('approved');
  });
});

describe('the watchdog', () => {
  it('bounds a session whose loop is stuck (a poll that never answers): unknown within deadline + grace + one tick', async () => {
    h = await startHarness({ customerTimeMs: 100_000 });
    let unhang: () => void = () => {};
    const hanging = new Promise<never>((_, reject) => (unhang = () => reject(new Error('the test is over'))));
    const hung: VivaClient = { ...h.viva, getSession: () => hanging };
    const engine = createPaymentEngine({ journal: h.journal, viva: hung, cashRegisterId: 'REG-1', config: FAST });
    others.push(engine);
    await engine.start();
    const started = performance.now();
    const sent = await engine.sale({ amount: 1250, terminalId: '16000001' });
    await eventually(() => stateOf(h, sent.sessionId) === 'unknown', 'unknown', BOUND * 4);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual((FAST.deadlineMs ?? 0) + (FAST.abortGraceMs ?? 0));
    expect(took).toBeLessThan(BOUND + 250);
    unhang();
  });

  it('a poll loop that throws (a bug) is retried, and the session still ends with its real outcome', async () => {
    h = await startHarness({ customerTimeMs: 120 });
    let failures = 3;
    const buggy: VivaClient = {
      ...h.viva,
      getSession: (id) => (failures-- > 0 ? Promise.reject(new TypeError('a bug in the poll')) : h.viva.getSession(id)),
    };
    const engine = createPaymentEngine({ journal: h.journal, viva: buggy, cashRegisterId: 'REG-1', config: FAST });
    others.push(engine);
    await engine.start();
    const sent = await engine.sale({ amount: 1250, terminalId: '16000001' });
    expect((await engine.settled(sent.sessionId)).state).toBe('approved');
  });
});

describe('monotonic durations', () => {
  const steppedClock = () => {
    const offset = { ms: 0 };
    const clock: Clock = { now: () => Date.now() + offset.ms, monotonic: () => performance.now() };
    return { clock, offset };
  };

  it('a wall-clock step of +100 s neither aborts the customer early; −1 h does not keep the terminal past its bound', async () => {
    h = await startHarness();
    const { clock, offset } = steppedClock();
    const engine = createPaymentEngine({ journal: h.journal, viva: h.viva, cashRegisterId: 'REG-1', config: FAST, clock });
    others.push(engine);
    await engine.start();

    const paying = await engine.sale({ amount: 1001, terminalId: '16000001' }); // manual: waits for the customer
    await new Promise((resolve) => setTimeout(resolve, 60));
    offset.ms += 100_000;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(typesOf(h.journal, paying.sessionId)).not.toContain('abort-requested');
    h.simulator.control.customer('16000001', { action: 'tap' });
    expect((await engine.settled(paying.sessionId)).state).toBe('approved');

    offset.ms -= 3_600_000;
    const started = performance.now();
    const lost = await engine.sale({ amount: 1004, terminalId: '16000002' }); // never delivered: 202 for ever
    await eventually(() => stateOf(h, lost.sessionId) === 'unknown', 'unknown', BOUND * 4);
    expect(performance.now() - started).toBeLessThan(BOUND + 250);
  });
});

describe('the last look before a deadline abort', () => {
  it('is not taken blind: an early 404 past the deadline is polled on, so a payment made meanwhile is no "paid after abort"', async () => {
    // Viva does not know the session yet (the early 404) when the deadline comes; the customer has paid by then.
    h = await startedHarness({ customerTimeMs: 100, simulator: { early404Ms: 600 } });
    const sent = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    const settled = await eventually(() => {
      const record = h.journal.getSession(sent.sessionId);
      return record?.state === 'approved' ? record : undefined;
    }, 'approved', 5_000);
    expect(typesOf(h.journal, sent.sessionId)).not.toContain('abort-requested');
    expect(settled.alert).toBeNull();
  });
});

describe('the engine lock', () => {
  it('is never taken from a live process on this machine, however old its heartbeat', async () => {
    h = await startedHarness();
    const live = await h.engine.sale({ amount: 1001, terminalId: '16000001' });
    // A heartbeat an hour old, as a paused or very slow process could leave.
    const db = new Database(journalFile(h.dir, 'simulator'));
    db.prepare('UPDATE engine_lock SET heartbeat_at = ?').run(new Date(Date.now() - 3_600_000).toISOString());
    db.close();
    const second = createPaymentEngine({ journal: h.journal, viva: h.viva, cashRegisterId: 'REG-2', config: FAST, lock: { owner: { id: 'other', pid: process.pid, host: hostname() } } });
    await expect(second.start()).rejects.toMatchObject({ code: 'engine-busy', message: expect.stringContaining(`pid ${process.pid}`) });
    expect(stateOf(h, live.sessionId)).toBe('pending');
    h.simulator.control.customer('16000001', { action: 'tap' });
    expect((await h.engine.settled(live.sessionId)).state).toBe('approved');
  });

  it('keeps its heartbeat on its own timer while a Viva answer is slow', async () => {
    h = await startHarness();
    const slow: VivaClient = { ...h.viva, getSession: async (id) => (await new Promise((resolve) => setTimeout(resolve, 600)), h.viva.getSession(id)) };
    const engine = createPaymentEngine({ journal: h.journal, viva: slow, cashRegisterId: 'REG-1', config: { ...FAST, deadlineMs: 5_000 } });
    others.push(engine);
    await engine.start();
    await engine.sale({ amount: 1001, terminalId: '16000001' });
    const beat = () => h.journal.engineLockHolder()?.heartbeatAt;
    const first = beat();
    await new Promise((resolve) => setTimeout(resolve, 300)); // one slow GET is on the wire
    expect(beat()).not.toBe(first);
  });

  it('the app waits for a journal another process holds, says so, and takes payments once it is free', async () => {
    h = await startedHarness();
    const app = createPaymentEngine({ journal: h.journal, viva: h.viva, cashRegisterId: 'REG-2', config: FAST, lock: { wait: true, owner: { id: 'app', pid: process.pid, host: hostname() } } });
    others.push(app);
    await expect(app.start()).resolves.toEqual({ resumed: 0 });
    expect(app.status()).toEqual({ state: 'locked-out', holder: { pid: process.pid, host: hostname() } });
    await expect(app.sale({ amount: 100, terminalId: '16000002' })).rejects.toMatchObject({ code: 'engine-busy' });
    await h.engine.stop();
    await eventually(() => app.status().state === 'ready', 'the app takes the journal');
    const sale = await app.sale({ amount: 100, terminalId: '16000002' });
    expect((await app.settled(sale.sessionId)).state).toBe('approved');
  });
});

describe('an abort asked for while the request is on the wire', () => {
  it('is journaled before the DELETE can leave, and survives a crash: the payment is still "paid after abort"', async () => {
    h = await startHarness({ customerTimeMs: 300 });
    let release: () => void = () => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    // The POST reaches Viva, but the till dies before its answer is read.
    const gated: VivaClient = { ...h.viva, sale: async (request) => (await h.viva.sale(request), await answered) };
    const doomed = createPaymentEngine({ journal: h.journal, viva: gated, cashRegisterId: 'REG-1', config: FAST, lock: { owner: { id: 'doomed', pid: 2 ** 22 + 4_321, host: hostname() } } });
    await doomed.start();
    const sending = doomed.sale({ amount: 1013, terminalId: '16000001' }); // success after abort
    const sessionId = await eventually(() => h.journal.listSessions({ limit: 1 }).sessions[0]?.sessionId, 'the session journaled');
    await eventually(() => h.count('/transactions:sale') === 1, 'the POST sent');
    await doomed.abort(sessionId);
    expect(typesOf(h.journal, sessionId)).toEqual(['created', 'dispatching', 'abort-wanted']);

    // The crash: nothing more from the doomed engine; a new one recovers the journal.
    const recovered = createPaymentEngine({ journal: h.journal, viva: h.viva, cashRegisterId: 'REG-1', config: FAST });
    others.push(recovered);
    await recovered.start();
    const settled = await eventually(() => {
      const record = h.journal.getSession(sessionId);
      return record && record.state !== 'unknown' && record.state !== 'aborting' ? record : undefined;
    }, 'the real outcome', 5_000);
    expect(settled.state).toBe('approved');
    expect(settled.alert).toBe('paid-after-abort');
    expect(typesOf(h.journal, sessionId)).toContain('abort-requested');
    void sending.catch(() => {});
    release();
    await doomed.stop();
  });
});
