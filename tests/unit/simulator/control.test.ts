import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { runStandalone, SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, startSimulator } from '../../../electron/core/simulator/index.ts';
import { Api, fetchToken, sim, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(() => h?.close());

describe('manual mode and the virtual terminal', () => {
  it('shows idle, then the amount with "Present card", waits (202) until the customer taps, then the result', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/terminals/16000002/config', { defaultScenario: 'manual' });
    const idle = await sim(h.url, 'GET', '/terminals/16000002');
    expect(idle.body).toMatchObject({ terminalId: '16000002', screen: 'idle', session: null, defaultScenario: 'manual' });

    const sale = await h.api.sale({ terminalId: '16000002', amount: 1250 });
    const showing = await sim(h.url, 'GET', '/terminals/16000002');
    expect(showing.body).toMatchObject({
      screen: 'present-card',
      lines: ['SALE', 'EUR 12.50', 'Present card'],
      session: { sessionId: sale.sessionId, amount: 1250, currencyCode: '978', cashRegisterId: 'REG-1' },
    });
    h.clock.advance(30_000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);

    const tap = await sim(h.url, 'POST', '/terminals/16000002/customer', { action: 'tap' });
    expect(tap.status).toBe(200);
    expect(tap.body).toMatchObject({ sessionId: sale.sessionId, outcome: 'approved', charged: true });
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: true, eventId: 0 });
    const result = await sim(h.url, 'GET', '/terminals/16000002');
    expect(result.body).toMatchObject({ screen: 'result', result: { success: true, eventId: 0 }, lines: ['APPROVED', 'EUR 12.50', 'Transaction successful'] });
    h.clock.advance(5000);
    expect((await sim(h.url, 'GET', '/terminals/16000002')).body.screen).toBe('idle');
  });

  it('lets the customer cancel (1000) or decline (1006 by default, or a chosen eventId)', async () => {
    h = await startHarness();
    h.sim.control.configureTerminal('16000001', { defaultScenario: 'manual' });
    const outcomes: Array<[Record<string, unknown>, number]> = [
      [{ action: 'cancel' }, 1000],
      [{ action: 'decline' }, 1006],
      [{ action: 'decline', eventId: 1007 }, 1007],
      [{ action: 'decline', eventId: 1020 }, 1020],
    ];
    for (const [action, eventId] of outcomes) {
      const sale = await h.api.sale();
      expect((await sim(h.url, 'POST', '/terminals/16000001/customer', action)).status).toBe(200);
      expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: false, eventId });
    }
    expect(h.sim.control.ledger().charges).toBe(0);
  });

  it('times a manual session out at the end of its life (1003) when nobody acts', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ amount: 501 }); // magic .01 = manual
    expect(h.sim.control.terminal('16000001').screen).toBe('present-card');
    h.clock.advance(60_000);
    expect((await h.api.session(sale.sessionId)).body.eventId).toBe(1003);
    expect(h.sim.control.terminal('16000001').lines[0]).toBe('TIMED-OUT');
  });

  it('refuses a customer action on an idle or unknown terminal, or an unknown action', async () => {
    h = await startHarness();
    const idle = await sim(h.url, 'POST', '/terminals/16000001/customer', { action: 'tap' });
    expect(idle.status).toBe(409);
    expect(idle.body.detail).toMatch(/idle/);
    expect((await sim(h.url, 'POST', '/terminals/42/customer', { action: 'tap' })).status).toBe(404);
    await h.api.sale({ amount: 501 });
    expect((await sim(h.url, 'POST', '/terminals/16000001/customer', { action: 'swipe' })).status).toBe(400);
    expect((await sim(h.url, 'POST', '/terminals/16000001/customer', { action: 'decline', eventId: 1100 })).status).toBe(400);
    expect(h.sim.control.terminal('16000001').screen).toBe('present-card');
  });

  it('lets the customer act on an automatic session too (it replaces the scenario)', async () => {
    h = await startHarness({ customerTimeMs: 10_000 });
    const sale = await h.api.sale();
    h.clock.advance(2000);
    h.sim.control.customer('16000001', { action: 'cancel' });
    expect((await h.api.session(sale.sessionId)).body.eventId).toBe(1000);
  });

  it('keeps scenarios queued for a terminal when its default changes, and can set the default back', async () => {
    h = await startHarness();
    h.sim.control.setScenario({ scenario: 'cancel', terminalId: '16000001' });
    h.sim.control.configureTerminal('16000001', { defaultScenario: { name: 'decline', eventId: 1007 } });
    const queued = await h.api.sale();
    h.clock.advance(1000);
    const standing = await h.api.sale();
    h.clock.advance(1000);
    h.sim.control.configureTerminal('16000001', { defaultScenario: null });
    const plain = await h.api.sale();
    h.clock.advance(1000);
    const ids = [queued, standing, plain].map((s) => s.sessionId);
    expect(await Promise.all(ids.map(async (id) => (await h.api.session(id)).body.eventId))).toEqual([1000, 1007, 0]);
  });

  it('lists the terminals with their display', async () => {
    h = await startHarness();
    const list = await sim(h.url, 'GET', '/terminals');
    expect(list.body.map((t: { terminalId: string; screen: string }) => [t.terminalId, t.screen])).toEqual([
      ['16000001', 'idle'],
      ['16000002', 'idle'],
      ['16000003', 'idle'],
    ]);
    expect((await sim(h.url, 'GET', '/terminals/nope')).status).toBe(404);
  });
});

