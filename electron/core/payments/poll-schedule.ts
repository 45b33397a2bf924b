import type { EngineConfig } from './config.ts';

/**
 * How long to wait after a failed poll: exponential backoff with full jitter (so a hundred tills
 * that lost the network together do not come back in one wave), never shorter than what Viva
 * asked for with Retry-After.
 */
export function delayAfterError(
  attempt: number,
  retryAfterMs: number | undefined,
  config: Pick<EngineConfig, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number,
): number {
  const ceiling = Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** Math.min(attempt, 20));
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0, Math.min(config.backoffBaseMs, ceiling) / 2);
}

/**
 * The wait after a successful poll. Polls are spaced start to start, so the interval is the real
 * period whatever the round trip: detection latency and the request rate both follow the
 * setting (design.md §8).
 */
export function nextPollDelay(config: Pick<EngineConfig, 'pollIntervalMs'>, roundTripMs: number): number {
  return Math.max(0, config.pollIntervalMs - roundTripMs);
}
