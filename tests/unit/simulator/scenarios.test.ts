import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MAGIC_AMOUNTS, magicAmountsMarkdown, magicScenarioFor, SCENARIO_NAMES } from '../../../electron/core/simulator/index.ts';
import { saleBody, sim, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(() => h?.close());

describe('scenarios chosen through the control endpoint', () => {
  it('approve: approved after the customer time', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'approve', terminalId: '16000001' });
    const sale = await h.api.sale();
    h.clock.advance(999);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
    h.clock.advance(1);
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: true, eventId: 0 });
  });

  it.each([1006, 1007, 1020])('decline %i: ends success:false with that eventId after the customer time', async (eventId) => {
    h = await startHarness();
    const set = await sim(h.url, 'POST', '/scenarios', { scenario: 'decline', eventId, terminalId: '16000001' });
    expect(set.status).toBe(200);
    const sale = await h.api.sale();
    h.clock.advance(1000);
    const res = await h.api.session(sale.sessionId);
    expect(res.body).toMatchObject({ success: false, eventId, transactionId: null });
    expect(h.sim.control.session(sale.sessionId)).toMatchObject({ outcome: 'declined', moneyMoved: false, charged: false });
  });

  it('cancel: the cardholder cancels (1000)', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'cancel' });
    const sale = await h.api.sale();
    h.clock.advance(1000);
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({
      success: false,
      eventId: 1000,
      message: 'Transaction canceled by user',
      panEntryMode: null,
    });
  });

  it('timeout: 202 for the whole session life, then 1003', async () => {
    h = await startHarness({ sessionLifetimeMs: 60_000 });
    await sim(h.url, 'POST', '/scenarios', { scenario: 'timeout' });
    const sale = await h.api.sale();
    h.clock.advance(59_999);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
    h.clock.advance(1);
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: false, eventId: 1003, message: 'Terminal timed out' });
  });

  it('a customer slower than the session life also times out (1003)', async () => {
    h = await startHarness({ customerTimeMs: 90_000, sessionLifetimeMs: 60_000 });
    const sale = await h.api.sale();
    h.clock.advance(60_000);
    expect((await h.api.session(sale.sessionId)).body.eventId).toBe(1003);
  });

  it('busy: 1100 at once', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'busy' });
    const sale = await h.api.sale();
    expect((await h.api.session(sale.sessionId)).body).toMatchObject({ success: false, eventId: 1100 });
  });

  it('never-delivered: 202 forever and the terminal stays idle', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'never-delivered' });
    const sale = await h.api.sale();
    h.clock.advance(30 * 60_000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
    expect(h.sim.control.terminal('16000001').screen).toBe('idle');
    expect(h.sim.control.session(sale.sessionId)).toMatchObject({ state: 'pending', moneyMoved: false });
  });

  it('flip: first reported declined, later the same session reads approved; the money moved all along', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'flip', flipAfterMs: 5000 });
    const sale = await h.api.sale();
    h.clock.advance(1000);
    const first = await h.api.session(sale.sessionId);
    expect(first.body).toMatchObject({ success: false, eventId: 1006 });
    expect(h.sim.control.session(sale.sessionId)).toMatchObject({ outcome: 'declined', moneyMoved: true, charged: true });
    h.clock.advance(4999);
    expect((await h.api.session(sale.sessionId)).body.success).toBe(false);
    h.clock.advance(1);
    const later = await h.api.session(sale.sessionId);
    expect(later.body).toMatchObject({ success: true, eventId: 0, transactionTypeId: 5 });
    expect((await h.api.get('/ecr/v1/sessions?date=2026-03-10')).body[0].success).toBe(true);
  });

  it('early-404: GET answers 404 for the window after dispatch, then the session is there', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'early-404', early404Ms: 1500 });
    const sale = await h.api.sale();
    expect((await h.api.session(sale.sessionId)).status).toBe(404);
    h.clock.advance(1000);
    expect((await h.api.session(sale.sessionId)).status).toBe(404);
    expect((await h.api.get('/ecr/v1/sessions?date=2026-03-10')).body).toEqual([]);
    h.clock.advance(500);
    expect((await h.api.session(sale.sessionId)).body.success).toBe(true);
  });

  it('lost-response: the sale is recorded and proceeds but the HTTP answer never arrives', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'lost-response' });
    const body = saleBody();
    await expect(fetch(`${h.url}/ecr/v1/transactions:sale`, { method: 'POST', headers: h.api.headers(), body: JSON.stringify(body) })).rejects.toThrow();
    const recorded = await sim(h.url, 'GET', `/sessions/${body.sessionId}`);
    expect(recorded.body).toMatchObject({ state: 'pending', responseLost: true, charged: false });
    h.clock.advance(1000);
    const after = await sim(h.url, 'GET', '/sessions');
    expect(after.body.sessions[0]).toMatchObject({ sessionId: body.sessionId, outcome: 'approved', charged: true, responseLost: true });
    expect(after.body.ledger).toMatchObject({ charges: 1, moneyMoved: { [String(body.sessionId)]: true } });
    expect((await h.api.session(String(body.sessionId))).body.success).toBe(true);
  });

  it('queues scenarios per terminal or globally, for N requests or always, ahead of magic amounts', async () => {
    h = await startHarness();
    await sim(h.url, 'POST', '/scenarios', { scenario: 'cancel', terminalId: '16000002', times: 2 });
    await sim(h.url, 'POST', '/scenarios', { scenario: { name: 'decline', eventId: 1020 } });
    const t1 = await h.api.sale({ amount: 1250 }); // global queue
    const t2a = await h.api.sale({ terminalId: '16000002', amount: 9906 }); // terminal queue beats magic
    h.clock.advance(1000);
    const t2b = await h.api.sale({ terminalId: '16000002' });
    const t3 = await h.api.sale({ terminalId: '16000003' }); // queues empty: approve
    h.clock.advance(1000);
    const t2c = await h.api.sale({ terminalId: '16000002' }); // terminal queue used up
    h.clock.advance(1000);
    const events = async (id: string) => (await h.api.session(id)).body.eventId;
    expect([await events(t1.sessionId), await events(t2a.sessionId), await events(t2b.sessionId), await events(t3.sessionId), await events(t2c.sessionId)]).toEqual([
      1020, 1000, 1000, 0, 0,
    ]);

    await sim(h.url, 'POST', '/scenarios', { scenario: 'cancel', terminalId: '16000003', times: 'always' });
    const standing = [await h.api.sale({ terminalId: '16000003' })];
    h.clock.advance(1000);
    standing.push(await h.api.sale({ terminalId: '16000003' }));
    h.clock.advance(1000);
    const magic = await h.api.sale({ terminalId: '16000003', amount: 1007 }); // a magic amount beats a standing default
    h.clock.advance(1000);
    expect([await events(standing[0]!.sessionId), await events(standing[1]!.sessionId), await events(magic.sessionId)]).toEqual([1000, 1000, 1007]);
    expect(h.sim.control.terminal('16000003').defaultScenario).toBe('cancel');

    expect((await sim(h.url, 'DELETE', '/scenarios?terminalId=16000003')).status).toBe(200);
    const cleared = await h.api.sale({ terminalId: '16000003' });
    h.clock.advance(1000);
    expect(await events(cleared.sessionId)).toBe(0);
  });

  it('refuses a bad scenario request and changes nothing', async () => {
    h = await startHarness();
    for (const bad of [{ scenario: 'explode' }, { scenario: 'decline', eventId: 1234 }, { scenario: 'approve', times: 0 }, { scenario: 'approve', terminalId: '42' }]) {
      const res = await sim(h.url, 'POST', '/scenarios', bad);
      expect([400, 404]).toContain(res.status);
      expect(typeof res.body.detail).toBe('string');
    }
    expect(h.sim.control.terminal('16000001').queuedScenarios).toEqual([]);
    expect((await sim(h.url, 'POST', '/scenarios', '{oops' as unknown)).status).toBe(400);
  });
});

