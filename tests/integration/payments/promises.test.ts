import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createPaymentEngine } from '../../../electron/core/payments/index.ts';
import { eventually, FAST, startedHarness, startHarness, stateOf, type Harness } from './harness.ts';

// One test (or more) per promise of design.md §2, each against a real journal file, the real
// simulator over HTTP and the real client. Each would fail if its promise were broken.

let h: Harness;
afterEach(async () => h?.close());


describe('promise 1: write-ahead', () => {
  it('the session row is committed, and readable by another connection, before the request leaves', async () => {
    h = await startedHarness();
    const seenOnDisk: (string | undefined)[] = [];
    // Look at the file from a second connection at the moment the simulator receives the sale.
    const probe = new Database(h.journal.file, { readonly: true });
    const check = () => {
      const row = probe.prepare("SELECT state FROM sessions WHERE kind = 'sale' ORDER BY created_at DESC LIMIT 1").get() as { state: string } | undefined;
      seenOnDisk.push(row?.state);
    };
    const stopWatching = watchSalePosts(h, check);
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    stopWatching();
    probe.close();
    expect(h.simulator.control.session(record.sessionId)).toBeDefined();
    expect(seenOnDisk).toEqual(['dispatching']);
  });

  it('a journal that cannot be written stops the request from leaving', async () => {
    h = await startedHarness();
    h.journal.close();
    await expect(h.engine.sale({ amount: 1250, terminalId: '16000001' })).rejects.toThrow();
    expect(h.count('transactions:sale')).toBe(0);
    expect(h.simulator.control.sessions()).toHaveLength(0);
  });
});

describe('promise 2: no automatic resend', () => {
  it('a processed sale whose answer was lost becomes unknown, is never resent, and recovery finds the payment', async () => {
    h = await startedHarness();
    h.simulator.control.injectFaults({ status: 'drop', afterProcessing: true });
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    expect(record.state).toBe('unknown');
    const final = await eventually(() => (stateOf(h, record.sessionId) === 'approved' ? true : undefined), 'recovery to approve');
    expect(final).toBe(true);
    expect(h.count('transactions:sale')).toBe(1);
    expect(h.simulator.control.ledger().charges).toBe(1);
    expect(h.journal.getSession(record.sessionId)?.resolution).toBe('get-session');
  });

  it('a sale that never reached Viva is declared failed only after 404 past the grace period and the day list agrees', async () => {
    h = await startedHarness();
    h.simulator.control.injectFaults({ status: 503 });
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    expect(record.state).toBe('unknown');
    await eventually(() => (stateOf(h, record.sessionId) === 'failed' ? true : undefined), 'recovery to fail');
    const settled = h.journal.getSession(record.sessionId);
    expect(settled?.resolution).toBe('not-found');
    expect(Date.parse(settled?.finishedAt ?? '') - Date.parse(record.createdAt)).toBeGreaterThanOrEqual(300);
    expect(h.count('/ecr/v1/sessions', 'GET')).toBeGreaterThan(0);
    expect(h.count('transactions:sale')).toBe(1);
  });

  it('a 4xx refusal is certain: failed at once, nothing charged, nothing resent', async () => {
    h = await startedHarness();
    h.simulator.control.injectFaults({ status: 429 });
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    expect(record.state).toBe('failed');
    expect(h.count('transactions:sale')).toBe(1);
  });
});

describe('promise 3: one open session per terminal', () => {
  it('refuses a second request to a busy terminal locally, writing and sending nothing; other terminals work', async () => {
    h = await startedHarness();
    const first = await h.engine.sale({ amount: 1001, terminalId: '16000001' }); // manual: waits
    const rowsBefore = h.journal.listSessions({}).sessions.length;
    await expect(h.engine.sale({ amount: 500, terminalId: '16000001' })).rejects.toMatchObject({ code: 'terminal-busy' });
    expect(h.journal.listSessions({}).sessions.length).toBe(rowsBefore);
    expect(h.count('transactions:sale')).toBe(1);
    const other = await h.engine.sale({ amount: 700, terminalId: '16000002' });
    expect((await h.engine.settled(other.sessionId)).state).toBe('approved');
    h.simulator.control.customer('16000001', { action: 'tap' });
    expect((await h.engine.settled(first.sessionId)).state).toBe('approved');
    const again = await h.engine.sale({ amount: 500, terminalId: '16000001' });
    expect((await h.engine.settled(again.sessionId)).state).toBe('approved');
  });
});

