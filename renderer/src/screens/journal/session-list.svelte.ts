import type { IpcError } from '../../../../electron/contract/envelope.ts';
import type { SessionRecord } from '../../../../electron/domain/session-record.ts';
import { app } from '../../lib/app-state.svelte.ts';
import { call } from '../../lib/ipc-call.ts';
import { listQuery, matchesFilters, NO_FILTERS, type FilterProblem, type JournalFilters } from './journal-filters.ts';

/**
 * The journal's rows as the screen holds them: pages fetched in order through the channel's
 * keyset cursor, newest first. A new filter starts over (answers to the old one are dropped);
 * the screen asks for the next page when its virtual list nears the end of what is loaded.
 *
 * At most `maxRows` are held: a million rows would not fit in the renderer's memory, and nobody
 * scrolls that far; past the cap the screen asks for a narrower filter instead.
 */
export interface SessionListOptions {
  pageSize?: number;
  maxRows?: number;
}

export class SessionList {
  rows = $state.raw<SessionRecord[]>([]);
  loading = $state(false);
  /** More rows exist past the last one loaded. */
  hasMore = $state(false);
  /** The cap was reached while more rows exist. */
  capped = $state(false);
  error = $state<IpcError | null>(null);
  problem = $state<FilterProblem | null>(null);
  /** Sessions not in the list that now match its filters (started or changed since it loaded); a refresh shows them. */
  newSessions = $state(0);

  readonly pageSize: number;
  readonly maxRows: number;
  #filters: JournalFilters = NO_FILTERS;
  #cursor: string | null = null;
  #generation = 0;
  #inFlight: Promise<void> | null = null;
  // Bookkeeping, not state: nothing renders from these (the rows do), and a reactive map of
  // 100,000 entries would cost for nothing.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #index = new Map<string, number>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #unlisted = new Set<string>();

  constructor(options: SessionListOptions = {}) {
    this.pageSize = options.pageSize ?? 100;
    this.maxRows = options.maxRows ?? 100_000;
  }

  get filters(): JournalFilters {
    return this.#filters;
  }

  /** Starts over with these filters and loads the first page. */
  reset(filters: JournalFilters): Promise<void> {
    this.#generation += 1;
    this.#filters = { ...filters };
    this.#cursor = null;
    this.#inFlight = null;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#index = new Map();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#unlisted = new Set();
    this.rows = [];
    this.newSessions = 0;
    this.capped = false;
    this.error = null;
    this.problem = null;
    this.hasMore = true;
    this.loading = false;
    return this.loadMore();
  }

  /** Loads the next page (once at a time; nothing when there is no more). */
  loadMore(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    if (!this.hasMore || this.capped || this.error) return Promise.resolve();
    const query = listQuery(this.#filters, this.pageSize, app.settings?.currency);
    if (!query.ok) {
      this.problem = query.problem;
      this.hasMore = false;
      return Promise.resolve();
    }
    const generation = this.#generation;
    this.loading = true;
    const cursor = this.#cursor;
    const page = call(() => window.ecr.listSessions({ ...query.input, ...(cursor !== null ? { cursor } : {}) })).then((result) => {
      if (generation !== this.#generation) return;
      this.#inFlight = null;
      this.loading = false;
      if (!result.ok) {
        this.error = result.error;
        return;
      }
      const fresh = result.value.sessions.filter((session) => !this.#index.has(session.sessionId));
      const room = Math.max(0, this.maxRows - this.rows.length);
      const taken = fresh.slice(0, room);
      const start = this.rows.length;
      taken.forEach((session, offset) => this.#index.set(session.sessionId, start + offset));
      this.rows = taken.length > 0 ? [...this.rows, ...taken] : this.rows;
      this.#cursor = result.value.nextCursor;
      this.hasMore = result.value.nextCursor !== null;
      this.capped = this.hasMore && this.rows.length >= this.maxRows;
    });
    this.#inFlight = page;
    return page;
  }

  /** Retries after an error, from where the list stopped. */
  retry(): Promise<void> {
    this.error = null;
    return this.loadMore();
  }

  /**
   * A session changed (the 'session' event): its row is updated in place. A session not in the
   * list that now matches the filters is counted, not inserted, so rows do not jump under the
   * cashier's finger; a refresh shows it.
   */
  patch(session: SessionRecord): void {
    const index = this.#index.get(session.sessionId);
    if (index !== undefined) {
      const rows = this.rows.slice();
      rows[index] = session;
      this.rows = rows;
      return;
    }
    if (!this.#unlisted.has(session.sessionId) && this.#matches(session)) {
      this.#unlisted.add(session.sessionId);
      this.newSessions = this.#unlisted.size;
    }
  }

  /**
   * A session the cashier just started from this screen (a refund from the detail panel): shown
   * at once, at the top where the newest belong, when the filters take it. Unlike a session that
   * appears by itself, the cashier expects it, so it does not wait behind "more sessions match".
   */
  show(session: SessionRecord): void {
    if (this.#index.has(session.sessionId)) {
      this.patch(session);
      return;
    }
    if (!this.#matches(session)) return;
    this.rows = [session, ...this.rows];
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#index = new Map(this.rows.map((row, index) => [row.sessionId, index]));
    this.#unlisted.delete(session.sessionId);
    this.newSessions = this.#unlisted.size;
  }

  /** Whether a session belongs under the filters, read as the query reads them (the search text also as an amount in the till's currency). */
  #matches(session: SessionRecord): boolean {
    return matchesFilters(session, this.#filters, app.settings?.currency);
  }

  byId(sessionId: string): SessionRecord | undefined {
    const index = this.#index.get(sessionId);
    return index === undefined ? undefined : this.rows[index];
  }
}
