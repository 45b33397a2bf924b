import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { isDispatchUncertain, VivaError } from '../../../electron/core/viva/index.ts';
import { clientFor, rejectionOf, startFakeViva, type FakeViva } from './fake-viva.ts';
import { PYDANTIC_422, PYDANTIC_V1_422 } from './payloads.ts';

const SALE = { sessionId: 'sale-1', terminalId: '16000010', cashRegisterId: 'TILL-1', amount: 1000, currencyCode: '978' };

let fake: FakeViva;
beforeAll(async () => {
  fake = await startFakeViva();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function saleError(options: Parameters<typeof clientFor>[1] = {}): Promise<VivaError> {
  const error = await rejectionOf(clientFor(fake, options).sale(SALE));
  expect(error).toBeInstanceOf(VivaError);
  return error as VivaError;
}

describe('a failed sale POST is never resent', () => {
  it.each([500, 502, 503, 504])('HTTP %i: server error, one request, dispatch uncertain', async (status) => {
    fake.onApi(() => ({ status, json: { detail: 'Internal error' }, headers: { 'x-viva-correlationid': 'corr-5xx' } }));
    const error = await saleError();
    expect(error).toMatchObject({ code: 'server', status, correlationId: 'corr-5xx', phase: 'request' });
    expect(isDispatchUncertain(error)).toBe(true);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('timeout: a server that never answers, one request, dispatch uncertain', async () => {
    fake.onApi(() => 'hang');
    const started = performance.now();
    const error = await saleError({ timeoutMs: 150 });
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('Viva did not answer within 0.15 s.');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(isDispatchUncertain(error)).toBe(true);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('timeout while the body is still arriving', async () => {
    fake.onApi(() => 'stall-body');
    const error = await rejectionOf(clientFor(fake, { timeoutMs: 150 }).getSession('s-1'));
    expect(error).toMatchObject({ code: 'timeout' });
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('connection dropped: network error, one request, dispatch uncertain', async () => {
    fake.onApi(() => 'destroy');
    const error = await saleError();
    expect(error.code).toBe('network');
    expect(isDispatchUncertain(error)).toBe(true);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('nobody listening: network error', async () => {
    const gone = await import('./fake-viva.ts').then((m) => m.startFakeViva());
    await gone.close();
    const error = await rejectionOf(clientFor(gone).sale(SALE));
    // The token request is the first to fail, so the sale never left.
    expect(error).toMatchObject({ code: 'network', phase: 'token' });
    expect(isDispatchUncertain(error)).toBe(false);
  });

  it('a dropped GET is not retried either (ky would retry GETs on network errors)', async () => {
    fake.onApi(() => 'destroy');
    expect(await rejectionOf(clientFor(fake).getSession('s-1'))).toMatchObject({ code: 'network', phase: 'request' });
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('GETs are not retried automatically either', async () => {
    fake.onApi(() => ({ status: 503 }));
    expect(await rejectionOf(clientFor(fake).getSession('s-1'))).toMatchObject({ code: 'server', status: 503 });
    expect(fake.apiRequests()).toHaveLength(1);
  });
});

describe('status mapping on the wire', () => {
  it('422 pydantic list -> validation with fields', async () => {
    fake.onApi(() => ({ status: 422, text: PYDANTIC_422, headers: { 'content-type': 'application/json' } }));
    const error = await saleError();
    expect(error).toMatchObject({ code: 'validation', status: 422 });
    expect(error.fields).toEqual([{ path: 'body.terminalId', message: 'Field required', type: 'missing' }]);
    expect(isDispatchUncertain(error)).toBe(false);
  });

  it('422 pydantic v1 list (Viva 2023) -> validation with the same field errors', async () => {
    fake.onApi(() => ({ status: 422, text: PYDANTIC_V1_422, headers: { 'content-type': 'application/json' } }));
    const error = await saleError();
    expect(error).toMatchObject({ code: 'validation', status: 422 });
    expect(error.fields).toEqual([{ path: 'body', message: 'value is not a valid dict', type: 'type_error.dict' }]);
    expect(error.message).toContain('(body: value is not a valid dict)');
  });

  it('400 with a string detail -> validation quoting it', async () => {
    fake.onApi(() => ({ status: 400, json: { detail: 'Invalid currency' } }));
    const error = await saleError();
    expect(error).toMatchObject({ code: 'validation', status: 400 });
    expect(error.message).toContain('Invalid currency');
  });

  it('403 -> forbidden, 404 on refund -> not-found with a refund message', async () => {
    fake.onApi(() => ({ status: 403, json: { detail: 'Forbidden' } }));
    expect(await saleError()).toMatchObject({ code: 'forbidden', status: 403 });
    fake.onApi(() => ({ status: 404, json: { detail: 'Parent session not found' } }));
    const error = await rejectionOf(clientFor(fake).refund({ ...SALE, sessionId: 'r-1', parentSessionId: 'missing' }));
    expect(error).toMatchObject({ code: 'not-found', notFound: 'parent-unknown', message: expect.stringContaining('could not find the original payment') });
    expect(isDispatchUncertain(error)).toBe(false);
  });

  it('404 "Not Found" on a money-moving POST -> the operation is not enabled for the account (Viva #2511)', async () => {
    fake.onApi(() => ({ status: 404, json: { detail: 'Not Found' } }));
    const completion = await rejectionOf(clientFor(fake).preauthCompletion({ ...SALE, sessionId: 'c-1', parentSessionId: 'p-1' }));
    expect(completion).toMatchObject({ code: 'not-found', notFound: 'operation-not-enabled', message: expect.stringContaining('not be enabled') });
    expect(isDispatchUncertain(completion)).toBe(false);
    const unreferenced = await rejectionOf(clientFor(fake).unreferencedRefund({ ...SALE, sessionId: 'u-1' }));
    expect(unreferenced).toMatchObject({ code: 'not-found', notFound: 'operation-not-enabled' });
    // Sent once each: a 404 is never resent.
    expect(fake.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('409 duplicate session id -> conflict, dispatch uncertain (the session exists)', async () => {
    fake.onApi(() => ({ status: 409, json: { detail: 'Session already exists' } }));
    const error = await saleError();
    expect(error).toMatchObject({ code: 'conflict', status: 409 });
    expect(isDispatchUncertain(error)).toBe(true);
  });

  it('429 with Retry-After seconds and 503 with an HTTP date', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 15, 10, 0, 0));
    fake.onApi(() => ({ status: 429, headers: { 'retry-after': '2' } }));
    expect(await rejectionOf(clientFor(fake, { clock }).getSession('s-1'))).toMatchObject({ code: 'rate-limited', retryAfterMs: 2000 });
    fake.onApi(() => ({ status: 503, headers: { 'retry-after': new Date(clock.now() + 45_000).toUTCString() } }));
    expect(await rejectionOf(clientFor(fake, { clock }).getSession('s-1'))).toMatchObject({ code: 'server', retryAfterMs: 45_000 });
  });

  it('a redirect is not followed and reads as an unexpected answer', async () => {
    fake.onApi((request) => (request.path === '/elsewhere' ? { status: 200 } : { status: 307, headers: { location: '/elsewhere' } }));
    const error = await saleError();
    expect(error).toMatchObject({ code: 'malformed-response', status: 307 });
    expect(fake.apiRequests().map((r) => r.path)).toEqual(['/ecr/v1/transactions:sale']);
  });

  it('an undocumented status -> malformed-response', async () => {
    fake.onApi(() => ({ status: 418, text: "I'm a teapot" }));
    expect(await saleError()).toMatchObject({ code: 'malformed-response', status: 418 });
  });
});

describe('bodies the till cannot read', () => {
  it('invalid JSON on a session -> malformed-response', async () => {
    fake.onApi(() => ({ status: 200, text: '{"sessionId": "s-1", "success": tru' }));
    expect(await rejectionOf(clientFor(fake).getSession('s-1'))).toMatchObject({ code: 'malformed-response', status: 200 });
  });

  it('an empty 200 on a session -> malformed-response', async () => {
    fake.onApi(() => ({ status: 200 }));
    expect(await rejectionOf(clientFor(fake).getSession('s-1'))).toMatchObject({ code: 'malformed-response' });
  });

  it('a session violating the schema -> malformed-response naming the field', async () => {
    fake.onApi(() => ({ status: 200, json: { sessionId: 's-1', terminalId: '1', amount: '12.50', currencyCode: '978', success: true, eventId: 0 } }));
    const error = await rejectionOf(clientFor(fake).getSession('s-1'));
    expect(error).toMatchObject({ code: 'malformed-response' });
    expect((error as Error).message).toContain('amount');
  });

  it('a list that is neither a list nor a session, or a device without terminalId -> malformed-response', async () => {
    fake.onApi(() => ({ status: 200, json: 'nope' }));
    expect(await rejectionOf(clientFor(fake).listSessions('2026-01-15'))).toMatchObject({ code: 'malformed-response' });
    fake.onApi(() => ({ status: 200, json: [{ statusId: 1 }] }));
    expect(await rejectionOf(clientFor(fake).searchDevices())).toMatchObject({ code: 'malformed-response' });
  });
});