describe('promise 4: abort-then-verify', () => {
  it('an abort the terminal honours ends aborted', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1001, terminalId: '16000001' });
    await h.engine.abort(record.sessionId);
    const final = await h.engine.settled(record.sessionId);
    expect(final).toMatchObject({ state: 'aborted', abortRequested: true });
    expect(h.count(`/sessions/${record.sessionId}`, 'DELETE')).toBe(1);
  });

  it('a payment that succeeds after the abort is approved and raised as "paid after abort"', async () => {
    h = await startedHarness();
    const alerts: string[] = [];
    h.engine.on('alert', (a) => alerts.push(a.alert));
    const record = await h.engine.sale({ amount: 1013, terminalId: '16000001' });
    await h.engine.abort(record.sessionId);
    const final = await h.engine.settled(record.sessionId);
    expect(final).toMatchObject({ state: 'approved', alert: 'paid-after-abort' });
    expect(alerts).toEqual(['paid-after-abort']);
    expect(h.engine.refundable(record.sessionId).remaining).toBe(1013);
  });

  it('an ignored abort leaves the session unknown, not cancelled', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1012, terminalId: '16000001' });
    await h.engine.abort(record.sessionId);
    expect((await h.engine.settled(record.sessionId)).state).toBe('unknown');
  });
});

describe('promise 5: hash-chained, append-only events', () => {
  it('every transition is an event; verify passes, and detects an edited row', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    await h.engine.settled(record.sessionId);
    expect(h.journal.eventsOf(record.sessionId).map((e) => e.type)).toEqual(['created', 'dispatching', 'dispatched', 'poll-result']);
    expect(h.journal.verify()).toMatchObject({ ok: true });
    const db = new Database(h.journal.file);
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    db.prepare("UPDATE events SET payload = replace(payload, '1250', '125') WHERE type = 'created'").run();
    db.close();
    expect(h.journal.verify()).toMatchObject({ ok: false });
  });
});

describe('promise 6: crash recovery before new work', () => {
  it('refuses work until start() has resumed every open session', async () => {
    h = await startHarness();
    await expect(h.engine.sale({ amount: 100, terminalId: '16000001' })).rejects.toMatchObject({ code: 'not-ready' });
    await h.engine.start();
    await expect(h.engine.sale({ amount: 100, terminalId: '16000001' })).resolves.toBeDefined();
  });

  it('resumes created (never sent), dispatching (maybe sent) and pending sessions to their true outcome', async () => {
    h = await startHarness();
    await h.engine.start();
    // A pending sale, whose engine then "dies".
    const pending = await h.engine.sale({ amount: 1001, terminalId: '16000001' });
    await h.engine.stop();
    // Sessions left by a till killed at other moments, written as that till would have.
    const created = h.journal.createSession({ sessionId: crypto.randomUUID(), kind: 'sale', amount: 300, currency: 'EUR', terminalId: '16000002', cashRegisterId: 'REG-1' });
    const sent = h.journal.createSession({ sessionId: crypto.randomUUID(), kind: 'sale', amount: 400, currency: 'EUR', terminalId: '16000003', cashRegisterId: 'REG-1' });
    h.journal.append(sent.sessionId, { type: 'dispatching' });
    await postSale(h, { sessionId: sent.sessionId, terminalId: '16000003', amount: 400 }); // it did reach Viva

    const engine = await h.restart();
    const { resumed } = await engine.start();
    expect(resumed).toBe(3);
    expect(stateOf(h, created.sessionId)).toBe('failed');
    expect(h.journal.getSession(created.sessionId)?.error).toBe('never-sent');
    h.simulator.control.customer('16000001', { action: 'tap' });
    await eventually(() => stateOf(h, pending.sessionId) === 'approved', 'pending resumed');
    await eventually(() => stateOf(h, sent.sessionId) === 'approved', 'dispatching recovered');
    expect(h.simulator.control.ledger().charges).toBe(2);
  });
});

describe('promise 7: late successes are caught', () => {
  it('a decline that later reads approved (flip) is re-checked and recorded as a late success', async () => {
    // The flip comes well after the decline, so even a loaded machine polls the decline first.
    h = await startedHarness({ simulator: { flipAfterMs: 400 }, config: { recheckAfterMs: 600 } });
    const alerts: string[] = [];
    h.engine.on('alert', (a) => alerts.push(a.alert));
    const record = await h.engine.sale({ amount: 1005, terminalId: '16000001' });
    expect((await h.engine.settled(record.sessionId)).state).toBe('declined');
    await eventually(() => stateOf(h, record.sessionId) === 'approved', 're-check');
    expect(alerts).toContain('late-success');
    expect(h.journal.getSession(record.sessionId)?.resolution).toBe('recheck');
  });

  it('a decline that stays declined is re-checked once and recorded', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1007, terminalId: '16000001' });
    expect((await h.engine.settled(record.sessionId)).state).toBe('declined');
    await eventually(() => h.journal.getSession(record.sessionId)?.recheckedAt ?? undefined, 're-check');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.journal.eventsOf(record.sessionId).filter((e) => e.type === 'recheck')).toHaveLength(1);
    expect(stateOf(h, record.sessionId)).toBe('declined');
  });
});

