import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { createVivaClient, customEndpoints, sessionMismatches, VivaError, type FetchFunction, type VivaClient } from '../../../electron/core/viva/index.ts';
import { CREDENTIALS_401, PENDING_202, PYDANTIC_V1_422, ROUTE_NOT_FOUND_404 } from '../../unit/viva/payloads.ts';

// The real client against the simulator's harsh defaults (spec §11), one behaviour each. The
// simulator starts with no options but the clock: what the app's Simulator environment and
// `ecr simulator` run. Where the spec quotes Viva's body, the test compares it verbatim.

const clock = manualClock(Date.UTC(2026, 11, 1, 10, 0, 0));
let simulator: RunningSimulator;
let tamper: ((body: Record<string, unknown>) => void) | undefined;
let tokenRequests = 0;

const fetchThrough: FetchFunction = async (input, init) => {
  const request = new Request(input, init);
  if (request.url.endsWith('/connect/token')) tokenRequests += 1;
  if (tamper && request.method === 'POST' && !request.url.endsWith('/connect/token')) {
    const body = (await request.json()) as Record<string, unknown>;
    tamper(body);
    return fetch(new Request(request, { body: JSON.stringify(body) }));
  }
  return fetch(request);
};

const client = (): VivaClient =>
  createVivaClient({
    endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }),
    credentials: simulator.credentials,
    fetch: fetchThrough,
    clock,
    timeoutMs: 5_000,
  });

const sale = (amount: number, terminalId = '16000001') => ({
  sessionId: randomUUID(),
  terminalId,
  cashRegisterId: 'REG-1',
  amount,
  currencyCode: '978',
  merchantReference: 'ref',
});

