import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { eventually, startedHarness, stateOf, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h?.close());


describe('polling to a final state', () => {
  it.each([
    [1250, 'approved', 0],
    [1007, 'declined', 1007],
    [1002, 'declined', 1020],
    [1010, 'cancelled', 1000],
  ])('amount %i ends %s (eventId %i) with Viva\'s fields journaled', async (amount, state, eventId) => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount, terminalId: '16000001', merchantReference: 'ORDER-1' });
    expect(record.state).toBe('pending');
    const final = await h.engine.settled(record.sessionId);
    expect(final).toMatchObject({ state, vivaEventId: eventId, merchantReference: 'ORDER-1', cashRegisterId: 'REG-1' });
    if (state === 'approved') expect(final).toMatchObject({ transactionId: expect.any(String), maskedPan: expect.stringMatching(/X{6}/) });
  });

  it('an early 404 right after dispatch is treated as pending (spec §10.8)', async () => {
    h = await startedHarness();
    h.simulator.control.setScenario({ scenario: 'early-404', early404Ms: 100 });
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    expect(await h.engine.settled(record.sessionId)).toMatchObject({ state: 'approved' });
    expect(h.requests.some((r) => r.method === 'GET' && r.status === 404)).toBe(true);
  });

  it('a terminal timeout (1003) is a failure, not a decline', async () => {
    // The terminal gives up (300 ms) well before the till would (1.5 s), even on a loaded machine.
    h = await startedHarness({ config: { deadlineMs: 1_500 }, simulator: { sessionLifetimeMs: 300 } });
    const record = await h.engine.sale({ amount: 1003, terminalId: '16000001' });
    expect(await h.engine.settled(record.sessionId)).toMatchObject({ state: 'failed', vivaEventId: 1003 });
  });

  it('a busy terminal (1100) is re-polled for the busy grace, then recorded as failed, nothing charged', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1011, terminalId: '16000001' });
    const final = await h.engine.settled(record.sessionId);
    expect(final).toMatchObject({ state: 'failed', vivaEventId: 1100 });
    const finishedAfterMs = Date.parse(final.finishedAt ?? '') - Date.parse(record.createdAt);
    expect(finishedAfterMs).toBeGreaterThanOrEqual(40 + 60); // customer time + busy grace
  });

  it('polls about once per interval, not faster', async () => {
    h = await startedHarness({ config: { pollIntervalMs: 50 }, customerTimeMs: 400 });
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    await h.engine.settled(record.sessionId);
    const gets = h.requests.filter((r) => r.method === 'GET' && r.path.endsWith(record.sessionId));
    expect(gets.length).toBeGreaterThanOrEqual(5);
    expect(gets.length).toBeLessThanOrEqual(11);
  });

  it('honours Retry-After on a 503 before polling again', async () => {
    h = await startedHarness({ config: { deadlineMs: 10_000 }, simulator: { sessionLifetimeMs: 10_000 } });
    const record = await h.engine.sale({ amount: 1001, terminalId: '16000001' }); // manual: stays pending
    await eventually(() => h.count(record.sessionId, 'GET') >= 1 || undefined, 'first poll');
    h.simulator.control.injectFaults({ status: 503, retryAfterSec: 1 });
    const polls = () => h.requests.filter((r) => r.method === 'GET' && r.path.endsWith(record.sessionId));
    const failed = await eventually(() => polls().find((r) => r.status === 503 && r.answeredAt), 'the 503');
    const next = await eventually(() => polls().find((r) => r.at > (failed.answeredAt ?? 0)), 'the poll after it', 3_000);
    expect(next.at - (failed.answeredAt ?? 0)).toBeGreaterThanOrEqual(990);
    h.simulator.control.customer('16000001', { action: 'tap' });
    expect((await h.engine.settled(record.sessionId)).state).toBe('approved');
  });

  it('a token that expires mid-poll is refreshed without the cashier noticing', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1001, terminalId: '16000001' });
    h.simulator.control.expireTokens();
    h.simulator.control.customer('16000001', { action: 'tap' });
    expect((await h.engine.settled(record.sessionId)).state).toBe('approved');
    expect(h.count('/connect/token')).toBe(2);
  });
});

