import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import {
  createVivaClient,
  customEndpoints,
  isDispatchUncertain,
  VivaError,
  type FetchFunction,
  type SessionLookup,
  type VivaClient,
} from '../../../electron/core/viva/index.ts';

// The real client against the real simulator over HTTP on 127.0.0.1: every operation and every
// error class, with the status codes and body shapes the simulator sends as Viva does. One manual
// clock drives both, so the customer's time on the terminal and token expiry cost no waiting.

const CUSTOMER_MS = 2_000;
const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
let simulator: RunningSimulator;
let requests: { method: string; url: string }[] = [];
let tamper: ((body: Record<string, unknown>) => void) | undefined;

const recordingFetch: FetchFunction = async (input, init) => {
  const request = new Request(input, init);
  requests.push({ method: request.method, url: request.url });
  if (tamper && request.method === 'POST' && !request.url.endsWith('/connect/token')) {
    const body = (await request.json()) as Record<string, unknown>;
    tamper(body);
    return fetch(new Request(request, { body: JSON.stringify(body) }));
  }
  return fetch(request);
};

function client(overrides: { clientSecret?: string; timeoutMs?: number } = {}): VivaClient {
  return createVivaClient({
    endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }),
    credentials: { clientId: simulator.credentials.clientId, clientSecret: overrides.clientSecret ?? simulator.credentials.clientSecret },
    fetch: recordingFetch,
    clock,
    timeoutMs: overrides.timeoutMs ?? 5_000,
  });
}

function sale(amount: number, extra: Record<string, unknown> = {}) {
  return { sessionId: randomUUID(), terminalId: '16000001', cashRegisterId: 'REG-1', amount, currencyCode: '978', merchantReference: 'ref', ...extra };
}

async function caught(promise: Promise<unknown>): Promise<VivaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VivaError);
  return error as VivaError;
}

async function finalOf(viva: VivaClient, sessionId: string): Promise<Extract<SessionLookup, { status: 'final' }>> {
  clock.advance(CUSTOMER_MS + 1);
  const lookup = await viva.getSession(sessionId);
  if (lookup.status !== 'final') throw new Error(`expected a final session, got ${lookup.status}`);
  return lookup;
}

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, clock, customerTimeMs: CUSTOMER_MS });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.control.reset();
  simulator.control.configure({ customerTimeMs: CUSTOMER_MS, responseDelayMs: 0 });
  requests = [];
  tamper = undefined;
});

