import type Database from 'better-sqlite3';
import { dayRangeProblem } from '../../domain/business-day.ts';
import { parseDay } from './business-day.ts';
import { JournalError } from './errors.ts';
import type { EventType, JournalEvent } from './event-schemas.ts';
import type { StoredChainRow } from './hash-chain.ts';
import type { SessionRecord } from './projection.ts';
import { fromSessionRow, type SessionRow } from './session-row.ts';
import { isCardEnding, searchesSubstring } from '../../domain/session-search.ts';
import {
  IN_FLIGHT_STATES,
  OPEN_STATES,
  isSessionKind,
  isSessionState,
  type SessionKind,
  type SessionState,
} from '../../domain/session-states.ts';

/**
 * The read path for screens, the CLI, the engine and reports. Nothing here needs the network.
 *
 * Lists are ordered newest first by (business_day, created_at, session_id) and paginated by
 * keyset: the cursor is the last row's key and the next page starts strictly below it, so page
 * 1000 costs what page 1 costs. Leading with the business day (rather than created_at alone)
 * lets a day or a range of days be read straight off an index in order; within a day it is the
 * creation order.
 */
export interface SessionFilter {
  /** One business day, YYYY-MM-DD. */
  businessDay?: string;
  /** Inclusive range of business days. */
  fromDay?: string;
  toDay?: string;
  state?: SessionState;
  states?: readonly SessionState[];
  terminalId?: string;
  kind?: SessionKind;
  /**
   * The search box (domain/session-search.ts): text found anywhere in the merchant reference or
   * the session id, ignoring case (3 characters or more), or 4 digits that are the card's last 4.
   */
  text?: string;
  /**
   * Minor units: sessions whose amount + tip is this. Part of the same search as `text` (the box
   * sends the typed text and, when it reads as one, the same text as an amount): a session
   * matches the search if it matches either.
   */
  amount?: number;
  /** 1..500, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface SessionPage {
  sessions: SessionRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 50;
const NEWEST_FIRST = 'business_day DESC, created_at DESC, session_id DESC';
/**
 * A search with at most this many matches is answered by collecting its matches from the
 * substring index (session_search, migration 6) and the last-4 and total indexes and sorting
 * them (a few ms). A broader one (a cashier typing "INV-0") would sort hundreds of thousands of
 * rows on the main process: it walks a newest-first index instead, examining at most BROAD_SCAN
 * rows per page, so every page has a bounded cost however the matches are spread; a page may
 * then hold fewer rows than asked, and its cursor continues the walk. The walk follows the
 * index of a filter when there is one (state unknown: a handful of rows), so a search among few
 * sessions (the engine's "is this sale's payment still unknown?") sees them all on page 1.
 */
const NARROW_SEARCH = 2_000;
/** Characters of a search text the substring index is asked for (see searchWindow). */
const SEARCH_WINDOW = 4;
/** What a broad search reads of each row it walks: every column a filter or the search tests. */
const WALK_COLUMNS = 'session_id, merchant_reference, pan_last4, amount, tip_amount, state, terminal_id, kind';
/**
 * Rows a broad search examines per page: walking the day index reads rows in the order they
 * were written (neighbours share pages); the state, terminal or kind index reads rows spread
 * over the file, a page each, so fewer fit in the same time.
 */
const BROAD_SCAN = { sessions_by_day: 5_000, spread: 2_500 };

/**
 * The refunds of a list of sales (a JSON array). INDEXED BY: left alone, the planner reads every
 * refund of the journal through the kind index; "IS NOT NULL" lets it use the partial parent index.
 */
export const REFUNDS_OF_SQL = `SELECT * FROM sessions INDEXED BY sessions_by_parent
  WHERE parent_session_id IN (SELECT value FROM json_each(?)) AND parent_session_id IS NOT NULL AND kind = 'refund'
  ORDER BY created_at, session_id`;

interface EventRow {
  id: number;
  session_id: string;
  seq: number;
  type: string;
  at: string;
  payload: string;
}

export class ReadModel {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string], SessionRow>;
  private readonly eventsStmt: Database.Statement<[string], EventRow>;
  private readonly openStmt: Database.Statement<[], SessionRow>;
  private readonly terminalStmt: Database.Statement<[string], SessionRow>;
  private readonly terminalOrUnknownStmt: Database.Statement<[string], SessionRow>;
  private readonly refundedStmt: Database.Statement<[string], { total: number | null }>;
  private readonly refundedIncludingOpenStmt: Database.Statement<[string], { total: number | null }>;
  private readonly dayStmt: Database.Statement<[string], SessionRow>;
  private readonly daysStmt: Database.Statement<[string, string], SessionRow>;
  private readonly daysCountStmt: Database.Statement<[string, string], { n: number }>;
  private readonly daysFirstPageStmt: Database.Statement<[string, string, number], SessionRow>;
  private readonly daysNextPageStmt: Database.Statement<[string, string, string, string, number], SessionRow>;
  private readonly dayEventsStmt: Database.Statement<[string], EventRow>;
  private readonly dayEventsOfTypesStmt: Database.Statement<[string, string], EventRow>;
  /** Prepared on first use: only the attention list asks. */
  private alertedStmt: Database.Statement<[], SessionRow> | undefined;
  /** Prepared on first use: only the engine's re-check asks, a reader of the file never does. */
  private recheckStmt: Database.Statement<[string, string, number], SessionRow> | undefined;
  /** Prepared on first use: only the head office's push asks. */
  private eventsAfterStmt: Database.Statement<[number, number], StoredChainRow> | undefined;
  /** Prepared on first use: only the journal screen asks. */
  private refundsOfStmt: Database.Statement<[string], SessionRow> | undefined;
  /** One prepared statement per filter shape (a handful at most). */
  private readonly listStmts = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
    const list = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');
    this.getStmt = db.prepare('SELECT * FROM sessions WHERE session_id = ?');
    this.eventsStmt = db.prepare('SELECT id, session_id, seq, type, at, payload FROM events WHERE session_id = ? ORDER BY seq');
    this.openStmt = db.prepare(
      `SELECT * FROM sessions INDEXED BY sessions_by_state WHERE state IN (${list(OPEN_STATES)}) ORDER BY created_at, session_id`,
    );
    // Runs before every payment. Open states hold a handful of rows, a terminal a third of the
    // journal: the planner, left alone, picks the terminal index and reads them all (100 ms at
    // a million sessions), so it is told which index to use.
    const onTerminal = (states: readonly string[]) =>
      db.prepare<[string], SessionRow>(
        `SELECT * FROM sessions INDEXED BY sessions_by_state WHERE terminal_id = ? AND state IN (${list(states)})
         ORDER BY created_at DESC, session_id DESC LIMIT 1`,
      );
    this.terminalStmt = onTerminal(IN_FLIGHT_STATES);
    this.terminalOrUnknownStmt = onTerminal(OPEN_STATES);
    const refunded = (states: readonly string[]) =>
      db.prepare<[string], { total: number | null }>(
        `SELECT sum(amount) AS total FROM sessions WHERE parent_session_id = ? AND kind = 'refund' AND state IN (${list(states)})`,
      );
    this.refundedStmt = refunded(['approved']);
    this.refundedIncludingOpenStmt = refunded(['approved', ...OPEN_STATES]);
    this.dayStmt = db.prepare('SELECT * FROM sessions WHERE business_day = ? ORDER BY created_at, session_id');
    this.daysStmt = db.prepare(
      'SELECT * FROM sessions WHERE business_day >= ? AND business_day <= ? ORDER BY business_day, created_at, session_id',
    );
    this.daysCountStmt = db.prepare('SELECT count(*) AS n FROM sessions WHERE business_day >= ? AND business_day <= ?');
    const ascending = 'ORDER BY business_day, created_at, session_id LIMIT ?';
    this.daysFirstPageStmt = db.prepare(`SELECT * FROM sessions WHERE business_day >= ? AND business_day <= ? ${ascending}`);
    // The row value alone starts the index range where the last page ended; adding
    // "business_day >= ?" would make SQLite start every page at the range's first day.
    this.daysNextPageStmt = db.prepare(`SELECT * FROM sessions WHERE (business_day, created_at, session_id) > (?, ?, ?) AND business_day <= ? ${ascending}`);
    const dayEvents = `SELECT e.id, e.session_id, e.seq, e.type, e.at, e.payload
                         FROM sessions s JOIN events e ON e.session_id = s.session_id
                        WHERE s.business_day = ?`;
    this.dayEventsStmt = db.prepare(`${dayEvents} ORDER BY e.session_id, e.seq`);
    this.dayEventsOfTypesStmt = db.prepare(`${dayEvents} AND e.type IN (SELECT value FROM json_each(?)) ORDER BY e.session_id, e.seq`);
  }

  getSession(sessionId: string): SessionRecord | undefined {
    const row = this.getStmt.get(sessionId);
    return row ? fromSessionRow(row) : undefined;
  }

  /** The session's history, oldest first. */
  eventsOf(sessionId: string): JournalEvent[] {
    return this.eventsStmt.all(sessionId).map(eventFromRow);
  }

  /** Every session that is not final, unknown included: what crash recovery resumes. Oldest first. */
  openSessions(): SessionRecord[] {
    return this.openStmt.all().map(fromSessionRow);
  }

  /**
   * The session that holds the terminal (created, dispatching, pending or aborting), if any;
   * the newest if there were ever several. `includeUnknown` also counts unknown sessions, for a
   * caller that wants to treat an uncertain dispatch as still owning the terminal.
   */
  openSessionForTerminal(terminalId: string, options: { includeUnknown?: boolean } = {}): SessionRecord | undefined {
    const row = (options.includeUnknown ? this.terminalOrUnknownStmt : this.terminalStmt).get(terminalId);
    return row ? fromSessionRow(row) : undefined;
  }

  /**
   * Minor units already refunded against a parent sale. With `includeOpen` (the default) refunds
   * still in flight or unknown count too: they may yet succeed, so refunding that money again
   * could pay it out twice.
   */
  refundedAmount(parentSessionId: string, options: { includeOpen?: boolean } = {}): number {
    const stmt = options.includeOpen === false ? this.refundedStmt : this.refundedIncludingOpenStmt;
    return stmt.get(parentSessionId)?.total ?? 0;
  }

  /**
   * The refunds of these sales (at most MAX_PAGE_SIZE parents), oldest first: what the journal
   * shows under each sale. One statement over the parent index, whatever the number of sales.
   */
  refundsOf(parentSessionIds: readonly string[]): SessionRecord[] {
    if (parentSessionIds.length === 0) return [];
    this.refundsOfStmt ??= this.db.prepare<[string], SessionRow>(REFUNDS_OF_SQL);
    return this.refundsOfStmt.all(JSON.stringify(parentSessionIds.slice(0, MAX_PAGE_SIZE))).map(fromSessionRow);
  }

  /** Journal.sessionsDueForRecheck (promise 7): unpaid sessions Viva reported on, not re-checked yet, oldest first. */
  sessionsDueForRecheck(window: { finishedBefore: string; finishedAfter: string; limit: number }): SessionRecord[] {
    this.recheckStmt ??= this.db.prepare(
      // INDEXED BY: without statistics the planner would walk every declined session via sessions_by_state.
      `SELECT * FROM sessions INDEXED BY sessions_awaiting_recheck
        WHERE rechecked_at IS NULL AND state IN ('declined', 'cancelled', 'failed', 'aborted')
          AND viva_event_id IS NOT NULL AND finished_at >= ? AND finished_at < ?
        ORDER BY finished_at LIMIT ?`,
    );
    const rows = this.recheckStmt.all(window.finishedAfter, window.finishedBefore, Math.min(Math.max(1, window.limit), 500));
    return rows.map(fromSessionRow);
  }

  /** Every session an alert was raised on (paid after abort, late success...), oldest first: the attention list's candidates. */
  sessionsWithAlert(): SessionRecord[] {
    // Read off the partial index (migration 5): a handful of rows however large the journal.
    this.alertedStmt ??= this.db.prepare('SELECT * FROM sessions INDEXED BY sessions_with_alert WHERE alert IS NOT NULL ORDER BY created_at');
    return this.alertedStmt.all().map(fromSessionRow);
  }

  /**
   * Every session of a business day, oldest first, read lazily (a report never holds a day in
   * memory twice). The connection cannot write while the iterator is open: finish or `return()` it first.
   */
  sessionsOfBusinessDay(day: string): IterableIterator<SessionRecord> {
    parseDay(day);
    const rows = this.dayStmt.iterate(day);
    return (function* () {
      for (const row of rows) yield fromSessionRow(row);
    })();
  }

  /**
   * Every session of an inclusive range of business days, in day order then creation order, read
   * lazily (a year's export never holds the year in memory). Same caveat as sessionsOfBusinessDay.
   */
  sessionsOfBusinessDays(fromDay: string, toDay: string): IterableIterator<SessionRecord> {
    checkRange(fromDay, toDay);
    const rows = this.daysStmt.iterate(fromDay, toDay);
    return (function* () {
      for (const row of rows) yield fromSessionRow(row);
    })();
  }

  /**
   * One page of sessionsOfBusinessDays(), oldest first, starting strictly after `after` (the last
   * session of the previous page). For long exports that await between pages: an open iterator
   * would keep the connection from writing meanwhile, and the till must keep taking payments.
   */
  sessionsOfBusinessDaysPage(fromDay: string, toDay: string, after: SessionRecord | null, limit: number): SessionRecord[] {
    checkRange(fromDay, toDay);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new JournalError('invalid-input', { id: 'journal.bad-page-size', params: { max: 10_000, got: String(limit) } });
    }
    const rows = after
      ? this.daysNextPageStmt.all(after.businessDay, after.createdAt, after.sessionId, toDay, limit)
      : this.daysFirstPageStmt.all(fromDay, toDay, limit);
    return rows.map(fromSessionRow);
  }

  countSessionsOfBusinessDays(fromDay: string, toDay: string): number {
    checkRange(fromDay, toDay);
    return this.daysCountStmt.get(fromDay, toDay)?.n ?? 0;
  }

  /**
   * The events of every session of a business day (the day each session's row says), grouped by
   * session and in order within each; only the given types when `types` is set.
   */
  eventsOfBusinessDay(day: string, types?: readonly EventType[]): JournalEvent[] {
    parseDay(day);
    const rows = types === undefined ? this.dayEventsStmt.all(day) : this.dayEventsOfTypesStmt.all(day, JSON.stringify(types));
    return rows.map(eventFromRow);
  }

  /**
   * Up to `limit` events with an id above `afterId`, in id order, exactly as stored (hashes
   * included): what a replica (core/headoffice) copies and re-checks with the chain's own code.
   */
  eventsAfter(afterId: number, limit: number): StoredChainRow[] {
    this.eventsAfterStmt ??= this.db.prepare<[number, number], StoredChainRow>(
      'SELECT id, session_id AS sessionId, seq, type, at, payload, prev_hash AS prevHash, hash FROM events WHERE id > ? ORDER BY id LIMIT ?',
    );
    return this.eventsAfterStmt.all(afterId, limit);
  }

  listSessions(filter: SessionFilter = {}): SessionPage {
    const query = buildListQuery(filter);
    if (query.search && this.searchMatches(query) > NARROW_SEARCH) return this.broadSearch(query);
    const rows = this.statement(query.sql).all(query.params) as SessionRow[];
    const page = rows.slice(0, query.limit).map(fromSessionRow);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null;
    return { sessions: page, nextCursor };
  }

  /** How many sessions a search matches, counted from its indexes only and capped just above NARROW_SEARCH. */
  private searchMatches(query: ListQuery): number {
    const search = query.search as SearchQuery;
    const capped = search.sources.map((source) => `(SELECT count(*) FROM (${source} LIMIT @cap))`);
    const counted = this.statement(`SELECT ${capped.join(' + ')} AS n`).get({ ...search.params, cap: NARROW_SEARCH + 1 }) as { n: number };
    return counted.n;
  }

  /**
   * A broad search: at most BROAD_SCAN rows of the newest-first walk per page (see NARROW_SEARCH),
   * counted as entries of the index walked, so a filter that few rows pass (state failed) cannot
   * make the walk longer. Only the columns the conditions read are taken from each row walked.
   */
  private broadSearch(query: ListQuery): SessionPage {
    const search = query.search as SearchQuery;
    const { index, range, rest } = query.walk;
    const inRange = range.length > 0 ? ` WHERE ${range.join(' AND ')}` : '';
    const walk = `SELECT rowid, ${WALK_COLUMNS} FROM sessions INDEXED BY ${index}${inRange} ORDER BY ${NEWEST_FIRST} LIMIT @scan`;
    const matches = `SELECT rowid FROM (${walk}) WHERE ${[...rest, search.rowMatch].join(' AND ')} LIMIT @limit`;
    const scan = index === 'sessions_by_day' ? BROAD_SCAN.sessions_by_day : BROAD_SCAN.spread;
    const params = { ...query.params, scan, edge: scan - 1 };
    const rows = this.statement(`SELECT * FROM sessions WHERE rowid IN (${matches}) ORDER BY ${NEWEST_FIRST}`).all(params) as SessionRow[];
    const page = rows.slice(0, query.limit).map(fromSessionRow);
    const last = page[page.length - 1];
    if (rows.length > query.limit && last) return { sessions: page, nextCursor: encodeCursor(last) };
    // Fewer matches than a page: the walk either ended (no more) or spent its budget (continue after its last row).
    const edge = this.statement(
      `SELECT business_day, created_at, session_id FROM sessions INDEXED BY ${index}${inRange} ORDER BY ${NEWEST_FIRST} LIMIT 1 OFFSET @edge`,
    ).get(params) as Pick<SessionRow, 'business_day' | 'created_at' | 'session_id'> | undefined;
    const nextCursor = edge ? encodeCursorOf(edge.business_day, edge.created_at, edge.session_id) : null;
    return { sessions: page, nextCursor };
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.listStmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listStmts.set(sql, stmt);
    }
    return stmt;
  }
}