describe('the true record (/_sim/sessions, /_sim/ledger)', () => {
  it('records each session with its outcome and whether money moved, and counts charges', async () => {
    h = await startHarness();
    const paid = await h.api.sale({ amount: 1250 });
    const declined = await h.api.sale({ terminalId: '16000002', amount: 1006 });
    const pending = await h.api.sale({ terminalId: '16000003', amount: 1003 });
    h.clock.advance(1000);
    const res = await sim(h.url, 'GET', '/sessions');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.sessions.map((s: { sessionId: string }) => [s.sessionId, s]));
    expect(byId[paid.sessionId]).toMatchObject({
      kind: 'sale',
      terminalId: '16000001',
      cashRegisterId: 'REG-1',
      amount: 1250,
      scenario: 'approve',
      state: 'final',
      outcome: 'approved',
      eventId: 0,
      moneyMoved: true,
      charged: true,
      source: 'api',
      createdAt: '2026-03-10T12:00:00.000Z',
      finishedAt: '2026-03-10T12:00:01.000Z',
    });
    expect(byId[declined.sessionId]).toMatchObject({ outcome: 'declined', eventId: 1006, moneyMoved: false, charged: false });
    expect(byId[pending.sessionId]).toMatchObject({ state: 'pending', outcome: 'pending', eventId: null, moneyMoved: false });
    expect(res.body.ledger).toEqual({
      charges: 1,
      chargedAmount: 1250,
      refunds: 0,
      refundedAmount: 0,
      holds: 0,
      heldAmount: 0,
      moneyMoved: { [paid.sessionId]: true, [declined.sessionId]: false, [pending.sessionId]: false },
    });
    expect((await sim(h.url, 'GET', '/ledger')).body.charges).toBe(1);
    expect((await sim(h.url, 'GET', `/sessions/${paid.sessionId}`)).body.sessionId).toBe(paid.sessionId);
    expect((await sim(h.url, 'GET', '/sessions/nope')).status).toBe(404);
    const filtered = await sim(h.url, 'GET', '/sessions?terminalId=16000002');
    expect(filtered.body.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([declined.sessionId]);
  });

  it('seeds Viva-only sessions (another register, any date, any outcome) and refuses duplicates', async () => {
    h = await startHarness();
    const seeded = await sim(h.url, 'POST', '/sessions', {
      sessionId: 'viva-only-1',
      amount: 2500,
      tipAmount: 100,
      cashRegisterId: 'TILL-2',
      terminalId: '16000003',
      merchantReference: 'other-till',
      createdAt: '2026-03-08T09:15:00.000Z',
    });
    expect(seeded.status).toBe(201);
    expect(seeded.body).toMatchObject({ sessionId: 'viva-only-1', source: 'seeded', outcome: 'approved', charged: true });
    const viva = await h.api.session('viva-only-1');
    expect(viva.body).toMatchObject({ success: true, amount: 2500, tipAmount: 100, cashRegisterId: 'TILL-2', transactionDateTime: '2026-03-08T09:15:00.000Z' });

    const aborted = h.sim.control.seedSession({ amount: 700, outcome: 'aborted', createdAt: '2026-03-08T10:00:00Z' });
    const body = (await h.api.session(aborted.sessionId)).body;
    expect(body).toMatchObject({ success: false, eventId: 1016, abortOperation: true, abortSuccess: true });
    const declined = h.sim.control.seedSession({ amount: 700, outcome: 'declined', eventId: 1020 });
    expect((await h.api.session(declined.sessionId)).body.eventId).toBe(1020);
    expect((await h.api.get('/ecr/v1/sessions?date=2026-03-08')).body).toHaveLength(2);

    expect((await sim(h.url, 'POST', '/sessions', { sessionId: 'viva-only-1', amount: 1 })).status).toBe(409);
    expect((await sim(h.url, 'POST', '/sessions', { amount: 12.5 })).status).toBe(400);
    expect((await sim(h.url, 'POST', '/sessions', { amount: 100, createdAt: 'last tuesday' })).status).toBe(400);
    // A seeded sale is a real parent for a refund, up to its total (the seeded amount includes the tip).
    const tooMuch = await h.api.transaction('refund', { parentSessionId: 'viva-only-1', amount: 2501 });
    expect((await h.api.session(tooMuch.sessionId)).body.eventId).toBe(1009);
    const refund = await h.api.transaction('refund', { parentSessionId: 'viva-only-1', amount: 2500 });
    h.clock.advance(1000);
    expect((await h.api.session(refund.sessionId)).body.success).toBe(true);
  });
});

