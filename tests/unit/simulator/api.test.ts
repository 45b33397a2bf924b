import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_MERCHANT_ID } from '../../../electron/core/simulator/index.ts';
import { answer, saleBody, SESSION_FIELDS, startHarness, UUID, type Answer, type Harness } from './helpers.ts';

let h: Harness;
afterEach(() => h?.close());

function expectVivaHeaders(res: Answer) {
  expect(res.headers.get('x-viva-correlationid')).toMatch(UUID);
  expect(res.headers.get('server')).toBe('uvicorn');
  expect(Number(res.headers.get('x-process-time'))).toBeGreaterThanOrEqual(0);
  expect(res.headers.get('x-process-time')).toMatch(/^\d+\.\d+$/);
}

describe('routing and common headers', () => {
  it('puts x-viva-correlationid, server: uvicorn and x-process-time on every answer', async () => {
    h = await startHarness();
    const sale = await h.api.sale();
    const answers = [
      sale,
      await h.api.session(sale.sessionId),
      await h.api.session('nope'),
      await h.api.post('/ecr/v1/devices:search', {}),
      await h.api.post('/ecr/v1/transactions:sale', {}),
      await h.api.get('/ecr/v1/unknown'),
      await h.api.get('/ecr/v1/sessions?date=2026-03-10', {}),
      await answer(await fetch(`${h.url}/connect/token`, { method: 'POST' })),
    ];
    for (const res of answers) expectVivaHeaders(res);
    const ids = new Set(answers.map((a) => a.headers.get('x-viva-correlationid')));
    expect(ids.size).toBe(answers.length);
  });

  it('answers 404 Not Found for unknown routes and 405 Method Not Allowed for a wrong method', async () => {
    h = await startHarness();
    const unknown = await h.api.get('/ecr/v1/terminals');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Not Found' });
    const wrong = await h.api.get('/ecr/v1/transactions:sale');
    expect(wrong.status).toBe(405);
    expect(wrong.body).toEqual({ detail: 'Method Not Allowed' });
    const put = await answer(await fetch(`${h.url}/ecr/v1/sessions/abc`, { method: 'PUT', headers: h.api.headers() }));
    expect(put.status).toBe(405);
  });
});