export function eventFromRow(row: EventRow): JournalEvent {
  // Stored payloads were checked when written and are covered by the hash chain; they are not
  // re-validated on every read.
  return {
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    type: row.type as EventType,
    at: row.at,
    payload: JSON.parse(row.payload) as never,
  } as JournalEvent;
}

interface ListQuery {
  sql: string;
  params: Record<string, string | number>;
  limit: number;
  search: SearchQuery | null;
  /**
   * How a broad search walks newest first: the index whose order is the list's for these
   * filters, the conditions that are a range of it (days, cursor, its leading column), and the rest.
   */
  walk: { index: string; range: string[]; rest: string[] };
}

/** A search (domain/session-search.ts) as SQL: where its matches come from, and the same test on one row. */
interface SearchQuery {
  /** Queries that each give the rowids of one kind of match, from an index. */
  sources: string[];
  /** The search as a condition on a sessions row (the broad walk). */
  rowMatch: string;
  params: Record<string, string | number>;
}

/** Turns a filter into SQL with named parameters; refuses a malformed filter. Exported for tests. */
export function buildListQuery(filter: SessionFilter): ListQuery {
  const params: Record<string, string | number> = {};
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new JournalError('invalid-input', { id: 'journal.bad-page-size', params: { max: MAX_PAGE_SIZE, got: String(limit) } });
  }
  for (const key of ['businessDay', 'fromDay', 'toDay'] as const) {
    const day = filter[key];
    if (day === undefined) continue;
    parseDay(day);
    params[key] = day;
  }
  // Conditions on the list order's columns: a range of every list index.
  const range: string[] = [];
  if (filter.businessDay !== undefined) range.push('business_day = @businessDay');
  if (filter.fromDay !== undefined) range.push('business_day >= @fromDay');
  if (filter.toDay !== undefined) range.push('business_day <= @toDay');
  if (filter.cursor !== undefined && filter.cursor !== null) {
    const [day, at, id] = decodeCursor(filter.cursor);
    Object.assign(params, { cursorDay: day, cursorAt: at, cursorId: id });
    range.push('(business_day, created_at, session_id) < (@cursorDay, @cursorAt, @cursorId)');
  }
  // Conditions on one other column each, with the index that leads with it.
  const others: { condition: string; index: string | null }[] = [];

  if (filter.state !== undefined && filter.states !== undefined) {
    throw new JournalError('invalid-input', { id: 'journal.state-and-states' });
  }
  const states = filter.state !== undefined ? [filter.state] : filter.states;
  if (states !== undefined) {
    if (states.length === 0 || !states.every(isSessionState)) {
      throw new JournalError('invalid-input', { id: 'journal.unknown-state', params: { states: JSON.stringify(states) } });
    }
    const names = [...new Set(states)].sort().map((state, index) => {
      params[`state${index}`] = state;
      return `@state${index}`;
    });
    others.push({ condition: `state IN (${names.join(', ')})`, index: names.length === 1 ? 'sessions_by_state' : null });
  }
  if (filter.terminalId !== undefined) {
    params.terminalId = nonBlank(filter.terminalId, 'journal.bad-terminal-filter');
    others.push({ condition: 'terminal_id = @terminalId', index: 'sessions_by_terminal' });
  }
  if (filter.kind !== undefined) {
    if (!isSessionKind(filter.kind)) throw new JournalError('invalid-input', { id: 'journal.unknown-kind', params: { kind: JSON.stringify(filter.kind) } });
    params.kind = filter.kind;
    others.push({ condition: 'kind = @kind', index: 'sessions_by_kind' });
  }
  const search = buildSearch(filter);
  params.limit = limit + 1;
  if (search) Object.assign(params, search.params);

  const where = [...range, ...others.map((other) => other.condition)];
  // A narrow search: its candidates from the indexes (a few thousand at most), the exact rule and
  // the filters on each (NOT INDEXED: the planner must not walk a third of the journal through
  // the terminal index instead), and only the page's rows read whole.
  const sql = search
    ? `SELECT * FROM sessions WHERE rowid IN (SELECT rowid FROM sessions NOT INDEXED WHERE ${[...where, `rowid IN (${search.sources.join(' UNION ')})`, search.rowMatch].join(' AND ')}
        ORDER BY ${NEWEST_FIRST} LIMIT @limit) ORDER BY ${NEWEST_FIRST}`
    : `SELECT * FROM sessions${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${NEWEST_FIRST} LIMIT @limit`;
  const leading = others.find((other) => other.index !== null);
  const walk = leading
    ? { index: leading.index as string, range: [leading.condition, ...range], rest: others.filter((other) => other !== leading).map((other) => other.condition) }
    : { index: 'sessions_by_day', range, rest: others.map((other) => other.condition) };
  return { sql, params, limit, search, walk };
}