describe('the deadline', () => {
  it('a session that never reaches the terminal is aborted at the deadline, then unknown, then resolved by an operator', async () => {
    h = await startedHarness();
    const record = await h.engine.sale({ amount: 1004, terminalId: '16000001', merchantReference: 'T-9' });
    const unknown = await h.engine.settled(record.sessionId);
    expect(unknown).toMatchObject({ state: 'unknown', abortRequested: true });
    expect(h.journal.eventsOf(record.sessionId).map((e) => e.type)).toEqual([
      'created', 'dispatching', 'dispatched', 'abort-requested', 'abort-result', 'deadline-passed',
    ]);
    // The same sale cannot be charged again while its first attempt is unknown.
    await expect(h.engine.sale({ amount: 1004, terminalId: '16000002', merchantReference: 'T-9' })).rejects.toMatchObject({ code: 'unresolved-unknown' });
    expect(() => h.engine.resolve(record.sessionId, { outcome: 'declined', reason: '', operator: 'maria' })).toThrow(/reason/);
    const resolved = h.engine.resolve(record.sessionId, { outcome: 'declined', reason: 'Customer paid cash instead', operator: 'maria' });
    expect(resolved).toMatchObject({ state: 'declined', resolution: 'operator', resolvedBy: 'maria', resolutionReason: 'Customer paid cash instead' });
    expect(() => h.engine.resolve(record.sessionId, { outcome: 'approved', reason: 'x', operator: 'y' })).toThrow(expect.objectContaining({ code: 'not-resolvable' }));
  });
});

describe('connectivity', () => {
  it('a sale whose token request fails never left the till: failed, not unknown', async () => {
    h = await startedHarness({ config: { offlineProbeMs: 1_000 } });
    h.network.down = true;
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    expect(record).toMatchObject({ state: 'failed', error: 'network' });
    await new Promise((r) => setTimeout(r, 300));
    // Nothing to re-check: Viva never had it. And no hammering while offline: one probe per offlineProbeMs.
    expect(h.requests.map((r) => r.path)).toEqual(['/connect/token', '/connect/token']);
  });

  it('reports going offline and back, and retries unknown sessions at once when the network returns', async () => {
    h = await startedHarness({ config: { unknownRetryMs: 60_000 } });
    const changes: boolean[] = [];
    h.engine.on('connectivity', (c) => changes.push(c.online));
    await h.viva.tokenInfo(); // the token is cached, so the sale POST itself is what fails
    h.network.down = true;
    const record = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    expect(record.state).toBe('unknown');
    await eventually(() => changes.includes(false) || undefined, 'offline');
    // Past its deadline, with the network still down, it stays unknown.
    await new Promise((r) => setTimeout(r, 550));
    expect(stateOf(h, record.sessionId)).toBe('unknown');
    h.network.down = false;
    await eventually(() => stateOf(h, record.sessionId) === 'failed' || undefined, 'resolution after reconnect');
    expect(changes).toEqual([false, true]);
    expect(h.journal.getSession(record.sessionId)?.resolution).toBe('not-found');
  });
});

