import type Database from 'better-sqlite3';
import type { Logger } from '../logger.ts';
import { businessDayOf, utcDatesOfBusinessDay, type BusinessDayConfig } from './business-day.ts';
import { JournalError } from './errors.ts';
import { EngineLock, type EngineLockHolder, type EngineLockOwner, type EngineLockPolicy, type EngineLockResult } from './engine-lock.ts';
import { DayRecords, type NewZReport, type ReconciliationRow, type ZReportRow } from './day-records.ts';
import { EventStore, type ChainHead, type SessionHistory } from './event-store.ts';
import type { EventInput, EventType, ImportedSessionInput, JournalEvent, NewSessionRequest } from './events.ts';
import type { SessionRecord } from './projection.ts';
import { SessionQueries, type SessionFilter, type SessionPage } from './queries.ts';
import { fromSessionRow, type SessionRow } from './session-row.ts';
import { verifyBusinessDay, verifyJournal, type DayCheck, type VerifyAnchor, type VerifyOptions, type VerifyResult } from './verify.ts';

export const JOURNAL_ENVIRONMENTS = ['simulator', 'demo', 'production'] as const;
export type JournalEnvironment = (typeof JOURNAL_ENVIRONMENTS)[number];

export interface JournalPragmas {
  journalMode: string;
  synchronous: number;
  foreignKeys: number;
  busyTimeout: number;
  userVersion: number;
}

/**
 * The till's source of truth for one environment: one SQLite file, written through EventStore
 * and read through SessionQueries. Built by openJournal() (database.ts). Every call is
 * synchronous: when a write returns, it is on disk.
 */
export class Journal {
  readonly environment: JournalEnvironment;
  readonly file: string;
  readonly businessDay: BusinessDayConfig;
  private readonly db: Database.Database;
  private readonly store: EventStore;
  private readonly queries: SessionQueries;
  private readonly days: DayRecords;
  private readonly lock: EngineLock;
  private readonly logger: Logger;
  private recheckStmt: Database.Statement | undefined;

  constructor(
    db: Database.Database,
    options: { environment: JournalEnvironment; file: string; businessDay: BusinessDayConfig; store: EventStore; logger: Logger },
  ) {
    this.db = db;
    this.environment = options.environment;
    this.file = options.file;
    this.businessDay = options.businessDay;
    this.store = options.store;
    this.queries = new SessionQueries(db);
    this.days = new DayRecords(db);
    this.lock = new EngineLock(db);
    this.logger = options.logger;
  }

  // --- writing -------------------------------------------------------------------------------

  /** Write-ahead: journal the request (state 'created') before it is sent. */
  createSession(request: NewSessionRequest): SessionRecord {
    return this.ready().store.createSession(request);
  }

  /** Journal one transition; refuses what the state machine does not allow. */
  append(sessionId: string, event: EventInput): SessionRecord {
    return this.ready().store.append(sessionId, event);
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: the engine's admission checks (terminal free,
   * refundable remainder) and the `created` row they allow are atomic, even with a second
   * process (the CLI beside the app) writing the same file.
   */
  exclusive<T>(work: () => T): T {
    return this.ready().db.transaction(work).immediate();
  }

  /** A session this till never recorded, taken from Viva's record at reconciliation: one final `imported` event. */
  importVivaSession(input: ImportedSessionInput): SessionRecord {
    return this.ready().store.importVivaSession(input);
  }

  /** Whole histories in one transaction (seeding, benchmarks, restores). */
  importSessions(histories: readonly SessionHistory[]): number {
    return this.ready().store.importSessions(histories);
  }

  // --- reading -------------------------------------------------------------------------------

  getSession(sessionId: string): SessionRecord | undefined {
    return this.ready().queries.getSession(sessionId);
  }

  eventsOf(sessionId: string): JournalEvent[] {
    return this.ready().queries.eventsOf(sessionId);
  }

  listSessions(filter?: SessionFilter): SessionPage {
    return this.ready().queries.listSessions(filter);
  }

  openSessions(): SessionRecord[] {
    return this.ready().queries.openSessions();
  }

  openSessionForTerminal(terminalId: string, options?: { includeUnknown?: boolean }): SessionRecord | undefined {
    return this.ready().queries.openSessionForTerminal(terminalId, options);
  }

  refundedAmount(parentSessionId: string, options?: { includeOpen?: boolean }): number {
    return this.ready().queries.refundedAmount(parentSessionId, options);
  }

  /**
   * Promise 7: finished sessions without a payment that no re-check has looked at yet, finished
   * inside [finishedAfter, finishedBefore) (UTC ISO strings), oldest first. Only sessions Viva
   * reported on (a Viva eventId): a request Viva refused, or never received, cannot turn into a payment.
   */
  sessionsDueForRecheck(window: { finishedBefore: string; finishedAfter: string; limit: number }): SessionRecord[] {
    this.recheckStmt ??= this.ready().db.prepare(
      // INDEXED BY: without statistics the planner would walk every declined session via sessions_by_state.
      `SELECT * FROM sessions INDEXED BY sessions_awaiting_recheck
        WHERE rechecked_at IS NULL AND state IN ('declined', 'cancelled', 'failed', 'aborted')
          AND viva_event_id IS NOT NULL AND finished_at >= ? AND finished_at < ?
        ORDER BY finished_at LIMIT ?`,
    );
    const rows = this.recheckStmt.all(window.finishedAfter, window.finishedBefore, Math.min(Math.max(1, window.limit), 500)) as SessionRow[];
    return rows.map(fromSessionRow);
  }