describe('magic amounts', () => {
  it('covers the end of the amount 01-16 and leaves usual prices alone', () => {
    expect(MAGIC_AMOUNTS.map((m) => m.cents)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    for (const m of MAGIC_AMOUNTS) expect(magicScenarioFor(m.example)).toEqual(m.scenario);
    for (const price of [100, 1250, 1299, 995, 2020, 1017, 1050, 1000]) expect(magicScenarioFor(price)).toBeUndefined();
    expect(magicScenarioFor(9906)).toEqual({ name: 'decline', eventId: 1006 });
  });

  it('documents every magic amount and every scenario it uses in the generated README table', () => {
    const table = magicAmountsMarkdown();
    for (const m of MAGIC_AMOUNTS) expect(table).toContain(`| .${String(m.cents).padStart(2, '0')} | ${m.scenario.name} |`);
    const used = new Set(MAGIC_AMOUNTS.map((m) => m.scenario.name));
    expect(SCENARIO_NAMES.filter((n) => !used.has(n) && n !== 'approve')).toEqual([]);
  });

  it('is the table the simulator README shows', () => {
    const readme = readFileSync(new URL('../../../electron/core/simulator/README.md', import.meta.url), 'utf8');
    const generated = /<!-- generated by magicAmountsMarkdown\(\)[^\n]*\n([\s\S]*?)\n<!-- end generated -->/.exec(readme)?.[1];
    expect(generated).toBe(magicAmountsMarkdown());
  });

  it('picks the scenario of each magic amount for a real sale', async () => {
    h = await startHarness();
    for (const m of MAGIC_AMOUNTS) {
      const body = saleBody({ amount: m.example });
      await fetch(`${h.url}/ecr/v1/transactions:sale`, { method: 'POST', headers: h.api.headers(), body: JSON.stringify(body) }).catch(() => undefined);
      expect(h.sim.control.session(String(body.sessionId))?.scenario).toBe(m.scenario.name);
      h.clock.advance(61_000); // past every session's life, so the terminal is free again
    }
  });

  it('reads the total, tip included', async () => {
    h = await startHarness();
    const tipped = await h.api.sale({ amount: 1000, tipAmount: 6 }); // 10.06 -> 1006
    h.clock.advance(1000);
    const other = await h.api.sale({ amount: 1006, tipAmount: 1 }); // 10.07 -> 1007
    h.clock.advance(1000);
    const plain = await h.api.sale({ amount: 1006, tipAmount: 14 }); // 10.20 -> approve
    h.clock.advance(1000);
    expect((await h.api.session(tipped.sessionId)).body).toMatchObject({ eventId: 1006, amount: 1006, tipAmount: 6 });
    expect((await h.api.session(other.sessionId)).body.eventId).toBe(1007);
    expect((await h.api.session(plain.sessionId)).body).toMatchObject({ success: true, amount: 1020 });
  });

  it('can be switched off', async () => {
    h = await startHarness({ magicAmounts: false });
    const sale = await h.api.sale({ amount: 9906 });
    h.clock.advance(1000);
    expect((await h.api.session(sale.sessionId)).body.success).toBe(true);
  });
});

describe('network conditions', () => {
  it('5xx bursts: the next N API requests answer 500/502/503 (Retry-After on 503) and are not processed', async () => {
    h = await startHarness();
    const set = await sim(h.url, 'POST', '/faults', { count: 3, status: [500, 502, 503], retryAfterSec: 2 });
    expect(set.body).toEqual({ pending: 3 });
    const s500 = await h.api.sale();
    expect(s500.status).toBe(500);
    expect(s500.text).toBe('Internal Server Error');
    const s502 = await h.api.session('x');
    expect(s502.status).toBe(502);
    expect(s502.headers.get('content-type')).toContain('text/html');
    const s503 = await h.api.post('/ecr/v1/devices:search', {});
    expect(s503.status).toBe(503);
    expect(s503.headers.get('retry-after')).toBe('2');
    expect(s503.body).toEqual({ detail: 'Service Unavailable' });
    expect(s503.headers.get('server')).toBe('uvicorn');
    expect(h.sim.control.sessions()).toEqual([]); // the sale that met the 500 never happened
    expect((await h.api.post('/ecr/v1/devices:search', {})).status).toBe(200);
  });

  it('leaves the token endpoint and /_sim out of a burst', async () => {
    h = await startHarness();
    h.sim.control.injectFaults({ count: 1 });
    expect((await sim(h.url, 'GET', '/terminals')).status).toBe(200);
    const token = await fetch(`${h.url}/connect/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('simulator.apps.vivapayments.com:simulator-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    expect((await h.api.session('x')).status).toBe(503);
  });

  it('a fault after processing: the sale happens, the client sees only a 503 or a dropped connection', async () => {
    h = await startHarness();
    h.sim.control.injectFaults({ count: 1, status: 503, afterProcessing: true });
    const sale = await h.api.sale();
    expect(sale.status).toBe(503);
    expect(h.sim.control.session(sale.sessionId)).toMatchObject({ state: 'pending', responseLost: true });

    h.sim.control.injectFaults({ status: 'drop', afterProcessing: true });
    const body = saleBody({ terminalId: '16000002' });
    await expect(fetch(`${h.url}/ecr/v1/transactions:sale`, { method: 'POST', headers: h.api.headers(), body: JSON.stringify(body) })).rejects.toThrow();
    h.clock.advance(1000);
    expect(h.sim.control.ledger().charges).toBe(2);
  });

  it('refuses a bad fault request', async () => {
    h = await startHarness();
    expect((await sim(h.url, 'POST', '/faults', { status: 418 })).status).toBe(400);
    expect((await sim(h.url, 'POST', '/faults', { count: -1 })).status).toBe(400);
    expect(() => h.sim.control.injectFaults({ count: 0 })).toThrow(/count/i);
  });

  it('slow responses: every API answer is held responseDelayMs through the injected timer', async () => {
    const waits: number[] = [];
    let release: () => void = () => {};
    const sleep = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    };
    h = await startHarness({ sleep });
    expect(waits).toEqual([]); // the token answer was not delayed (delay 0)
    await sim(h.url, 'POST', '/config', { responseDelayMs: 250 });
    let settled = false;
    const pending = h.api.session('x').then((res) => {
      settled = true;
      return res;
    });
    while (waits.length === 0) await new Promise((r) => setImmediate(r));
    expect(waits).toEqual([250]);
    expect(settled).toBe(false);
    release();
    expect((await pending).status).toBe(404);
    expect((await sim(h.url, 'GET', '/config')).body.responseDelayMs).toBe(250); // /_sim is never delayed
  });
});

describe('configuration', () => {
  it('changes the customer time globally or per terminal, for sessions created afterwards', async () => {
    h = await startHarness();
    const before = await h.api.sale();
    expect((await sim(h.url, 'POST', '/config', { customerTimeMs: 3000 })).body.customerTimeMs).toBe(3000);
    const after = await h.api.sale({ terminalId: '16000002' });
    const perTerminal = await sim(h.url, 'POST', '/terminals/16000003/config', { customerTimeMs: 200 });
    expect(perTerminal.body.customerTimeMs).toBe(200);
    const fast = await h.api.sale({ terminalId: '16000003' });
    h.clock.advance(200);
    expect((await h.api.session(fast.sessionId)).status).toBe(200);
    h.clock.advance(800);
    expect((await h.api.session(before.sessionId)).status).toBe(200);
    expect((await h.api.session(after.sessionId)).status).toBe(202);
    h.clock.advance(2000);
    expect((await h.api.session(after.sessionId)).status).toBe(200);
  });

  it('refuses a bad setting and keeps the old value', async () => {
    h = await startHarness();
    for (const bad of [{ customerTimeMs: -1 }, { customerTimeMs: 'slow' }, { wings: true }, { unknownTerminal: 'x' }]) {
      expect((await sim(h.url, 'POST', '/config', bad)).status).toBe(400);
    }
    expect(h.sim.control.config().customerTimeMs).toBe(1000);
  });

  it('reset forgets sessions, scenarios and faults but keeps tokens valid', async () => {
    h = await startHarness();
    const sale = await h.api.sale();
    h.sim.control.setScenario({ scenario: 'cancel', times: 'always' });
    h.sim.control.injectFaults({ count: 5 });
    h.sim.control.configure({ customerTimeMs: 9000 });
    expect((await sim(h.url, 'POST', '/reset')).status).toBe(200);
    expect(h.sim.control.sessions()).toEqual([]);
    expect(h.sim.control.config().customerTimeMs).toBe(1000);
    expect((await h.api.session(sale.sessionId)).status).toBe(404);
    const fresh = await h.api.sale();
    h.clock.advance(1000);
    expect((await h.api.session(fresh.sessionId)).body.success).toBe(true);
  });
});

describe('project README', () => {
  it('shows the same magic-amount table as the code', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const generated = /<!-- generated by magicAmountsMarkdown\(\)[^\n]*\n([\s\S]*?)\n<!-- end generated -->/.exec(readme)?.[1];
    expect(generated).toBe(magicAmountsMarkdown());
  });
});