/** The raw answer, as Viva's bytes, with a token of its own. */
async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const basic = Buffer.from(`${simulator.credentials.clientId}:${simulator.credentials.clientSecret}`).toString('base64');
  const token = (await (await fetch(`${simulator.url}/connect/token`, { method: 'POST', body: form, headers: { authorization: `Basic ${basic}` } })).json()) as {
    access_token: string;
  };
  const response = await fetch(`${simulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

async function rejection(promise: Promise<unknown>): Promise<VivaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VivaError);
  return error as VivaError;
}

/** Past the early-404 window and the customer's time. */
const pastCustomer = () => clock.advance(Math.max(simulator.control.config().early404Ms, simulator.control.config().customerTimeMs) + 1);

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, clock });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.control.reset();
  tamper = undefined;
  tokenRequests = 0;
});

describe('harsh defaults, as Viva is', () => {
  it('a request for a terminal that never receives it: 202 "The session is being processed" for ever, also after an abort (#2434, #2422)', async () => {
    const viva = client();
    const request = sale(1250, '16999990');
    await viva.sale(request);
    pastCustomer();
    expect(await viva.getSession(request.sessionId)).toEqual({ status: 'pending' });
    await viva.abortSession(request.sessionId, 'REG-1');
    clock.advance(60 * 60 * 1000);
    expect(await viva.getSession(request.sessionId)).toEqual({ status: 'pending' });
    expect(await raw('GET', `/ecr/v1/sessions/${request.sessionId}`)).toEqual({ status: 202, text: PENDING_202 });
    expect(simulator.control.session(request.sessionId)).toMatchObject({ charged: false });
  });

  it('an early 404 right after the dispatch, then the session is known (spec §10.8)', async () => {
    const viva = client();
    const request = sale(1250);
    await viva.sale(request);
    expect(await viva.getSession(request.sessionId)).toEqual({ status: 'not-found' });
    pastCustomer();
    expect(await viva.getSession(request.sessionId)).toMatchObject({ status: 'final', outcome: { kind: 'approved' } });
  });

  it('final bodies are shaped like the 2023 payloads: no transactionEventId, aid, bankId, cardType, show*, interappCallback, aade*, dcc*; panEntryMode "00" without a card', async () => {
    const viva = client();
    const approved = sale(1250);
    const cancelled = sale(1010); // the cardholder cancels: no card read
    await viva.sale(approved);
    await viva.sale({ ...cancelled, terminalId: '16000002' });
    pastCustomer();
    for (const id of [approved.sessionId, cancelled.sessionId]) {
      const body = JSON.parse((await raw('GET', `/ecr/v1/sessions/${id}`)).text) as Record<string, unknown>;
      const forbidden = Object.keys(body).filter((key) => /^(transactionEventId|aid|bankId|cardType|show.*|interappCallback|aade.*|dcc.*)$/.test(key));
      expect(forbidden).toEqual([]);
    }
    const noCard = JSON.parse((await raw('GET', `/ecr/v1/sessions/${cancelled.sessionId}`)).text) as Record<string, unknown>;
    expect(noCard.panEntryMode).toBe('00');
    const lookup = await viva.getSession(cancelled.sessionId);
    expect(lookup).toMatchObject({ status: 'final', outcome: { kind: 'cancelled' }, session: { panEntryMode: '00', aid: null, transactionEventId: null } });
    expect(await viva.getSession(approved.sessionId)).toMatchObject({ status: 'final', outcome: { kind: 'approved' } });
  });

  it('some bodies carry isvDetails, and the client reads them', async () => {
    const viva = client();
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const request = sale(1250, ['16000001', '16000002', '16000003'][i % 3]);
      await viva.sale(request);
      ids.push(request.sessionId);
      clock.advance(5_000);
    }
    const bodies = await Promise.all(ids.map(async (id) => JSON.parse((await raw('GET', `/ecr/v1/sessions/${id}`)).text) as Record<string, unknown>));
    const isv = bodies.filter((b) => b.isvDetails !== undefined);
    expect(isv.length).toBeGreaterThan(0);
    expect(isv.length).toBeLessThan(bodies.length);
    expect(isv[0]?.isvDetails).toMatchObject({ merchantId: null, sourceCode: '7951', merchantSourceCode: '7889' });
    const lookup = await viva.getSession(String(isv[0]?.sessionId));
    expect(lookup).toMatchObject({ status: 'final', session: { isvDetails: { sourceCode: '7951' } } });
  });

  it('422 in pydantic v2 and v1 (alternating): both read into the same field errors', async () => {
    const viva = client();
    tamper = (body) => {
      delete body.terminalId;
    };
    const first = await rejection(viva.sale(sale(1250)));
    const second = await rejection(viva.sale(sale(1250)));
    for (const error of [first, second]) {
      expect(error).toMatchObject({ code: 'validation', status: 422 });
      expect(error.fields?.map((f) => f.path)).toEqual(['body.terminalId']);
    }
    expect(new Set([first.fields?.[0]?.type, second.fields?.[0]?.type])).toEqual(new Set(['missing', 'value_error.missing']));
  });

  it('pydantic v1 verbatim (#2471): a body that is not an object', async () => {
    simulator.control.configure({ pydanticDialect: 'v1' });
    expect(await raw('POST', '/ecr/v1/transactions:sale', '[]')).toEqual({ status: 422, text: PYDANTIC_V1_422 });
  });

  it('an operation the account does not have answers {"detail":"Not Found"} (#2511): the client says so, nothing is started', async () => {
    simulator.control.configure({ disabledOperations: ['preauth-completion', 'unreferenced-refund'] });
    const viva = client();
    const completion = await rejection(viva.preauthCompletion({ ...sale(500), parentSessionId: randomUUID() }));
    expect(completion).toMatchObject({ code: 'not-found', status: 404, notFound: 'operation-not-enabled' });
    const refund = await rejection(viva.unreferencedRefund(sale(500)));
    expect(refund).toMatchObject({ code: 'not-found', notFound: 'operation-not-enabled' });
    expect(await raw('POST', '/ecr/v1/transactions:preauth-completion', {})).toEqual({ status: 404, text: ROUTE_NOT_FOUND_404 });
    expect(simulator.control.sessions()).toEqual([]);
  });

  it('numeric terminalId and currencyCode are accepted (#2373, Odoo #170531)', async () => {
    const viva = client();
    const request = sale(1250);
    tamper = (body) => {
      body.terminalId = Number(body.terminalId);
      body.currencyCode = Number(body.currencyCode);
    };
    await viva.sale(request);
    tamper = undefined;
    pastCustomer();
    expect(await viva.getSession(request.sessionId)).toMatchObject({ status: 'final', session: { terminalId: '16000001', currencyCode: '978' } });
  });

  it('"Could not validate credentials" under 403 as under 401: the token is refreshed once, the call succeeds', async () => {
    const viva = client();
    const request = sale(1250);
    await viva.sale(request);
    pastCustomer();
    const statuses: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const answer = await fetch(`${simulator.url}/ecr/v1/sessions/${request.sessionId}`, { headers: { authorization: 'Bearer not-issued' } });
      statuses.push(answer.status);
      expect(await answer.text()).toBe(CREDENTIALS_401);
    }
    expect(statuses.sort()).toEqual([401, 403]);
    for (const status of [401, 403] as const) {
      simulator.control.configure({ credentialsStatus: status });
      simulator.control.expireTokens();
      const before = tokenRequests;
      expect(await viva.getSession(request.sessionId)).toMatchObject({ status: 'final' });
      expect(tokenRequests - before).toBe(1);
    }
  });
});

describe('harsh scenarios', () => {
  it('late success (.14, #2461): "Invalid card" 1010, then minutes later success:true with a transactionId', async () => {
    const viva = client();
    const request = sale(1014);
    await viva.sale(request);
    pastCustomer();
    const first = await viva.getSession(request.sessionId);
    expect(first).toMatchObject({ status: 'final', outcome: { kind: 'declined', eventId: 1010, vivaMessage: 'Invalid card' }, session: { transactionId: null } });
    clock.advance(simulator.control.config().lateSuccessMs);
    const later = await viva.getSession(request.sessionId);
    expect(later).toMatchObject({ status: 'final', outcome: { kind: 'approved' } });
    if (later.status === 'final') expect(later.session.transactionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a day list with an entry that does not parse (.15): the others are read, that one is kept with its sessionId', async () => {
    const viva = client();
    const good = sale(1250);
    const bad = sale(1015, '16000002');
    await viva.sale(good);
    await viva.sale(bad);
    pastCustomer();
    const list = await viva.listSessions('2026-12-01');
    expect(list.sessions.map((s) => s.sessionId)).toEqual([good.sessionId]);
    expect(list.unreadable.map((u) => u.sessionId)).toEqual([bad.sessionId]);
    expect(list.unreadable[0]?.problems.join(' ')).toContain('amount');
    // GET of the same session reads fine: only the list's entry is broken.
    expect(await viva.getSession(bad.sessionId)).toMatchObject({ status: 'final', outcome: { kind: 'approved' } });
  });

  it('a final body for another session (.16) is told apart by sessionMismatches, then the real outcome comes', async () => {
    const viva = client();
    const request = sale(1016);
    await viva.sale(request);
    clock.advance(simulator.control.config().early404Ms);
    const expected = { ...request, tipAmount: 0 };
    const foreign = await viva.getSession(request.sessionId);
    if (foreign.status !== 'final') throw new Error(`expected a body, got ${foreign.status}`);
    expect(sessionMismatches(foreign.session, expected).map((m) => m.field)).toEqual(['sessionId', 'terminalId', 'cashRegisterId']);
    pastCustomer();
    const real = await viva.getSession(request.sessionId);
    if (real.status !== 'final') throw new Error(`expected a body, got ${real.status}`);
    expect(sessionMismatches(real.session, expected)).toEqual([]);
    expect(real.outcome.kind).toBe('approved');
  });
});