  sessionsOfBusinessDay(day: string): IterableIterator<SessionRecord> {
    return this.ready().queries.sessionsOfBusinessDay(day);
  }

  sessionsOfBusinessDays(fromDay: string, toDay: string): IterableIterator<SessionRecord> {
    return this.ready().queries.sessionsOfBusinessDays(fromDay, toDay);
  }

  sessionsOfBusinessDaysPage(fromDay: string, toDay: string, after: SessionRecord | null, limit: number): SessionRecord[] {
    return this.ready().queries.sessionsOfBusinessDaysPage(fromDay, toDay, after, limit);
  }

  countSessionsOfBusinessDays(fromDay: string, toDay: string): number {
    return this.ready().queries.countSessionsOfBusinessDays(fromDay, toDay);
  }

  eventsOfBusinessDay(day: string, types?: readonly EventType[]): JournalEvent[] {
    return this.ready().queries.eventsOfBusinessDay(day, types);
  }

  // --- whole days: Z reports and reconciliations ------------------------------------------------

  zReport(day: string): ZReportRow | undefined {
    return this.ready().days.zReport(day);
  }

  zReports(): ZReportRow[] {
    return this.ready().days.zReports();
  }

  /** Stores a Z report under the next number; call inside exclusive() with the head it names. */
  insertZReport(input: NewZReport): ZReportRow {
    return this.ready().days.insertZReport(input);
  }

  reconciliation(day: string): ReconciliationRow | undefined {
    return this.ready().days.reconciliation(day);
  }

  /** Stores a day's reconciliation result; writes nothing (and returns false) when it is unchanged. */
  recordReconciliation(row: ReconciliationRow): boolean {
    return this.ready().days.recordReconciliation(row);
  }

  // --- the payment engine's lock (engine-lock.ts) -----------------------------------------------

  acquireEngineLock(owner: EngineLockOwner, policy: EngineLockPolicy): EngineLockResult {
    return this.ready().lock.acquire(owner, policy);
  }

  engineLockHolder(): EngineLockHolder | undefined {
    return this.ready().lock.holder();
  }

  renewEngineLock(ownerId: string, nowMs: number): boolean {
    return this.ready().lock.renew(ownerId, nowMs);
  }

  releaseEngineLock(ownerId: string): void {
    if (this.db.open) this.lock.release(ownerId);
  }

  // --- integrity -----------------------------------------------------------------------------

  /** The chain's head: store it (a Z report does) and pass it back to verify() as an anchor. */
  head(): ChainHead {
    return this.ready().store.head();
  }

  /**
   * Walks the whole chain (and the projection). Every Z report's head is checked as an anchor
   * unless `anchors` says otherwise, so a rewrite of a closed day is caught even when every later
   * hash was recomputed.
   */
  verify(options: VerifyOptions = {}): VerifyResult {
    const anchors = options.anchors ?? this.zAnchors();
    const result = verifyJournal(this.ready().db, { ...options, anchors });
    if (!result.ok) this.logger.warn('journal verification failed', { file: this.file, ...result.firstBroken });
    return result;
  }

  /** The quick check of one business day a report runs (verify.ts verifyBusinessDay). */
  verifyBusinessDay(day: string, anchor?: VerifyAnchor): DayCheck {
    return verifyBusinessDay(this.ready().db, day, anchor);
  }

  private zAnchors(): VerifyAnchor[] {
    return this.ready().days.zReports().map((z) => ({ ...z.anchor, label: `Z report ${z.number} of ${z.businessDay}` }));
  }

  // --- business day --------------------------------------------------------------------------

  businessDayOf(instantMs: number): string {
    return businessDayOf(instantMs, this.businessDay);
  }

  utcDatesOfBusinessDay(day: string): string[] {
    return utcDatesOfBusinessDay(day, this.businessDay);
  }

  // --- the connection ------------------------------------------------------------------------

  pragmas(): JournalPragmas {
    const read = (name: string) => this.ready().db.pragma(name, { simple: true });
    return {
      journalMode: String(read('journal_mode')),
      synchronous: Number(read('synchronous')),
      foreignKeys: Number(read('foreign_keys')),
      busyTimeout: Number(read('busy_timeout')),
      userVersion: Number(read('user_version')),
    };
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    this.logger.info('journal closed', { file: this.file });
  }

  private ready(): this {
    if (!this.db.open) throw new JournalError('closed', `The ${this.environment} journal is closed.`);
    return this;
  }
}
