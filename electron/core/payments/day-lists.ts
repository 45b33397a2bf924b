import type { Clock } from '../clock.ts';
import type { VivaClient, VivaSessionList } from '../viva/index.ts';

/**
 * Viva's sessions-by-date lists, shared by the background's checks of unknown sessions: on a busy
 * day the list holds thousands of sessions, and fetching it once per unknown session made recovery
 * after a 10,000-sale soak run take over an hour. A list is reused only while it is fresh and only
 * for a session it can speak for: fetched after that session's not-found grace had passed (a list
 * read before Viva could have filed the session would "prove" it never arrived).
 */
export class DayLists {
  readonly #viva: VivaClient;
  readonly #clock: Clock;
  readonly #maxAgeMs: number;
  readonly #cache = new Map<string, { at: number; list: Promise<VivaSessionList> }>();

  constructor(viva: VivaClient, clock: Clock, maxAgeMs: number) {
    this.#viva = viva;
    this.#clock = clock;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The list of one UTC date, read no earlier than `notBefore` (monotonic). */
  get(date: string, notBefore: number): Promise<VivaSessionList> {
    const now = this.#clock.monotonic();
    const hit = this.#cache.get(date);
    if (hit && hit.at >= notBefore && now - hit.at < this.#maxAgeMs) return hit.list;
    // Stamped when the request starts: the answer reflects Viva at that moment or later.
    const entry = { at: now, list: this.#viva.listSessions(date) };
    this.#cache.set(date, entry);
    entry.list.catch(() => {
      if (this.#cache.get(date) === entry) this.#cache.delete(date);
    });
    return entry.list;
  }
}
