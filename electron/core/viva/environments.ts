import { VivaError } from './errors.ts';

/** Where the token endpoint (accounts host) and the Cloud Terminal API live. No trailing slash. */
export type VivaEndpoints = { accountsUrl: string; apiUrl: string };

export type VivaEnvironment = 'demo' | 'production';

// Spec §1.1 (confirmed hosts).
const HOSTS: Record<VivaEnvironment, VivaEndpoints> = {
  demo: { accountsUrl: 'https://demo-accounts.vivapayments.com', apiUrl: 'https://demo-api.vivapayments.com' },
  production: { accountsUrl: 'https://accounts.vivapayments.com', apiUrl: 'https://api.vivapayments.com' },
};

export function vivaEndpoints(env: VivaEnvironment): VivaEndpoints {
  const hosts = HOSTS[env];
  if (!hosts) throw new VivaError('validation', { id: 'viva.unknown-environment', params: { environment: String(env) } }, { phase: 'local' });
  return { ...hosts };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Endpoints for the simulator or a proxy. Plain http is accepted only on the loopback address:
 * the client secret travels in the token request and must not cross a network unencrypted.
 * A path prefix (https://proxy.example/viva) is kept.
 */
export function customEndpoints(urls: { accountsUrl: string; apiUrl: string }): VivaEndpoints {
  return { accountsUrl: checkedBase(urls.accountsUrl, 'viva.endpoint.accounts'), apiUrl: checkedBase(urls.apiUrl, 'viva.endpoint.api') };
}

/** The OAuth2 token endpoint for a set of endpoints. */
export function tokenUrl(endpoints: VivaEndpoints): string {
  return `${endpoints.accountsUrl}/connect/token`;
}

function checkedBase(text: string, what: 'viva.endpoint.accounts' | 'viva.endpoint.api'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The text is not echoed: a mistyped URL could carry a password.
    throw new VivaError('validation', { id: 'viva.endpoint-not-url', params: { whatPhrase: what } }, { phase: 'local' });
  }
  const secure = url.protocol === 'https:';
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (!secure && !loopbackHttp) {
    throw new VivaError('validation', { id: 'viva.endpoint-not-https', params: { whatPhrase: what } }, { phase: 'local' });
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new VivaError('validation', { id: 'viva.endpoint-extras', params: { whatPhrase: what } }, { phase: 'local' });
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
