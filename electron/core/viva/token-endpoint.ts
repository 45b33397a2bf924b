import { tokenUrl, type VivaEndpoints } from './environments.ts';
import { VivaError } from './errors.ts';
import { errorBody, errorFromResponse, jsonBody, type Transport } from './http.ts';
import type { SecretValues } from '../secret-values.ts';
import { tokenResponseSchema } from './schemas.ts';

export interface VivaCredentials {
  clientId: string;
  clientSecret: string;
}

/** A bearer token with the times needed to cache it. Never logged, never returned to callers. */
export interface AccessToken {
  accessToken: string;
  tokenType: string;
  scope: string | undefined;
  /** Wall-clock time when the request for it was sent: for display only. */
  obtainedAt: number;
  /** obtainedAt + expires_in, on the wall clock: for display only. */
  expiresAt: number;
  /** Monotonic reading when the request was sent; the cache measures the token's life from it. */
  obtainedAtMonotonic: number;
  /** expires_in in milliseconds: counted from the request, so it errs on the early side. */
  lifetimeMs: number;
}

/**
 * OAuth2 client-credentials grant on the accounts host (spec §1.3), client authenticated with
 * HTTP Basic. Id and secret are form-encoded before Basic, as RFC 6749 §2.3.1 asks and
 * IdentityServer expects; for the usual letters-and-digits credentials this changes nothing.
 */
export async function requestAccessToken(options: {
  endpoints: VivaEndpoints;
  credentials: VivaCredentials;
  scope: string | undefined;
  transport: Transport;
  /** Every token obtained is added here before it can travel anywhere else (promise 8). */
  secretValues?: SecretValues | undefined;
}): Promise<AccessToken> {
  const { endpoints, credentials, scope, transport } = options;
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope !== undefined) form.set('scope', scope);
  const obtainedAt = transport.clock.now();
  const obtainedAtMonotonic = transport.clock.monotonic();
  const response = await transport.send({
    method: 'POST',
    url: tokenUrl(endpoints),
    headers: {
      authorization: `Basic ${basicCredentials(credentials)}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    form,
    phase: 'token',
  });

  if (response.status === 400 || response.status === 401) {
    const oauthError = errorBody(response)?.error;
    // Viva's OAuth error code (invalid_client...) is named only when it is one, never free text.
    const says = oauthError && /^[a-z_]{1,40}$/.test(oauthError) ? oauthError : undefined;
    const refusal = says ? { id: 'viva.credentials-refused-says' as const, params: { oauthError: says } } : { id: 'viva.credentials-refused' as const };
    throw new VivaError('auth', refusal, { status: response.status, correlationId: response.correlationId, phase: 'token' });
  }
  if (response.status !== 200) throw errorFromResponse(response, transport.clock.now(), { phase: 'token' });

  const parsed = tokenResponseSchema.safeParse(jsonBody(response, 'viva.answer.token', 'token'));
  if (!parsed.success) {
    // The issues name fields only; the body itself (which may hold a token) is not kept.
    throw new VivaError('malformed-response', { id: 'viva.not-understood', params: { whatPhrase: 'viva.answer.token' } }, {
      status: response.status,
      correlationId: response.correlationId,
      phase: 'token',
    });
  }
  const token = parsed.data;
  options.secretValues?.add(token.access_token, 'token');
  const lifetimeMs = token.expires_in * 1000;
  return {
    accessToken: token.access_token,
    tokenType: token.token_type,
    scope: token.scope,
    obtainedAt,
    expiresAt: obtainedAt + lifetimeMs,
    obtainedAtMonotonic,
    lifetimeMs,
  };
}

function basicCredentials(credentials: VivaCredentials): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return Buffer.from(`${encode(credentials.clientId)}:${encode(credentials.clientSecret)}`, 'utf8').toString('base64');
}