describe('devices:search', () => {
  it('lists the simulated terminals with merchantId, terminalId (string), statusId, sourceCode, virtualTerminalId', async () => {
    h = await startHarness();
    const res = await h.api.post('/ecr/v1/devices:search', { statusId: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(3);
    expect(res.body[0]).toEqual({
      merchantId: SIMULATOR_MERCHANT_ID,
      terminalId: '16000001',
      statusId: 1,
      sourceCode: 'Default',
      virtualTerminalId: 'V16000001',
    });
    expect(res.body.map((d: { terminalId: string }) => d.terminalId)).toEqual(['16000001', '16000002', '16000003']);
  });

  it('honours statusId and sourceCode filters, and an empty body', async () => {
    h = await startHarness({
      terminals: [
        { terminalId: '16000010', sourceCode: '5436' },
        { terminalId: '16000011', statusId: 7 },
        { terminalId: '16000012', statusId: 1 },
      ],
    });
    const live = await h.api.post('/ecr/v1/devices:search', { statusId: 1 });
    expect(live.body.map((d: { terminalId: string }) => d.terminalId)).toEqual(['16000010', '16000012']);
    const locked = await h.api.post('/ecr/v1/devices:search', { statusId: 7 });
    expect(locked.body.map((d: { terminalId: string }) => d.terminalId)).toEqual(['16000011']);
    const store = await h.api.post('/ecr/v1/devices:search', { sourceCode: '5436' });
    expect(store.body.map((d: { terminalId: string }) => d.terminalId)).toEqual(['16000010']);
    const all = await h.api.post('/ecr/v1/devices:search', '');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(3);
    const bad = await h.api.post('/ecr/v1/devices:search', { statusId: 'live' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'int_parsing', loc: ['body', 'statusId'] });
  });

  it('can serialise terminalId as a number (spec §10.9)', async () => {
    h = await startHarness({ terminalIdAsNumber: true });
    const res = await h.api.post('/ecr/v1/devices:search', {});
    expect(res.body[0].terminalId).toBe(16000001);
  });
});

describe('transactions:sale', () => {
  it('answers 200 with an empty body (content-length: 0), then GET is 202 until the customer pays', async () => {
    h = await startHarness();
    const sale = await h.api.sale();
    expect(sale.status).toBe(200);
    expect(sale.headers.get('content-length')).toBe('0');
    expect(sale.text).toBe('');
    const pending = await h.api.session(sale.sessionId);
    expect(pending.status).toBe(202);
    expect(pending.body).toEqual({ detail: 'The session is being processed' });
    h.clock.advance(999);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
    h.clock.advance(1);
    const done = await h.api.session(sale.sessionId);
    expect(done.status).toBe(200);
    expect(done.body.success).toBe(true);
  });

  it('returns the full session field set on an approved sale, with Viva-shaped values', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ amount: 1200, tipAmount: 50, merchantReference: 'order-7', customerTrns: 'Table 4' });
    h.clock.advance(1000);
    const { body } = await h.api.session(sale.sessionId);
    expect(Object.keys(body).sort()).toEqual([...SESSION_FIELDS].sort());
    expect(body).toMatchObject({
      sessionId: sale.sessionId,
      terminalId: '16000001',
      cashRegisterId: 'REG-1',
      amount: 1250, // includes the tip
      tipAmount: 50,
      currencyCode: '978',
      merchantReference: 'order-7',
      customerTrns: 'Table 4',
      success: true,
      eventId: 0,
      message: 'Transaction successful',
      transactionTypeId: 5,
      preauth: false,
      abortOperation: false,
      abortAckTime: null,
      abortSuccess: false,
      tid: '16000001',
      installments: 0,
      loyaltyInfo: null,
    });
    expect(body.transactionId).toMatch(UUID);
    expect(body.authorizationId).toMatch(/^\d{6}$/);
    expect(body.retrievalReferenceNumber).toMatch(/^\d{12}$/);
    expect(body.primaryAccountNumberMasked).toMatch(/^\d{6}XXXXXX\d{4}$/);
    expect(['VISA', 'MASTERCARD']).toContain(body.applicationLabel);
    expect(body.orderCode).toMatch(/^[1-9]\d{15}$/);
    expect(body.shortOrderCode).toMatch(/^[1-9]\d{9}$/);
    expect(Number.isInteger(body.referenceNumber) && body.referenceNumber > 0).toBe(true);
    expect(body.transactionDateTime).toBe(new Date(h.clock.now()).toISOString());
  });

  it('returns the full field set with nulls and "0" strings on a failed session', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ amount: 9906 });
    h.clock.advance(1000);
    const { status, body } = await h.api.session(sale.sessionId);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([...SESSION_FIELDS].sort());
    expect(body).toMatchObject({
      success: false,
      eventId: 1006,
      message: 'Transaction declined by server',
      authorizationId: null,
      transactionId: null,
      transactionTypeId: null,
      retrievalReferenceNumber: null,
      panEntryMode: '07',
      applicationLabel: null,
      primaryAccountNumberMasked: null,
      transactionDateTime: null,
      shortOrderCode: '0',
      orderCode: '0',
      referenceNumber: 0,
      tid: '16000001',
    });
  });

  it('accepts "978" or 978 as currencyCode and a numeric string amount (pydantic lax mode)', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ currencyCode: 978, amount: '1500' });
    expect(sale.status).toBe(200);
    h.clock.advance(1000);
    const { body } = await h.api.session(sale.sessionId);
    expect(body).toMatchObject({ currencyCode: '978', amount: 1500 });
  });

  it('refuses a duplicate sessionId with 409', async () => {
    h = await startHarness();
    const first = await h.api.sale({ sessionId: 'dup-1' });
    expect(first.status).toBe(200);
    const again = await h.api.sale({ sessionId: 'dup-1', terminalId: '16000002' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ detail: 'Session with id dup-1 already exists' });
    expect(h.sim.control.sessions()).toHaveLength(1);
  });

  it('keeps arbitrary sessionId strings (spaces, slashes) reachable through GET', async () => {
    h = await startHarness();
    const id = 'order 42 / 7a1f';
    expect((await h.api.sale({ sessionId: id })).status).toBe(200);
    h.clock.advance(1000);
    const res = await h.api.session(id);
    expect(res.status).toBe(200);
    expect(res.body.sessionId).toBe(id);
  });
});