function buildSearch(filter: SessionFilter): SearchQuery | null {
  if (filter.text === undefined && filter.amount === undefined) return null;
  const sources: string[] = [];
  const rowMatches: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.text !== undefined) {
    const text = nonBlank(filter.text, 'journal.bad-search-text').trim();
    if (searchesSubstring(text)) {
      // The substring index answers with candidates and LIKE decides (LIKE and the domain's rule
      // fold A-Z only; the index folds more, so it never misses one).
      params.phrase = `"${searchWindow(text).replaceAll('"', '""')}"`;
      params.like = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
      sources.push('SELECT rowid FROM session_search WHERE session_search MATCH @phrase');
      rowMatches.push("session_id LIKE @like ESCAPE '\\'", "merchant_reference LIKE @like ESCAPE '\\'");
    }
    if (isCardEnding(text)) {
      params.last4 = text;
      sources.push('SELECT rowid FROM sessions WHERE pan_last4 = @last4');
      rowMatches.push('pan_last4 = @last4');
    }
  }
  if (filter.amount !== undefined) {
    if (!Number.isSafeInteger(filter.amount) || filter.amount < 1) {
      throw new JournalError('invalid-input', { id: 'journal.bad-search-amount', params: { got: String(filter.amount) } });
    }
    params.total = filter.amount;
    sources.push('SELECT rowid FROM sessions WHERE amount + tip_amount = @total');
    rowMatches.push('amount + tip_amount = @total');
  }
  // A text too short for the substring index and neither a card ending nor an amount: nothing matches.
  if (sources.length === 0) return { sources: ['SELECT rowid FROM sessions WHERE 0'], rowMatch: '0', params };
  return { sources, rowMatch: `(${rowMatches.join(' OR ')})`, params };
}