describe('operations', () => {
  it('obtains a token and reports expiry and scope', async () => {
    const info = await client().tokenInfo();
    expect(info.expiresAt).toBe(clock.now() + 3600 * 1000);
    expect(info).toMatchObject({ scope: 'urn:viva:payments:ecr:api', tokenType: 'Bearer' });
  });

  it('searches devices, with the status filter', async () => {
    const viva = client();
    expect((await viva.searchDevices()).map((d) => d.terminalId)).toEqual(['16000001', '16000002', '16000003']);
    simulator.control.configureTerminal('16000003', { statusId: 6 });
    expect((await viva.searchDevices({ statusId: 1 })).map((d) => d.terminalId)).toEqual(['16000001', '16000002']);
  });

  it('reads terminalId sent as a number as a string', async () => {
    simulator.control.configure({ terminalIdAsNumber: true });
    expect((await client().searchDevices())[0]?.terminalId).toBe('16000001');
  });

  it('runs a sale from pending to approved with the card fields', async () => {
    const viva = client();
    const request = sale(1250, { tipAmount: 150 });
    await viva.sale(request);
    // Harsh default: right after the dispatch Viva may not know the session yet (spec §10.8, §11).
    expect(await viva.getSession(request.sessionId)).toEqual({ status: 'not-found' });
    clock.advance(simulator.control.config().early404Ms);
    expect(await viva.getSession(request.sessionId)).toEqual({ status: 'pending' });
    const final = await finalOf(viva, request.sessionId);
    expect(final.outcome.kind).toBe('approved');
    expect(final.session).toMatchObject({ amount: 1400, tipAmount: 150, currencyCode: '978', eventId: 0, success: true, cashRegisterId: 'REG-1' });
    expect(final.session.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(final.session.primaryAccountNumberMasked).toMatch(/^\d{6}X{6}\d{4}$/);
    expect(final.session.applicationLabel).toBeTruthy();
    expect(simulator.control.session(request.sessionId)).toMatchObject({ charged: true });
  });

  it.each([
    [1006, 'declined', 1006],
    [1007, 'declined', 1007],
    [1002, 'declined', 1020],
    [1010, 'cancelled', 1000],
    [1011, 'busy', 1100],
  ])('maps the magic amount %i to %s (eventId %i)', async (amount, kind, eventId) => {
    const viva = client();
    const request = sale(amount);
    await viva.sale(request);
    const final = await finalOf(viva, request.sessionId);
    expect(final.outcome).toMatchObject({ kind, eventId });
    expect(final.outcome.message.length).toBeGreaterThan(5);
    expect(simulator.control.session(request.sessionId)).toMatchObject({ charged: false });
  });

  it('times out with 1003 at the end of the session lifetime', async () => {
    const viva = client();
    const request = sale(1003);
    await viva.sale(request);
    clock.advance(CUSTOMER_MS + 1);
    expect(await viva.getSession(request.sessionId)).toEqual({ status: 'pending' });
    clock.advance(simulator.control.config().sessionLifetimeMs);
    expect(await viva.getSession(request.sessionId)).toMatchObject({ status: 'final', outcome: { kind: 'timeout', eventId: 1003 } });
  });

  it('refunds part of a sale by parentSessionId, and refuses more than what is left', async () => {
    const viva = client();
    const parent = sale(2000);
    await viva.sale(parent);
    await finalOf(viva, parent.sessionId);
    const refund = { ...sale(500), parentSessionId: parent.sessionId };
    await viva.refund(refund);
    expect((await finalOf(viva, refund.sessionId)).outcome.kind).toBe('approved');
    const tooMuch = { ...sale(1600), parentSessionId: parent.sessionId };
    await viva.refund(tooMuch);
    expect((await finalOf(viva, tooMuch.sessionId)).outcome).toMatchObject({ kind: 'failed', eventId: 1009 });
  });

  it('a refund of an unknown parent ends with 1101', async () => {
    const viva = client();
    const refund = { ...sale(500), parentSessionId: 'no-such-parent' };
    await viva.refund(refund);
    const final = await finalOf(viva, refund.sessionId);
    expect(final.outcome).toMatchObject({ kind: 'failed', eventId: 1101 });
  });

  it('runs an unreferenced refund', async () => {
    const viva = client();
    const refund = sale(700);
    await viva.unreferencedRefund(refund);
    expect((await finalOf(viva, refund.sessionId)).outcome.kind).toBe('approved');
  });

  it('pre-authorises, then completes the pre-auth', async () => {
    const viva = client();
    const hold = sale(5000, { preauth: true });
    await viva.sale(hold);
    expect((await finalOf(viva, hold.sessionId)).session).toMatchObject({ preauth: true, transactionTypeId: 1 });
    const capture = { ...sale(4200), parentSessionId: hold.sessionId };
    await viva.preauthCompletion(capture);
    expect((await finalOf(viva, capture.sessionId)).outcome.kind).toBe('approved');
  });

  it("lists one UTC day's sessions", async () => {
    const viva = client();
    const request = sale(990);
    await viva.sale(request);
    await finalOf(viva, request.sessionId);
    const seeded = simulator.control.seedSession({ amount: 300, cashRegisterId: 'OTHER', createdAt: '2026-11-25T23:59:00Z' });
    const today = (await viva.listSessions('2026-11-26')).sessions;
    expect(today.map((s) => s.sessionId)).toContain(request.sessionId);
    expect(today.map((s) => s.sessionId)).not.toContain(seeded.sessionId);
    expect((await viva.listSessions('2026-11-25')).sessions.map((s) => s.sessionId)).toEqual([seeded.sessionId]);
  });

  it('aborts a pending session: 200, then the session reads aborted (1016)', async () => {
    const viva = client();
    const request = sale(1001); // manual: waits for the customer
    await viva.sale(request);
    await viva.abortSession(request.sessionId, 'REG-1');
    const { abortAckMs, early404Ms } = simulator.control.config();
    clock.advance(Math.max(abortAckMs, early404Ms) + 1);
    const lookup = await viva.getSession(request.sessionId);
    expect(lookup).toMatchObject({ status: 'final', outcome: { kind: 'aborted', eventId: 1016 }, session: { abortOperation: true, abortSuccess: true } });
  });

  it('success after abort reads approved', async () => {
    const viva = client();
    const request = sale(1013);
    await viva.sale(request);
    await viva.abortSession(request.sessionId, 'REG-1');
    clock.advance(CUSTOMER_MS + simulator.control.config().abortAckMs + 1);
    expect(await viva.getSession(request.sessionId)).toMatchObject({ status: 'final', outcome: { kind: 'approved' } });
  });

  it('an unknown session id is not-found', async () => {
    expect(await client().getSession(randomUUID())).toEqual({ status: 'not-found' });
  });
});

describe('error classes', () => {
  it('auth: wrong client secret at the token endpoint', async () => {
    const error = await caught(client({ clientSecret: 'wrong' }).searchDevices());
    expect(error).toMatchObject({ code: 'auth' });
    expect(error.message).not.toContain('wrong');
  });

  it('auth: an expired token is refreshed once and the call succeeds', async () => {
    const viva = client();
    await viva.searchDevices();
    simulator.control.expireTokens();
    await viva.searchDevices();
    expect(requests.filter((r) => r.url.endsWith('/connect/token'))).toHaveLength(2);
    expect(requests.filter((r) => r.url.endsWith('/devices:search'))).toHaveLength(3);
  });

  it('auth: a token past its lifetime is replaced before use', async () => {
    const viva = client();
    await viva.searchDevices();
    clock.advance(3600 * 1000);
    await viva.searchDevices();
    expect(requests.filter((r) => r.url.endsWith('/connect/token'))).toHaveLength(2);
    expect(requests.filter((r) => r.url.endsWith('/devices:search'))).toHaveLength(2);
  });

  it('validation: the pydantic 422 field list reaches the caller', async () => {
    tamper = (body) => delete body.terminalId;
    const request = sale(1250);
    const error = await caught(client().sale(request));
    expect(error).toMatchObject({ code: 'validation', status: 422 });
    expect(error.fields?.map((f) => f.path)).toContain('body.terminalId');
    expect(isDispatchUncertain(error)).toBe(false);
    expect(simulator.control.session(request.sessionId)).toBeUndefined();
  });

  it('forbidden: abort from another cash register', async () => {
    const viva = client();
    const request = sale(1001);
    await viva.sale(request);
    expect(await caught(viva.abortSession(request.sessionId, 'REG-2'))).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('not-found: abort of an unknown session', async () => {
    expect(await caught(client().abortSession(randomUUID(), 'REG-1'))).toMatchObject({ code: 'not-found', status: 404 });
  });

  it('conflict: a second abort, and a duplicate sessionId (which may have reached Viva)', async () => {
    const viva = client();
    const request = sale(1001);
    await viva.sale(request);
    await viva.abortSession(request.sessionId, 'REG-1');
    expect(await caught(viva.abortSession(request.sessionId, 'REG-1'))).toMatchObject({ code: 'conflict', status: 409 });
    const duplicate = await caught(viva.sale({ ...sale(500), sessionId: request.sessionId }));
    expect(duplicate).toMatchObject({ code: 'conflict', status: 409 });
    expect(isDispatchUncertain(duplicate)).toBe(true);
  });

  it('rate-limited: 429 with Retry-After', async () => {
    simulator.control.injectFaults({ status: 429, retryAfterSec: 7 });
    expect(await caught(client().getSession(randomUUID()))).toMatchObject({ code: 'rate-limited', status: 429, retryAfterMs: 7000 });
  });

  it.each([500, 502, 503, 504] as const)('server: %i, and the sale is not resent', async (status) => {
    simulator.control.injectFaults({ status, retryAfterSec: 3 });
    const request = sale(1250);
    const error = await caught(client().sale(request));
    expect(error).toMatchObject({ code: 'server', status });
    if (status === 503) expect(error.retryAfterMs).toBe(3000);
    expect(isDispatchUncertain(error)).toBe(true);
    expect(requests.filter((r) => r.url.endsWith('transactions:sale'))).toHaveLength(1);
  });

  it('network: the answer to a processed sale is lost, and the sale is not resent', async () => {
    simulator.control.injectFaults({ status: 'drop', afterProcessing: true });
    const request = sale(1250);
    const error = await caught(client().sale(request));
    expect(error.code).toBe('network');
    expect(isDispatchUncertain(error)).toBe(true);
    expect(requests.filter((r) => r.url.endsWith('transactions:sale'))).toHaveLength(1);
    // The dangerous case: Viva has the sale although the till heard nothing.
    expect(simulator.control.session(request.sessionId)).toMatchObject({ responseLost: true });
  });

  it('timeout: a slow answer past the client timeout', async () => {
    simulator.control.configure({ responseDelayMs: 400 });
    const error = await caught(client({ timeoutMs: 100 }).getSession(randomUUID()));
    expect(error.code).toBe('timeout');
  });

  it('malformed-response: a body cut off mid-JSON', async () => {
    simulator.control.injectFaults({ status: 'garbled' });
    expect(await caught(client().getSession(randomUUID()))).toMatchObject({ code: 'malformed-response' });
  });

  it('local validation refuses a bad amount before anything is sent', async () => {
    for (const amount of [0, -100, 12.5, Number.NaN, 100_000_000]) {
      expect((await caught(client().sale(sale(amount)))).code).toBe('validation');
    }
    expect(requests).toHaveLength(0);
    expect(simulator.control.sessions()).toHaveLength(0);
  });
});