describe('refunds', () => {
  async function approvedSale(amount: number, terminalId = '16000001'): Promise<SessionRecord> {
    const sale = await h.engine.sale({ amount, terminalId });
    const final = await h.engine.settled(sale.sessionId);
    expect(final.state).toBe('approved');
    return final;
  }

  it('refunds part of a sale, counting refunds still open, and refuses more than what is left', async () => {
    h = await startedHarness({ customerTimeMs: 150 });
    const sale = await approvedSale(2000);
    const first = await h.engine.refund({ parentSessionId: sale.sessionId, amount: 500 });
    expect(first).toMatchObject({ kind: 'refund', state: 'pending', terminalId: '16000001', currencyCode: '978', parentSessionId: sale.sessionId });
    expect(h.engine.refundable(sale.sessionId)).toMatchObject({ total: 2000, refunded: 500, remaining: 1500 });
    const before = h.count('transactions:refund');
    await expect(h.engine.refund({ parentSessionId: sale.sessionId, amount: 1600, terminalId: '16000002' })).rejects.toMatchObject({ code: 'refund-exceeds-remaining' });
    expect(h.count('transactions:refund')).toBe(before);
    expect((await h.engine.settled(first.sessionId)).state).toBe('approved');
    const second = await h.engine.refund({ parentSessionId: sale.sessionId, amount: 1500 });
    expect((await h.engine.settled(second.sessionId)).state).toBe('approved');
    expect(h.engine.refundable(sale.sessionId).remaining).toBe(0);
    await expect(h.engine.refund({ parentSessionId: sale.sessionId, amount: 1 })).rejects.toMatchObject({ code: 'refund-exceeds-remaining' });
  });

  it('refuses a refund of a payment that is unknown to the journal or not approved', async () => {
    h = await startedHarness();
    await expect(h.engine.refund({ parentSessionId: 'nope', amount: 100 })).rejects.toMatchObject({ code: 'parent-not-found' });
    const declined = await h.engine.sale({ amount: 1007, terminalId: '16000001' });
    await h.engine.settled(declined.sessionId);
    await expect(h.engine.refund({ parentSessionId: declined.sessionId, amount: 100 })).rejects.toMatchObject({ code: 'parent-not-refundable' });
  });

  it('runs an unreferenced refund', async () => {
    h = await startedHarness();
    const refund = await h.engine.unreferencedRefund({ amount: 700, terminalId: '16000002', currency: 'EUR' });
    expect(await h.engine.settled(refund.sessionId)).toMatchObject({ kind: 'unreferenced-refund', state: 'approved' });
  });

  it('pre-authorises and completes, never capturing more than the hold', async () => {
    h = await startedHarness();
    const hold = await h.engine.sale({ amount: 5000, terminalId: '16000001', preauth: true });
    expect(await h.engine.settled(hold.sessionId)).toMatchObject({ kind: 'preauth', state: 'approved' });
    await expect(h.engine.preauthCompletion({ parentSessionId: hold.sessionId, amount: 5001 })).rejects.toMatchObject({ code: 'refund-exceeds-remaining' });
    const capture = await h.engine.preauthCompletion({ parentSessionId: hold.sessionId, amount: 4200 });
    expect(await h.engine.settled(capture.sessionId)).toMatchObject({ kind: 'preauth-completion', state: 'approved', amount: 4200 });
  });
});

describe('many terminals at once', () => {
  it('runs one sale on each terminal concurrently', async () => {
    h = await startedHarness();
    const sales = await Promise.all(['16000001', '16000002', '16000003'].map((terminalId, i) => h.engine.sale({ amount: 1000 + i * 100 + 50, terminalId })));
    const finals = await Promise.all(sales.map((s) => h.engine.settled(s.sessionId)));
    expect(finals.map((f) => f.state)).toEqual(['approved', 'approved', 'approved']);
    expect(h.simulator.control.ledger().charges).toBe(3);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    [{ amount: 0, terminalId: '16000001' }, /greater than zero/],
    [{ amount: -100, terminalId: '16000001' }, /greater than zero/],
    [{ amount: 12.5, terminalId: '16000001' }, /whole number/],
    [{ amount: '1250', terminalId: '16000001' }, /whole number/],
    [{ amount: 100_000_000, terminalId: '16000001' }, /larger than the till accepts/],
    [{ amount: 1250, terminalId: '16000001', currency: 'XYZ' }, /Unknown currency/],
    [{ amount: 1250, terminalId: '16000001', currency: 'XAU' }, /Unknown currency/],
    [{ amount: 1250, terminalId: '' }, /terminalId/],
    [{ amount: 1250, terminalId: '16000001', tipAmount: -1 }, /tip/],
    [{ amount: 1250, terminalId: '16000001', tipAmount: 100, preauth: true }, /tip cannot be added to a pre-authorisation/],
    [{ amount: 1250, terminalId: '16000001', surprise: true }, /surprise/],
  ])('refuses %j', async (input, message) => {
    h = await startedHarness();
    await expect(h.engine.sale(input as never)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(message) });
    expect(h.journal.listSessions({}).sessions).toHaveLength(0);
    expect(h.requests).toHaveLength(0);
  });

  it('refuses to abort a finished payment or an unknown id', async () => {
    h = await startedHarness();
    const sale = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    await h.engine.settled(sale.sessionId);
    await expect(h.engine.abort(sale.sessionId)).rejects.toMatchObject({ code: 'not-abortable' });
    await expect(h.engine.abort('no-such-session')).rejects.toMatchObject({ code: 'session-not-found' });
  });
});

describe('events', () => {
  it('emits every journaled transition in order', async () => {
    h = await startedHarness();
    const seen: string[] = [];
    h.engine.on('session', (s) => seen.push(s.state));
    const sale = await h.engine.sale({ amount: 1250, terminalId: '16000001' });
    await h.engine.settled(sale.sessionId);
    expect(seen).toEqual(['created', 'dispatching', 'pending', 'approved']);
  });
});
