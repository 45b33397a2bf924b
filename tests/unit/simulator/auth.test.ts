import { afterEach, describe, expect, it } from 'vitest';
import { ECR_SCOPE, SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET } from '../../../electron/core/simulator/index.ts';
import { Api, answer, basicAuth, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(() => h?.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function token(headers: Record<string, string>, body: string) {
  return answer(await fetch(`${h.url}/connect/token`, { method: 'POST', headers: { ...FORM, ...headers }, body }));
}

describe('token endpoint', () => {
  it('issues a bearer token for Basic client credentials', async () => {
    h = await startHarness();
    const res = await token({ authorization: basicAuth() }, 'grant_type=client_credentials');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(res.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: ECR_SCOPE });
    expect(res.body.access_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const devices = await new Api(h.url, res.body.access_token).post('/ecr/v1/devices:search', {});
    expect(devices.status).toBe(200);
  });

  it('accepts the credentials in the form body, and the ECR scope when asked for', async () => {
    h = await startHarness();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SIMULATOR_CLIENT_ID,
      client_secret: SIMULATOR_CLIENT_SECRET,
      scope: ECR_SCOPE,
    });
    const res = await token({}, form.toString());
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
  });

  it('refuses an unknown client or a wrong secret with 401 invalid_client', async () => {
    h = await startHarness();
    for (const auth of [basicAuth('someone.apps.vivapayments.com'), basicAuth(SIMULATOR_CLIENT_ID, 'wrong')]) {
      const res = await token({ authorization: auth }, 'grant_type=client_credentials');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_client' });
    }
    const none = await token({}, 'grant_type=client_credentials');
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: 'invalid_client' });
  });

  it('refuses another grant with 400 unsupported_grant_type, and a foreign scope with invalid_scope', async () => {
    h = await startHarness();
    const grant = await token({ authorization: basicAuth() }, 'grant_type=password&username=a&password=b');
    expect(grant.status).toBe(400);
    expect(grant.body).toEqual({ error: 'unsupported_grant_type' });
    const missing = await token({ authorization: basicAuth() }, '');
    expect(missing.body).toEqual({ error: 'unsupported_grant_type' });
    const scope = await token({ authorization: basicAuth() }, 'grant_type=client_credentials&scope=urn:viva:payments:core:api:isv');
    expect(scope.status).toBe(400);
    expect(scope.body).toEqual({ error: 'invalid_scope' });
  });

  it('wants a form body, like IdentityServer', async () => {
    h = await startHarness();
    const res = await answer(
      await fetch(`${h.url}/connect/token`, {
        method: 'POST',
        headers: { authorization: basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request' });
  });

  it('accepts configured credentials instead of the defaults', async () => {
    h = await startHarness({ credentials: { clientId: 'till.apps.vivapayments.com', clientSecret: 's3' } });
    expect((await token({ authorization: basicAuth('till.apps.vivapayments.com', 's3') }, 'grant_type=client_credentials')).status).toBe(200);
    expect((await token({ authorization: basicAuth() }, 'grant_type=client_credentials')).status).toBe(401);
  });
});

describe('bearer check on the API', () => {
  const DENIED = { detail: 'Could not validate credentials' };

  it('answers 401 without a bearer, or with one it never issued', async () => {
    h = await startHarness();
    const none = await h.api.post('/ecr/v1/devices:search', {}, { 'content-type': 'application/json' });
    expect(none.status).toBe(401);
    expect(none.body).toEqual(DENIED);
    const forged = await new Api(h.url, 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln').get('/ecr/v1/sessions/x');
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual(DENIED);
    const basic = await h.api.get('/ecr/v1/sessions?date=2026-03-10', { authorization: basicAuth() });
    expect(basic.status).toBe(401);
  });

  it('expires tokens after their lifetime on the simulator clock', async () => {
    h = await startHarness({ tokenLifetimeSec: 60 });
    const fresh = await token({ authorization: basicAuth() }, 'grant_type=client_credentials');
    expect(fresh.body.expires_in).toBe(60);
    const api = new Api(h.url, fresh.body.access_token);
    h.clock.advance(59_999);
    expect((await api.session('unknown')).status).toBe(404);
    h.clock.advance(1);
    const late = await api.session('unknown');
    expect(late.status).toBe(401);
    expect(late.body).toEqual(DENIED);
  });

  it('invalidates the current tokens on demand (token expiry scenario); a new token works', async () => {
    h = await startHarness();
    const before = await h.api.sale();
    expect(before.status).toBe(200);
    const expired = await answer(await fetch(`${h.url}/_sim/tokens/expire`, { method: 'POST' }));
    expect(expired.body).toEqual({ expired: 1 });
    const after = await h.api.session(before.sessionId);
    expect(after.status).toBe(401);
    expect(after.body).toEqual(DENIED);
    const renewed = await token({ authorization: basicAuth() }, 'grant_type=client_credentials');
    expect((await new Api(h.url, renewed.body.access_token).session(before.sessionId)).status).toBe(202);
    // In-process control does the same.
    expect(h.sim.control.expireTokens()).toBe(1);
    expect((await new Api(h.url, renewed.body.access_token).session(before.sessionId)).status).toBe(401);
  });

  it('still decodes the JSON body before checking the bearer, like FastAPI', async () => {
    h = await startHarness();
    const res = await h.api.post('/ecr/v1/transactions:sale', '{not json', { 'content-type': 'application/json' });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].type).toBe('json_invalid');
  });
});
