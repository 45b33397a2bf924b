import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VivaError } from '../../../electron/core/viva/index.ts';
import { clientFor, rejectionOf, startFakeViva, type FakeViva } from './fake-viva.ts';
import { DEVICES, FAILED_SESSION_2370, PENDING_202, SUCCESS_SESSION } from './payloads.ts';

const SALE = {
  sessionId: '3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11',
  terminalId: '16000010',
  cashRegisterId: 'TILL-1',
  amount: 1170,
  currencyCode: 'EUR',
  merchantReference: 'ORDER-1042',
};

let fake: FakeViva;
beforeAll(async () => {
  fake = await startFakeViva();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const only = () => {
  const requests = fake.apiRequests();
  expect(requests).toHaveLength(1);
  return requests[0]!;
};

describe('transactions', () => {
  it('sale: POSTs the JSON body and resolves on 200 with an empty body', async () => {
    await expect(clientFor(fake).sale(SALE)).resolves.toBeUndefined();
    const request = only();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/ecr/v1/transactions:sale');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request.body)).toEqual({
      sessionId: SALE.sessionId,
      terminalId: '16000010',
      cashRegisterId: 'TILL-1',
      amount: 1170,
      currencyCode: '978',
      merchantReference: 'ORDER-1042',
      tipAmount: 0,
    });
  });

  it('referenced refund carries parentSessionId', async () => {
    await clientFor(fake).refund({ ...SALE, sessionId: 'refund-1', parentSessionId: SALE.sessionId, amount: 500 });
    const request = only();
    expect(request.path).toBe('/ecr/v1/transactions:refund');
    expect(JSON.parse(request.body)).toMatchObject({ sessionId: 'refund-1', parentSessionId: SALE.sessionId, amount: 500 });
  });

  it('unreferenced refund and pre-auth completion use their own paths', async () => {
    const client = clientFor(fake);
    await client.unreferencedRefund({ ...SALE, sessionId: 'uref-1' });
    await client.preauthCompletion({ ...SALE, sessionId: 'cap-1', parentSessionId: 'pre-1' });
    expect(fake.apiRequests().map((r) => r.path)).toEqual(['/ecr/v1/transactions:unreferenced-refund', '/ecr/v1/transactions:preauth-completion']);
    expect(JSON.parse(fake.apiRequests()[1]!.body)).toMatchObject({ parentSessionId: 'pre-1' });
  });

  it.each([
    ['zero', { amount: 0 }],
    ['negative', { amount: -100 }],
    ['fractional', { amount: 12.5 }],
    ['NaN', { amount: Number.NaN }],
    ['too large', { amount: 100_000_000 }],
    ['negative tip', { tipAmount: -1 }],
    ['tip with preauth', { tipAmount: 100, preauth: true }],
    ['empty session id', { sessionId: '' }],
  ])('refuses a %s request before anything is sent', async (_name, change) => {
    const error = await rejectionOf(clientFor(fake).sale({ ...SALE, ...change }));
    expect(error).toBeInstanceOf(VivaError);
    expect(error).toMatchObject({ code: 'validation', phase: 'local' });
    expect(fake.requests).toHaveLength(0); // not even a token request
  });
});

