import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { isDispatchUncertain, VivaError } from '../../../electron/core/viva/index.ts';
import {
  bearerOf,
  CLIENT_ID,
  CLIENT_SECRET,
  clientFor,
  issueTokens,
  rejectionOf,
  startFakeViva,
  tokenNumber,
  type FakeViva,
} from './fake-viva.ts';
import { CREDENTIALS_401, INVALID_CLIENT } from './payloads.ts';

const SALE = { sessionId: 'sale-1', terminalId: '16000010', cashRegisterId: 'TILL-1', amount: 1000, currencyCode: '978' };

let fake: FakeViva;
beforeAll(async () => {
  fake = await startFakeViva();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** API handler: 401 with Viva's body for the listed tokens, otherwise `ok`. */
function rejectTokens(rejected: string[], ok: () => { status: number; json?: unknown } = () => ({ status: 200 })) {
  fake.onApi((request) => (rejected.includes(bearerOf(request) ?? '') ? { status: 401, text: CREDENTIALS_401 } : ok()));
}

describe('token request', () => {
  it('uses client credentials with HTTP Basic and no scope by default', async () => {
    const client = clientFor(fake);
    await client.sale(SALE);
    const [tokenRequest] = fake.tokenRequests();
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(tokenRequest?.headers.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({ grant_type: 'client_credentials' });
    expect(bearerOf(fake.apiRequests()[0]!)).toBe(tokenNumber(1));
  });

  it('sends the scope when one is configured', async () => {
    await clientFor(fake, { scope: 'urn:viva:payments:ecr:api' }).tokenInfo();
    expect(new URLSearchParams(fake.tokenRequests()[0]?.body).get('scope')).toBe('urn:viva:payments:ecr:api');
  });

  it('reports expiry, scope and type but never the token itself', async () => {
    const clock = manualClock();
    const info = await clientFor(fake, { clock }).tokenInfo();
    expect(info).toEqual({ expiresAt: clock.now() + 3_600_000, scope: 'urn:viva:payments:ecr:api', tokenType: 'Bearer' });
    expect(JSON.stringify(info)).not.toContain(tokenNumber(1));
  });
});

describe('token caching', () => {
  it('reuses one token for many calls', async () => {
    const client = clientFor(fake);
    await client.sale(SALE);
    await client.sale({ ...SALE, sessionId: 'sale-2' });
    await client.abortSession('sale-2', 'TILL-1');
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(fake.apiRequests().map(bearerOf)).toEqual([tokenNumber(1), tokenNumber(1), tokenNumber(1)]);
  });

  it('refreshes before expiry, honouring expires_in', async () => {
    const clock = manualClock();
    fake.onToken(issueTokens(600));
    const client = clientFor(fake, { clock, tokenRefreshMarginMs: 60_000 });
    await client.sale(SALE);
    clock.advance(600_000 - 60_001);
    await client.sale({ ...SALE, sessionId: 'sale-2' });
    expect(fake.tokenRequests()).toHaveLength(1);
    clock.advance(1);
    await client.sale({ ...SALE, sessionId: 'sale-3' });
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.apiRequests().map(bearerOf)).toEqual([tokenNumber(1), tokenNumber(1), tokenNumber(2)]);
  });

  it('shares one token request among 10 concurrent calls', async () => {
    fake.onToken(issueTokens()); // fresh counter
    const client = clientFor(fake);
    fake.onApi(() => ({ status: 202, json: { detail: 'The session is being processed' } }));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.getSession(`s-${i}`)));
    expect(results.every((r) => r.status === 'pending')).toBe(true);
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(fake.apiRequests()).toHaveLength(10);
  });
});

describe('refresh and retry once on a rejected token', () => {
  it('on 401: refreshes, resends once with the new token, succeeds', async () => {
    rejectTokens([tokenNumber(1)]);
    await clientFor(fake).sale(SALE);
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.apiRequests().map(bearerOf)).toEqual([tokenNumber(1), tokenNumber(2)]);
    expect(fake.apiRequests().map((r) => JSON.parse(r.body).sessionId)).toEqual(['sale-1', 'sale-1']);
  });

  it('on the "Could not validate credentials" body whatever the status', async () => {
    fake.onApi((request) => (bearerOf(request) === tokenNumber(1) ? { status: 403, text: CREDENTIALS_401 } : { status: 202, text: '{"detail":"The session is being processed"}' }));
    expect(await clientFor(fake).getSession('s-1')).toEqual({ status: 'pending' });
    expect(fake.apiRequests().map(bearerOf)).toEqual([tokenNumber(1), tokenNumber(2)]);
  });

  it('does not retry a second time: a second 401 is an auth error', async () => {
    rejectTokens([tokenNumber(1), tokenNumber(2), tokenNumber(3)]);
    const error = await rejectionOf(clientFor(fake).sale(SALE));
    expect(error).toBeInstanceOf(VivaError);
    expect(error).toMatchObject({ code: 'auth', status: 401, phase: 'request' });
    expect(isDispatchUncertain(error)).toBe(false);
    expect(fake.apiRequests()).toHaveLength(2);
    expect(fake.tokenRequests()).toHaveLength(2);
  });

  it('ten concurrent calls rejected with the same old token share one refresh', async () => {
    const client = clientFor(fake);
    await client.tokenInfo(); // tok 1 cached
    rejectTokens([tokenNumber(1)], () => ({ status: 202, json: { detail: 'The session is being processed' } }));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.getSession(`s-${i}`)));
    expect(results.every((r) => r.status === 'pending')).toBe(true);
    expect(fake.tokenRequests()).toHaveLength(2);
    expect(fake.apiRequests().filter((r) => bearerOf(r) === tokenNumber(2))).toHaveLength(10);
  });
});

describe('token endpoint failures', () => {
  it.each([400, 401])('%i invalid_client is an auth error and nothing is sent to the API', async (status) => {
    fake.onToken(() => ({ status, text: INVALID_CLIENT, headers: { 'content-type': 'application/json' } }));
    const error = await rejectionOf(clientFor(fake).sale(SALE));
    expect(error).toMatchObject({ code: 'auth', status, phase: 'token' });
    expect((error as Error).message).toMatch(/^Viva did not accept the credentials \(Viva says: invalid_client\)\./);
    expect((error as Error).message).not.toContain(CLIENT_SECRET);
    expect(isDispatchUncertain(error)).toBe(false);
    expect(fake.apiRequests()).toHaveLength(0);
  });

  it('a 5xx from the token endpoint is a server error of the token phase', async () => {
    fake.onToken(() => ({ status: 503, text: 'unavailable', headers: { 'retry-after': '4' } }));
    const error = await rejectionOf(clientFor(fake).sale(SALE));
    expect(error).toMatchObject({ code: 'server', status: 503, phase: 'token', retryAfterMs: 4000 });
    expect(isDispatchUncertain(error)).toBe(false);
  });

  it('a token answer without access_token, or not JSON, is a malformed response', async () => {
    fake.onToken(() => ({ json: { expires_in: 3600, token_type: 'Bearer' } }));
    expect(await rejectionOf(clientFor(fake).tokenInfo())).toMatchObject({ code: 'malformed-response', phase: 'token' });
    fake.onToken(() => ({ text: 'access_token=abc' }));
    expect(await rejectionOf(clientFor(fake).tokenInfo())).toMatchObject({ code: 'malformed-response', phase: 'token' });
  });

  it('refuses to start without credentials', () => {
    expect(() => clientFor(fake, { credentials: { clientId: 'x', clientSecret: '' } })).toThrow(VivaError);
  });
});