describe('validation (422, pydantic 2 shape)', () => {
  it('reports a missing field exactly like Viva', async () => {
    h = await startHarness();
    const body = saleBody();
    delete body.terminalId;
    const res = await h.api.post('/ecr/v1/transactions:sale', body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [
        {
          type: 'missing',
          loc: ['body', 'terminalId'],
          msg: 'Field required',
          input: body,
          url: 'https://errors.pydantic.dev/2.6/v/missing',
        },
      ],
    });
    expect(h.sim.control.sessions()).toEqual([]);
  });

  it.each([
    ['abc', 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
    [null, 'int_type', 'Input should be a valid integer'],
    [true, 'int_type', 'Input should be a valid integer'],
    [{ value: 1 }, 'int_type', 'Input should be a valid integer'],
    [12.5, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part'],
    [0, 'greater_than', 'Input should be greater than 0'],
  ])('refuses amount %j with %s', async (amount, type, msg) => {
    h = await startHarness();
    const res = await h.api.sale({ amount });
    expect(res.status).toBe(422);
    expect(res.body.detail).toHaveLength(1);
    expect(res.body.detail[0]).toMatchObject({ type, loc: ['body', 'amount'], msg, input: amount, url: `https://errors.pydantic.dev/2.6/v/${type}` });
  });

  it('lists every problem at once, in the model order', async () => {
    h = await startHarness();
    const res = await h.api.post('/ecr/v1/transactions:sale', { amount: 'x', terminalId: true });
    expect(res.body.detail.map((e: { loc: string[]; type: string }) => `${e.loc[1]}:${e.type}`)).toEqual([
      'sessionId:missing',
      'terminalId:string_type',
      'cashRegisterId:missing',
      'amount:int_parsing',
      'currencyCode:missing',
    ]);
  });

  it('answers malformed JSON with json_invalid, a non-object with model_attributes_type, no body with missing', async () => {
    h = await startHarness();
    const broken = await h.api.post('/ecr/v1/transactions:sale', '{"sessionId": ');
    expect(broken.status).toBe(422);
    expect(broken.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', expect.any(Number)], msg: 'JSON decode error', input: {} });
    expect(broken.body.detail[0].ctx.error).toEqual(expect.any(String));

    const list = await h.api.post('/ecr/v1/transactions:sale', []);
    expect(list.body.detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'], input: [] });

    const text = await h.api.post('/ecr/v1/transactions:sale', 'amount=1', { ...h.api.headers(), 'content-type': 'text/plain' });
    expect(text.body.detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'], input: 'amount=1' });

    const none = await h.api.post('/ecr/v1/transactions:sale', '');
    expect(none.status).toBe(422);
    expect(none.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'], input: null });
  });

  it('requires parentSessionId on a refund', async () => {
    h = await startHarness();
    const res = await h.api.transaction('refund', {});
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'parentSessionId'] });
  });
});

describe('GET /ecr/v1/sessions/{id}', () => {
  it('answers 404 "Session id was not found" for an unknown session', async () => {
    h = await startHarness();
    const res = await h.api.session('never-sent');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Session id was not found' });
  });

  it('can answer 404 for a while after every dispatch (global early404Ms, spec §10.8)', async () => {
    h = await startHarness({ early404Ms: 300 });
    const sale = await h.api.sale();
    expect((await h.api.session(sale.sessionId)).status).toBe(404);
    h.clock.advance(300);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
  });
});

describe('GET /ecr/v1/sessions?date= (UTC day of creation)', () => {
  it('buckets sessions by the UTC date they were created, across midnight', async () => {
    h = await startHarness({}, Date.UTC(2026, 2, 10, 23, 59, 59, 500));
    const late = await h.api.sale({ sessionId: 'late-on-the-10th' }); // finishes after midnight
    h.clock.advance(600); // 00:00:00.100 on the 11th
    const early = await h.api.sale({ sessionId: 'early-on-the-11th', terminalId: '16000002' });
    const pending = await h.api.get('/ecr/v1/sessions?date=2026-03-10');
    expect(pending.body).toEqual([]); // a session appears once it has finished

    h.clock.advance(1000);
    const tenth = await h.api.get('/ecr/v1/sessions?date=2026-03-10');
    expect(tenth.status).toBe(200);
    expect(tenth.body.map((s: { sessionId: string }) => s.sessionId)).toEqual([late.sessionId]);
    expect(Object.keys(tenth.body[0]).sort()).toEqual([...SESSION_FIELDS].sort());
    expect(tenth.body[0].transactionDateTime.startsWith('2026-03-11')).toBe(true);

    const eleventh = await h.api.get('/ecr/v1/sessions?date=2026-03-11');
    expect(eleventh.body.map((s: { sessionId: string }) => s.sessionId)).toEqual([early.sessionId]);
    const today = await h.api.get('/ecr/v1/sessions');
    expect(today.body.map((s: { sessionId: string }) => s.sessionId)).toEqual([early.sessionId]);
    expect((await h.api.get('/ecr/v1/sessions?date=2026-03-12')).body).toEqual([]);
  });

  it('includes sessions of other cash registers seeded into Viva, and refuses a bad date', async () => {
    h = await startHarness();
    h.sim.control.seedSession({ sessionId: 'portal-1', amount: 990, cashRegisterId: 'OTHER', createdAt: '2026-03-09T23:30:00.000Z' });
    h.sim.control.seedSession({ sessionId: 'portal-2', amount: 450, createdAt: '2026-03-10T00:30:00+01:00', outcome: 'declined' });
    const ninth = await h.api.get('/ecr/v1/sessions?date=2026-03-09');
    expect(ninth.body.map((s: { sessionId: string; cashRegisterId: string; success: boolean }) => [s.sessionId, s.cashRegisterId, s.success])).toEqual([
      ['portal-1', 'OTHER', true],
      ['portal-2', 'OTHER-REGISTER', false],
    ]);
    for (const date of ['2026-3-9', '2026-02-30', 'yesterday']) {
      const bad = await h.api.get(`/ecr/v1/sessions?date=${date}`);
      expect(bad.status).toBe(422);
      expect(bad.body.detail[0]).toMatchObject({ loc: ['query', 'date'], input: date });
    }
  });
});

describe('refunds, pre-auths and completions', () => {
  it('refunds part of a sale, then declines a refund above what is left (eventId 1009)', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ amount: 1250 });
    h.clock.advance(1000);
    const refund = await h.api.transaction('refund', { parentSessionId: sale.sessionId, amount: 500 });
    expect(refund.status).toBe(200);
    expect(refund.headers.get('content-length')).toBe('0');
    h.clock.advance(1000);
    const refunded = await h.api.session(refund.sessionId);
    expect(refunded.body).toMatchObject({ success: true, transactionTypeId: 4, amount: 500 });

    const tooMuch = await h.api.transaction('refund', { parentSessionId: sale.sessionId, amount: 751 });
    expect(tooMuch.status).toBe(200);
    const declined = await h.api.session(tooMuch.sessionId);
    expect(declined.body).toMatchObject({ success: false, eventId: 1009 });
    const rest = await h.api.transaction('refund', { parentSessionId: sale.sessionId, amount: 750 });
    h.clock.advance(1000);
    expect((await h.api.session(rest.sessionId)).body.success).toBe(true);
    expect(h.sim.control.ledger()).toMatchObject({ charges: 1, chargedAmount: 1250, refunds: 2, refundedAmount: 1250 });
  });

  it('ends a refund of an unknown or unpaid parent with eventId 1101 (dispatch still 200)', async () => {
    h = await startHarness();
    const unknown = await h.api.transaction('refund', { parentSessionId: 'no-such-sale' });
    expect(unknown.status).toBe(200);
    const res = await h.api.session(unknown.sessionId);
    expect(res.body).toMatchObject({ success: false, eventId: 1101, message: 'Could not fetch parameters for parentSessionId' });

    const declinedSale = await h.api.sale({ amount: 1007 });
    h.clock.advance(1000);
    const refund = await h.api.transaction('refund', { parentSessionId: declinedSale.sessionId, amount: 100 });
    expect((await h.api.session(refund.sessionId)).body.eventId).toBe(1101);
  });

  it('runs an unreferenced refund like a sale, with transactionTypeId 4', async () => {
    h = await startHarness();
    const refund = await h.api.transaction('unreferenced-refund', { amount: 300 });
    expect(refund.status).toBe(200);
    h.clock.advance(1000);
    expect((await h.api.session(refund.sessionId)).body).toMatchObject({ success: true, transactionTypeId: 4 });
    expect(h.sim.control.ledger()).toMatchObject({ charges: 0, refunds: 1, refundedAmount: 300 });
  });

  it('pre-authorises with preauth:true (type 1) and captures with preauth-completion (type 0) up to the held amount', async () => {
    h = await startHarness();
    const preauth = await h.api.sale({ preauth: true, amount: 5000 });
    h.clock.advance(1000);
    expect((await h.api.session(preauth.sessionId)).body).toMatchObject({ success: true, preauth: true, transactionTypeId: 1 });
    expect(h.sim.control.ledger()).toMatchObject({ charges: 0, holds: 1, heldAmount: 5000 });

    const over = await h.api.transaction('preauth-completion', { parentSessionId: preauth.sessionId, amount: 5001 });
    expect((await h.api.session(over.sessionId)).body).toMatchObject({ success: false, eventId: 1017 });
    const capture = await h.api.transaction('preauth-completion', { parentSessionId: preauth.sessionId, amount: 4200 });
    h.clock.advance(1000);
    expect((await h.api.session(capture.sessionId)).body).toMatchObject({ success: true, transactionTypeId: 0, preauth: false });
    expect(h.sim.control.ledger()).toMatchObject({ charges: 1, chargedAmount: 4200 });

    const wrongParent = await h.api.transaction('preauth-completion', { parentSessionId: capture.sessionId, amount: 100 });
    expect((await h.api.session(wrongParent.sessionId)).body.eventId).toBe(1101);
  });
});