describe('promise 8: secrets stay out', () => {
  it('neither the client secret nor any bearer token is in the journal file or the logs', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    await h.engine.settled(record.sessionId);
    h.simulator.control.expireTokens();
    const second = await h.engine.sale({ amount: 1007, terminalId: '16000001' });
    await h.engine.settled(second.sessionId);
    await h.engine.stop();
    h.journal.close();
    expect(h.tokens.size).toBeGreaterThanOrEqual(2);
    const secrets = [h.simulator.credentials.clientSecret, ...h.tokens];
    const files = ['', '-wal'].map((suffix) => {
      try {
        return readFileSync(h.journal.file + suffix).toString('latin1');
      } catch {
        return '';
      }
    });
    const logs = JSON.stringify(h.logger.records);
    for (const secret of secrets) {
      for (const file of files) expect(file.includes(secret)).toBe(false);
      expect(logs.includes(secret)).toBe(false);
    }
  });
});

function watchSalePosts(harness: Harness, onPost: () => void): () => void {
  // The simulator's logger sees requests as they arrive; a sale POST is visible in its record
  // only after it is handled, so the probe runs from the client's fetch instead.
  const push = harness.requests.push.bind(harness.requests);
  harness.requests.push = (...items) => {
    for (const item of items) if (item.method === 'POST' && item.path.endsWith('transactions:sale')) onPost();
    return push(...items);
  };
  return () => {
    harness.requests.push = push;
  };
}

async function postSale(harness: Harness, body: { sessionId: string; terminalId: string; amount: number }): Promise<void> {
  const token = (await (
    await fetch(`${harness.simulator.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: harness.simulator.credentials.clientId, client_secret: harness.simulator.credentials.clientSecret }),
    })
  ).json()) as { access_token: string };
  const response = await fetch(`${harness.simulator.url}/ecr/v1/transactions:sale`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, cashRegisterId: 'REG-1', currencyCode: '978', merchantReference: 'x', tipAmount: 0 }),
  });
  if (response.status !== 200) throw new Error(`sale POST answered ${response.status}`);
}


describe('promise 6: one payment engine per journal', () => {
  const second = (owner?: { id: string; pid: number; host: string }) =>
    createPaymentEngine({ journal: h.journal, viva: h.viva, cashRegisterId: 'REG-2', config: FAST, ...(owner ? { lock: { owner } } : {}) });

  it("a second process's engine refuses to start while the first is alive, so it never takes live sessions for orphans", async () => {
    h = await startedHarness();
    const live = await h.engine.sale({ amount: 1001, terminalId: '16000001' }); // waiting on the terminal
    const other = second();
    await expect(other.start()).rejects.toMatchObject({ code: 'engine-busy', message: expect.stringMatching(/Another Cloud ECR process/) });
    await expect(other.sale({ amount: 100, terminalId: '16000002' })).rejects.toMatchObject({ code: 'not-ready' });
    expect(stateOf(h, live.sessionId)).toBe('pending');
    h.simulator.control.customer('16000001', { action: 'tap' });
    expect((await h.engine.settled(live.sessionId)).state).toBe('approved');
    await h.engine.stop();
    await expect(other.start()).resolves.toMatchObject({ resumed: 0 });
    await other.stop();
  });

  it('takes over at once from a till process that died (a crash leaves a fresh heartbeat)', async () => {
    h = await startHarness();
    const dead = second({ id: 'crashed-till', pid: 2 ** 22 + 12_345, host: hostname() });
    await dead.start(); // never stopped: as if killed
    await expect(h.engine.start()).resolves.toBeDefined();
    // Had the "dead" one been alive after all, its next heartbeat finds the lock gone and it stops taking payments.
    await new Promise((resolve) => setTimeout(resolve, (FAST.lockHeartbeatMs ?? 20) * 4));
    await expect(dead.sale({ amount: 100, terminalId: '16000003' })).rejects.toMatchObject({ code: 'engine-busy' });
    await dead.stop();
  });
});
