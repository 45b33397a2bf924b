import { describe, expect, it } from 'vitest';
import { manualClock, type Clock } from '../../../electron/core/clock.ts';
import { createTokenCache } from '../../../electron/core/viva/token-cache.ts';
import type { AccessToken } from '../../../electron/core/viva/token-endpoint.ts';

function issuer(clock: Clock, lifetimeMs = 3_600_000) {
  let count = 0;
  const fetchToken = async (): Promise<AccessToken> => {
    count += 1;
    const obtainedAt = clock.now();
    return {
      accessToken: `t${count}`,
      tokenType: 'Bearer',
      scope: undefined,
      obtainedAt,
      expiresAt: obtainedAt + lifetimeMs,
      obtainedAtMonotonic: clock.monotonic(),
      lifetimeMs,
    };
  };
  return { fetchToken, count: () => count };
}

describe('token cache', () => {
  it('reuses the token until the refresh margin, then fetches a new one', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const cache = createTokenCache({ fetchToken: source.fetchToken, clock, refreshMarginMs: 60_000 });
    expect((await cache.get()).accessToken).toBe('t1');
    clock.advance(3_600_000 - 60_001);
    expect((await cache.get()).accessToken).toBe('t1');
    clock.advance(1);
    expect((await cache.get()).accessToken).toBe('t2');
    expect(source.count()).toBe(2);
  });

  it('refreshes a short-lived token at half its life rather than on every call', async () => {
    const clock = manualClock();
    const source = issuer(clock, 60_000);
    const cache = createTokenCache({ fetchToken: source.fetchToken, clock, refreshMarginMs: 60_000 });
    await cache.get();
    clock.advance(29_999);
    await cache.get();
    expect(source.count()).toBe(1);
    clock.advance(1);
    await cache.get();
    expect(source.count()).toBe(2);
  });

  it('shares one fetch among concurrent callers', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const cache = createTokenCache({ fetchToken: source.fetchToken, clock });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cache.get()));
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['t1']));
    expect(source.count()).toBe(1);
  });

  it('invalidates only the token that was rejected', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const cache = createTokenCache({ fetchToken: source.fetchToken, clock });
    await cache.get();
    cache.invalidate('t1');
    expect((await cache.get()).accessToken).toBe('t2');
    cache.invalidate('t1'); // a late rejection of the old token must not throw the new one away
    expect((await cache.get()).accessToken).toBe('t2');
    expect(source.count()).toBe(2);
  });

  it('tries again after a failed fetch', async () => {
    const clock = manualClock();
    let calls = 0;
    const cache = createTokenCache({
      clock,
      fetchToken: async () => {
        calls += 1;
        if (calls === 1) throw new Error('down');
        return {
          accessToken: 'ok',
          tokenType: 'Bearer',
          scope: undefined,
          obtainedAt: 0,
          expiresAt: clock.now() + 3_600_000,
          obtainedAtMonotonic: clock.monotonic(),
          lifetimeMs: 3_600_000,
        };
      },
    });
    await expect(cache.get()).rejects.toThrow('down');
    expect((await cache.get()).accessToken).toBe('ok');
  });

  // A token's life is a duration (design.md §2): an NTP step or an operator changing the time
  // must neither throw a good token away nor keep one past its life.
  it('measures the life on the monotonic clock: a wall-clock step forward does not refresh early', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const cache = createTokenCache({ fetchToken: source.fetchToken, clock, refreshMarginMs: 60_000 });
    await cache.get();
    clock.step(3_600_000);
    clock.advance(1_000);
    expect((await cache.get()).accessToken).toBe('t1');
    expect(source.count()).toBe(1);
  });

  it('and a wall-clock step back does not keep the token past its life', async () => {
    const clock = manualClock();
    const source = issuer(clock);
    const cache = createTokenCache({ fetchToken: source.fetchToken, clock, refreshMarginMs: 60_000 });
    await cache.get();
    clock.step(-3_600_000);
    clock.advance(3_600_000 - 60_000);
    expect((await cache.get()).accessToken).toBe('t2');
    expect(source.count()).toBe(2);
  });
});
