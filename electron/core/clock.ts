/**
 * Time as a dependency: the engine, token cache and simulator take a Clock so tests
 * can drive time instead of waiting for it.
 *
 * Two readings, for two jobs (design.md §2): `now()` is the wall clock and only stamps events;
 * `monotonic()` measures durations (deadlines, grace periods, backoff, Retry-After, heartbeat
 * age), so an NTP step neither aborts a customer early nor keeps a terminal blocked.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch: for timestamps only. */
  now(): number;
  /** Milliseconds from an arbitrary origin that never jumps: for durations only. */
  monotonic(): number;
}

export const systemClock: Clock = { now: () => Date.now(), monotonic: () => performance.now() };

/**
 * A clock that only moves when told to; for tests of expiry and deadlines. `advance` lets time
 * pass (both readings move); `set` and `step` move the wall clock alone, as an NTP step or an
 * operator changing the time would.
 */
export function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void; set(ms: number): void; step(ms: number): void } {
  let wall = start;
  let mono = 0;
  return {
    now: () => wall,
    monotonic: () => mono,
    advance(ms: number) {
      wall += ms;
      mono += ms;
    },
    set(ms: number) {
      wall = ms;
    },
    step(ms: number) {
      wall += ms;
    },
  };
}