describe('unknown terminal', () => {
  it('accepts the sale (200) and ends it with eventId 3000 "Terminal not connected"', async () => {
    h = await startHarness();
    const sale = await h.api.sale({ terminalId: '99999999' });
    expect(sale.status).toBe(200);
    const res = await h.api.session(sale.sessionId);
    expect(res.body).toMatchObject({ success: false, eventId: 3000, message: 'Terminal not connected' });
  });

  it('can instead leave it pending forever (unknownTerminal: never-delivered)', async () => {
    h = await startHarness({ unknownTerminal: 'never-delivered' });
    const sale = await h.api.sale({ terminalId: '99999999' });
    h.clock.advance(30 * 60_000);
    expect((await h.api.session(sale.sessionId)).status).toBe(202);
  });
});

describe('busy terminal', () => {
  it('ends a second request to a terminal with a pending session with 1100, for good by default', async () => {
    h = await startHarness();
    const first = await h.api.sale();
    const second = await h.api.sale();
    expect(second.status).toBe(200);
    const busy = await h.api.session(second.sessionId);
    expect(busy.status).toBe(200);
    expect(busy.body).toMatchObject({ success: false, eventId: 1100, message: 'There is already a request in progress' });
    h.clock.advance(1000);
    expect((await h.api.session(first.sessionId)).body.success).toBe(true);
    expect((await h.api.session(second.sessionId)).body.eventId).toBe(1100);
    // Another terminal is not affected, and once free the first terminal takes requests again.
    const other = await h.api.sale({ terminalId: '16000002' });
    const again = await h.api.sale();
    h.clock.advance(1000);
    expect((await h.api.session(other.sessionId)).body.success).toBe(true);
    expect((await h.api.session(again.sessionId)).body.success).toBe(true);
    expect(h.sim.control.ledger().charges).toBe(3);
  });

  it('with busyBecomesOutcome, reads 1100 while the other runs, then proceeds to a real outcome (spec §5.1)', async () => {
    h = await startHarness({ busyBecomesOutcome: true });
    const first = await h.api.sale();
    h.clock.advance(400);
    const second = await h.api.sale();
    expect((await h.api.session(second.sessionId)).body.eventId).toBe(1100);
    h.clock.advance(600); // first done at 1000
    expect((await h.api.session(first.sessionId)).body.success).toBe(true);
    expect((await h.api.session(second.sessionId)).status).toBe(202);
    h.clock.advance(1000);
    expect((await h.api.session(second.sessionId)).body).toMatchObject({ success: true, eventId: 0 });
  });

  it('does not count a session that never reached the device as occupying the terminal', async () => {
    h = await startHarness();
    const lost = await h.api.sale({ amount: 1004 }); // never delivered
    const next = await h.api.sale();
    h.clock.advance(1000);
    expect((await h.api.session(lost.sessionId)).status).toBe(202);
    expect((await h.api.session(next.sessionId)).body.success).toBe(true);
  });
});
