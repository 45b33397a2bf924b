import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';

/**
 * The accounts side: the OAuth2 client-credentials token endpoint and the bearer check of the
 * Cloud Terminal API. Tokens look like Viva's (a JWT) but are opaque to the simulator: it only
 * remembers which strings it issued and until when they are valid.
 */
export const SIMULATOR_CLIENT_ID = 'simulator.apps.vivapayments.com';
/** Documented in the README: a training credential that moves no money, not a secret. */
export const SIMULATOR_CLIENT_SECRET = 'simulator-secret';
export const ECR_SCOPE = 'urn:viva:payments:ecr:api';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export const DEFAULT_CREDENTIALS: Credentials = { clientId: SIMULATOR_CLIENT_ID, clientSecret: SIMULATOR_CLIENT_SECRET };

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface TokenIssuerDeps {
  clock: Clock;
  credentials: readonly Credentials[];
  lifetimeSec: () => number;
  /** Random bytes for token ids and signatures; injectable for deterministic tests. */
  randomBytes?: (size: number) => Buffer;
}

export class TokenIssuer {
  readonly #deps: TokenIssuerDeps;
  readonly #tokens = new Map<string, { clientId: string; expiresAt: number }>();

  constructor(deps: TokenIssuerDeps) {
    this.#deps = deps;
  }

  /** POST /connect/token, given the Authorization header and the form body. */
  issue(authorization: string | undefined, form: URLSearchParams): TokenAnswer {
    const client = clientFrom(authorization, form);
    if (!client || !this.#known(client)) return { status: 401, body: { error: 'invalid_client' } };
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (requested.some((scope) => scope !== ECR_SCOPE)) return { status: 400, body: { error: 'invalid_scope' } };

    const lifetimeSec = this.#deps.lifetimeSec();
    const now = this.#deps.clock.now();
    const token = this.#mint(client.clientId, now, lifetimeSec);
    this.#tokens.set(token, { clientId: client.clientId, expiresAt: now + lifetimeSec * 1000 });
    return { status: 200, body: { access_token: token, expires_in: lifetimeSec, token_type: 'Bearer', scope: ECR_SCOPE } };
  }

  /** Whether an Authorization header carries a token issued here and not yet expired. */
  isValid(authorization: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const entry = match?.[1] ? this.#tokens.get(match[1]) : undefined;
    if (!entry) return false;
    if (this.#deps.clock.now() >= entry.expiresAt) {
      this.#tokens.delete(match?.[1] ?? '');
      return false;
    }
    return true;
  }

  /** Invalidates every token issued so far; returns how many were still held. */
  expireAll(): number {
    const count = this.#tokens.size;
    this.#tokens.clear();
    return count;
  }

  #known(client: Credentials): boolean {
    return this.#deps.credentials.some((c) => c.clientId === client.clientId && sameSecret(c.clientSecret, client.clientSecret));
  }

  #mint(clientId: string, now: number, lifetimeSec: number): string {
    const bytes = this.#deps.randomBytes ?? randomBytes;
    const iat = Math.floor(now / 1000);
    const header = { alg: 'RS256', kid: 'simulator', typ: 'at+jwt' };
    const payload = {
      iss: 'https://simulator.accounts.vivapayments.local',
      nbf: iat,
      iat,
      exp: iat + lifetimeSec,
      scope: [ECR_SCOPE],
      client_id: clientId,
      jti: bytes(16).toString('hex'),
    };
    return [b64url(JSON.stringify(header)), b64url(JSON.stringify(payload)), bytes(64).toString('base64url')].join('.');
  }
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Client credentials from HTTP Basic (preferred, like Viva's own samples) or from the form body. */
function clientFrom(authorization: string | undefined, form: URLSearchParams): Credentials | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    // RFC 6749 §2.3.1: both parts are form-url-encoded before being joined.
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  }
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  if (clientId === null || clientSecret === null) return undefined;
  return { clientId, clientSecret };
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