describe('sessions', () => {
  it('202 is pending', async () => {
    fake.onApi(() => ({ status: 202, text: PENDING_202 }));
    expect(await clientFor(fake).getSession('s-1')).toEqual({ status: 'pending' });
    expect(only()).toMatchObject({ method: 'GET', path: '/ecr/v1/sessions/s-1' });
  });

  it('404 is not-found', async () => {
    fake.onApi(() => ({ status: 404, json: { detail: 'Session id was not found' } }));
    expect(await clientFor(fake).getSession('s-1')).toEqual({ status: 'not-found' });
  });

  it('200 with the #2370 body is a final decline with its message', async () => {
    fake.onApi(() => ({ status: 200, text: FAILED_SESSION_2370 }));
    const lookup = await clientFor(fake).getSession('PP3280784-31a023ea1a');
    expect(lookup.status).toBe('final');
    if (lookup.status !== 'final') return;
    expect(lookup.outcome).toEqual({ kind: 'declined', eventId: 1006, message: "The customer's bank declined the payment.", vivaMessage: 'Transaction declined by server' });
    expect(lookup.session.amount).toBe(1100);
  });

  it('200 with success true is approved, numeric ids normalised', async () => {
    fake.onApi(() => ({ status: 200, text: SUCCESS_SESSION }));
    const lookup = await clientFor(fake).getSession('3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11');
    expect(lookup).toMatchObject({ status: 'final', outcome: { kind: 'approved' }, session: { terminalId: '16253546', retrievalReferenceNumber: '412345678901' } });
  });

  it('200 without success is still pending', async () => {
    fake.onApi(() => ({ status: 200, json: { sessionId: 's-1', terminalId: '16000010' } }));
    expect(await clientFor(fake).getSession('s-1')).toEqual({ status: 'pending' });
  });

  it('encodes session ids with spaces (Odoo style)', async () => {
    fake.onApi(() => ({ status: 202, text: PENDING_202 }));
    await clientFor(fake).getSession('order-1 - 9b1d');
    expect(only().path).toBe('/ecr/v1/sessions/order-1 - 9b1d');
  });

  it('lists the sessions of a day', async () => {
    fake.onApi(() => ({ status: 200, text: `[${FAILED_SESSION_2370},${SUCCESS_SESSION}]` }));
    const { sessions, unreadable } = await clientFor(fake).listSessions('2026-01-15');
    expect(unreadable).toEqual([]);
    expect(sessions.map((s) => s.sessionId)).toEqual(['PP3280784-31a023ea1a', '3f2c7a9e-8d41-4b7a-9c55-2f1e0b6d4a11']);
    expect(only().path).toBe('/ecr/v1/sessions');
    expect(only().query.get('date')).toBe('2026-01-15');
  });

  it('refuses a bad date locally', async () => {
    expect(await rejectionOf(clientFor(fake).listSessions('15/01/2026'))).toMatchObject({ code: 'validation', phase: 'local' });
    expect(fake.requests).toHaveLength(0);
  });

  it('aborts with DELETE and the cash register id', async () => {
    await clientFor(fake).abortSession('s-1', 'TILL 1');
    expect(only()).toMatchObject({ method: 'DELETE', path: '/ecr/v1/sessions/s-1' });
    expect(only().query.get('cashRegisterId')).toBe('TILL 1');
  });

  it('explains a 403 and a 409 on abort', async () => {
    fake.onApi(() => ({ status: 403, json: { detail: 'Only cash register that created the transaction can abort it' } }));
    const forbidden = await rejectionOf(clientFor(fake).abortSession('s-1', 'TILL-2'));
    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403 });
    expect((forbidden as Error).message).toMatch(/only the cash register that started this payment/);
    fake.onApi(() => ({ status: 409, json: { detail: 'Abort process already started' } }));
    expect(await rejectionOf(clientFor(fake).abortSession('s-1', 'TILL-1'))).toMatchObject({ code: 'conflict', message: 'An abort of this payment is already in progress.' });
  });
});

describe('devices', () => {
  it('searches with an empty body by default and normalises terminal ids', async () => {
    fake.onApi(() => ({ status: 200, text: DEVICES }));
    const devices = await clientFor(fake).searchDevices();
    expect(devices.map((d) => d.terminalId)).toEqual(['16000010', '16002169']);
    expect(only()).toMatchObject({ method: 'POST', path: '/ecr/v1/devices:search' });
    expect(JSON.parse(only().body)).toEqual({});
  });

  it('passes the filter', async () => {
    fake.onApi(() => ({ status: 200, json: [] }));
    expect(await clientFor(fake).searchDevices({ statusId: 1, sourceCode: '543679' })).toEqual([]);
    expect(JSON.parse(only().body)).toEqual({ statusId: 1, sourceCode: '543679' });
  });
});

describe('dependency injection', () => {
  it('sends everything through the fetch it is given', async () => {
    const seen: string[] = [];
    const client = clientFor(fake, {
      fetch: async (input, init) => {
        const request = new Request(input, init);
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return globalThis.fetch(request);
      },
    });
    await client.sale(SALE);
    expect(seen).toEqual(['POST /connect/token', 'POST /ecr/v1/transactions:sale']);
  });
});