describe('start-up', () => {
  it('serves on a random port with the documented default credentials and logs no secret', async () => {
    const logger = recordingLogger();
    const simulator = await startSimulator({ logger, customerTimeMs: 5 });
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(simulator.port).toBeGreaterThan(0);
      expect(simulator.credentials).toEqual({ clientId: SIMULATOR_CLIENT_ID, clientSecret: SIMULATOR_CLIENT_SECRET });
      expect(SIMULATOR_CLIENT_ID).toBe('simulator.apps.vivapayments.com');
      expect(SIMULATOR_CLIENT_SECRET).toBe('simulator-secret');
      const token = await fetchToken(simulator.url);
      const api = new Api(simulator.url, token);
      // The real clock: a 5 ms customer is done quickly; poll briefly rather than sleep a fixed time
      // (through the default early-404 window too).
      const sale = await api.sale();
      let status = 202;
      for (let i = 0; i < 400 && (status === 202 || status === 404); i += 1) {
        await new Promise((r) => setTimeout(r, 5));
        status = (await api.session(sale.sessionId)).status;
      }
      expect(status).toBe(200);
      const logged = JSON.stringify(logger.records);
      expect(logged).toContain(sale.sessionId);
      expect(logged).not.toContain(token);
      expect(logged).not.toContain(SIMULATOR_CLIENT_SECRET);
    } finally {
      await simulator.close();
    }
  });

  it('refuses a port already taken, and bad terminal lists', async () => {
    const first = await startSimulator();
    try {
      await expect(startSimulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
    await expect(startSimulator({ terminals: [{ terminalId: '1' }, { terminalId: '1' }] })).rejects.toThrow(/twice/);
    await expect(startSimulator({ terminals: [{ terminalId: '1', statusId: 9 }] })).rejects.toThrow(/statusId/);
    await expect(startSimulator({ customerTimeMs: -5 })).rejects.toThrow(/customerTimeMs/);
  });

  it('runStandalone prints the URL and the training credentials, and returns a handle to close', async () => {
    const lines: string[] = [];
    const simulator = await runStandalone({ port: 0, print: (line) => lines.push(line) });
    try {
      const text = lines.join('\n');
      expect(text).toContain(simulator.url);
      expect(text).toContain(SIMULATOR_CLIENT_ID);
      expect(text).toContain(SIMULATOR_CLIENT_SECRET);
      expect(text).toContain('16000001, 16000002, 16000003');
      expect((await fetch(`${simulator.url}/_sim/terminals`)).status).toBe(200);
    } finally {
      await simulator.close();
    }
  });
});