/**
 * The part of a search text the substring index is asked for: every match contains it, and LIKE
 * then checks the whole text. A phrase of the index costs what its commonest piece costs, and
 * what every reference shares is at the start of what people type ("INV-00" is in every row):
 * so the last SEARCH_WINDOW characters of the last run of 3 or more letters or digits.
 */
export function searchWindow(text: string): string {
  const runs = text.match(/[\p{L}\p{N}]{3,}/gu);
  const part = runs ? (runs[runs.length - 1] as string) : text;
  return [...part].slice(-SEARCH_WINDOW).join('');
}

function checkRange(fromDay: string, toDay: string): void {
  parseDay(fromDay);
  parseDay(toDay);
  if (dayRangeProblem(fromDay, toDay) === 'reversed') throw new JournalError('invalid-input', { id: 'report.range-reversed', params: { from: fromDay, to: toDay } });
}

function nonBlank(value: unknown, refusal: 'journal.bad-terminal-filter' | 'journal.bad-search-text'): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    throw new JournalError('invalid-input', { id: refusal });
  }
  return value;
}

function encodeCursor(record: SessionRecord): string {
  return encodeCursorOf(record.businessDay, record.createdAt, record.sessionId);
}

function encodeCursorOf(businessDay: string, createdAt: string, sessionId: string): string {
  return Buffer.from(JSON.stringify([businessDay, createdAt, sessionId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((part) => typeof part === 'string')) {
      return value as [string, string, string];
    }
  } catch {
    // fall through to the refusal
  }
  throw new JournalError('invalid-input', { id: 'journal.bad-cursor' });
}
