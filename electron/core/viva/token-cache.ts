import type { Clock } from '../clock.ts';
import type { AccessToken } from './token-endpoint.ts';

export interface TokenCache {
  /** A token that is not about to expire; fetches one when needed. Concurrent callers share one fetch. */
  get(): Promise<AccessToken>;
  /** Drop this token if it is still the cached one (Viva rejected it). A newer token is kept. */
  invalidate(accessToken: string): void;
}

export const DEFAULT_REFRESH_MARGIN_MS = 60_000;

/**
 * Caches the bearer token and replaces it `refreshMarginMs` before it expires, so a request never
 * leaves with a token that dies on the way. A token that lives less than twice the margin is
 * refreshed at half its life instead, so a short-lived token is still used at all. A token's
 * life is a duration, so it is measured on the monotonic clock: a wall-clock step neither
 * throws a good token away nor keeps a dead one.
 */
export function createTokenCache(options: {
  fetchToken: () => Promise<AccessToken>;
  clock: Clock;
  refreshMarginMs?: number;
}): TokenCache {
  const { fetchToken, clock } = options;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  let current: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;

  const usable = (token: AccessToken) => {
    const age = clock.monotonic() - token.obtainedAtMonotonic;
    return age < token.lifetimeMs - Math.min(margin, token.lifetimeMs / 2);
  };

  return {
    get() {
      if (current && usable(current)) return Promise.resolve(current);
      inFlight ??= fetchToken()
        .then((token) => {
          current = token;
          return token;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    invalidate(accessToken) {
      if (current?.accessToken === accessToken) current = undefined;
    },
  };
}
