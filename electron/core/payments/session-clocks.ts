import type { Clock } from '../clock.ts';
import type { JournalEvent, SessionRecord } from '../journal/index.ts';

/**
 * When each open session started and when its abort was asked for, on the monotonic clock
 * (design.md §2: durations never use the wall clock). A session this process created is timed
 * from the moment it was admitted; one found in the journal (after a crash, or taken over from
 * another process) is placed once by the age its wall-clock stamps give, and measured
 * monotonically from then on, so a later NTP step moves none of its deadlines.
 */
export class SessionClocks {
  readonly #clock: Clock;
  readonly #started = new Map<string, number>();
  readonly #abortAt = new Map<string, number>();
  /** When this process began timing each session (for a resumed session, later than its start). */
  readonly #seen = new Map<string, number>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Marks the start of a session created by this process. */
  start(sessionId: string): void {
    const now = this.#clock.monotonic();
    this.#started.set(sessionId, now);
    this.#seen.set(sessionId, now);
  }

  /** Milliseconds since the session was created. */
  age(record: Pick<SessionRecord, 'sessionId' | 'createdAt'>): number {
    let started = this.#started.get(record.sessionId);
    if (started === undefined) {
      started = this.#placed(record.createdAt);
      this.#started.set(record.sessionId, started);
      this.#seen.set(record.sessionId, this.#clock.monotonic());
    }
    return this.#clock.monotonic() - started;
  }

  /**
   * Milliseconds this process has been timing the session: its whole age for one created here,
   * less for one resumed after a crash (whose deadline may have passed while the till was down).
   */
  watched(record: Pick<SessionRecord, 'sessionId' | 'createdAt'>): number {
    this.age(record);
    return this.#clock.monotonic() - (this.#seen.get(record.sessionId) ?? this.#clock.monotonic());
  }

  /** Marks that an abort was sent now. */
  aborted(sessionId: string): void {
    this.#abortAt.set(sessionId, this.#clock.monotonic());
  }

  /** Milliseconds since the abort was requested; undefined when none was (or none is known here). */
  sinceAbort(sessionId: string, history: () => readonly JournalEvent[]): number | undefined {
    let at = this.#abortAt.get(sessionId);
    if (at === undefined) {
      const events = history();
      for (let i = events.length - 1; i >= 0 && at === undefined; i -= 1) {
        const event = events[i];
        if (event?.type === 'abort-requested') at = this.#placed(event.at);
      }
      if (at === undefined) return undefined;
      this.#abortAt.set(sessionId, at);
    }
    return this.#clock.monotonic() - at;
  }

  /** A session that is final needs no timing any more. */
  forget(sessionId: string): void {
    this.#started.delete(sessionId);
    this.#abortAt.delete(sessionId);
    this.#seen.delete(sessionId);
  }

  /** A wall-clock stamp placed on the monotonic line; a stamp from the future counts as now. */
  #placed(stamp: string): number {
    const age = Math.max(0, this.#clock.now() - Date.parse(stamp));
    return this.#clock.monotonic() - (Number.isFinite(age) ? age : 0);
  }
}
