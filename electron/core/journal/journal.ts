import type Database from 'better-sqlite3';
import type { Logger } from '../logger.ts';
import { businessDayOf, paymentDayOf, utcDatesOfBusinessDay, type BusinessDayConfig } from './business-day.ts';
import { firstOpenDay, type PaymentDay } from '../../domain/payment-day.ts';
import { JournalError, isJournalError } from './errors.ts';
import type { StoredChainRow } from './hash-chain.ts';
import type { IntegrityResult } from './integrity.ts';
import { checkIntegrityInBackground } from './integrity-background.ts';
import { classifySqliteError, type JournalOperation } from './sqlite-errors.ts';
import { EngineLock, type EngineLockHolder, type EngineLockOwner, type EngineLockPolicy, type EngineLockResult } from './engine-lock.ts';
import { DayRecords, type NewZReport, type ReconciliationRow, type ZReportRow } from './day-records.ts';
import { EventStore, type ChainHead, type SessionHistory } from './event-store.ts';
import type { EventInput, EventType, ImportedSessionInput, JournalEvent, NewSessionRequest } from './event-schemas.ts';
import type { SessionRecord } from './projection.ts';
import { ReadModel, type SessionFilter, type SessionPage } from './read-model.ts';
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
 * and read through ReadModel (read-model.ts). Built by openJournal() (database.ts). Every call is
 * synchronous: when a write returns, it is on disk.
 *
 * Every public method goes through read() or write(), the one place where a SQLite fault (disk
 * full, lock held, read-only, damaged, I/O) becomes a JournalError with a sentence
 * (sqlite-errors.ts). A journal found damaged (quick_check at open, or SQLITE_CORRUPT later), or
 * opened read-only, refuses every write before touching the file, and keeps answering reads.
 */
export class Journal {
  readonly environment: JournalEnvironment;
  readonly file: string;
  readonly businessDay: BusinessDayConfig;
  private readonly db: Database.Database;
  private readonly store: EventStore;
  private readonly queries: ReadModel;
  private readonly days: DayRecords;
  private readonly lock: EngineLock;
  private readonly logger: Logger;
  /** Aborted by close(): a background integrity check still running is stopped. */
  private readonly closing = new AbortController();
  /** Opened with readOnly: true (database.ts): reads only, no write is attempted. */
  readonly readOnly: boolean;
  private damage: string[] | null;
  private integrityCheck: Promise<IntegrityResult> | undefined;

  constructor(
    db: Database.Database,
    options: {
      environment: JournalEnvironment;
      file: string;
      businessDay: BusinessDayConfig;
      store: EventStore;
      logger: Logger;
      readOnly?: boolean;
      integrity?: IntegrityResult;
    },
  ) {
    this.db = db;
    this.environment = options.environment;
    this.file = options.file;
    this.businessDay = options.businessDay;
    this.store = options.store;
    this.queries = new ReadModel(db);
    this.days = new DayRecords(db);
    this.lock = new EngineLock(db);
    this.logger = options.logger;
    this.readOnly = options.readOnly ?? false;
    this.damage = options.integrity && !options.integrity.ok ? [...options.integrity.problems] : null;
    // Checked (or nothing to check: a new file) at open: nothing left to wait for.
    if (options.integrity) this.integrityCheck = Promise.resolve(this.integrity);
  }

  /**
   * What SQLite's quick_check said when the file opened, or what a later SQLITE_CORRUPT showed.
   * Not ok: every write is refused ('corrupt'), reading still works.
   */
  get integrity(): IntegrityResult {
    return this.damage ? { ok: false, problems: [...this.damage] } : { ok: true };
  }

  /**
   * SQLite's quick_check of the whole file, on a worker thread; its result becomes
   * journal.integrity (a damaged file refuses writes from then on). Started by openJournal with
   * `integrityCheck: 'background'`; the engine does not wait for it (engine.ts checkIntegrityOnce).
   * Called again, returns the same check.
   */
  checkIntegrity(): Promise<IntegrityResult> {
    this.ready();
    this.integrityCheck ??= checkIntegrityInBackground(this.file, this.db, 'quick_check', this.closing.signal).then(
      (result) => {
        if (result !== 'cancelled' && !result.ok) this.noteDamage(result.problems);
        return this.integrity;
      },
      // Never rejects (openJournal starts it unawaited): a check that could not run leaves
      // journal.integrity as it was, except that a SQLITE_CORRUPT on the way marks the file damaged.
      (error: unknown) => {
        const classified = this.fault(error, 'journal.op.check-file', false);
        this.logger.warn('journal integrity check could not run', { file: this.file, error: String((classified as Error)?.message ?? classified) });
        return this.integrity;
      },
    );
    return this.integrityCheck;
  }

  // --- writing -------------------------------------------------------------------------------

  /** Write-ahead: journal the request (state 'created') before it is sent. */
  createSession(request: NewSessionRequest): SessionRecord {
    return this.write('journal.op.record-payment', () => this.store.createSession(request));
  }

  /** Journal one transition; refuses what the state machine does not allow. */
  append(sessionId: string, event: EventInput): SessionRecord {
    return this.write('journal.op.record-event', () => this.store.append(sessionId, event));
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: the engine's admission checks (terminal free,
   * refundable remainder) and the `created` row they allow are atomic, even with a second
   * process (the CLI beside the app) writing the same file.
   */
  exclusive<T>(work: () => T): T {
    return this.write('journal.op.take-write-lock', () => this.db.transaction(work).immediate());
  }

  /** A session this till never recorded, taken from Viva's record at reconciliation: one final `imported` event. */
  importVivaSession(input: ImportedSessionInput): SessionRecord {
    return this.write('journal.op.record-viva-session', () => this.store.importVivaSession(input));
  }

  /** Whole histories in one transaction (seeding, benchmarks, restores). */
  importSessions(histories: readonly SessionHistory[]): number {
    return this.write('journal.op.import-sessions', () => this.store.importSessions(histories));
  }

  // --- reading -------------------------------------------------------------------------------

  getSession(sessionId: string): SessionRecord | undefined {
    return this.read('journal.op.read-session', () => this.queries.getSession(sessionId));
  }

  eventsOf(sessionId: string): JournalEvent[] {
    return this.read('journal.op.read-session-events', () => this.queries.eventsOf(sessionId));
  }

  listSessions(filter?: SessionFilter): SessionPage {
    return this.read('journal.op.list-sessions', () => this.queries.listSessions(filter));
  }

  openSessions(): SessionRecord[] {
    return this.read('journal.op.list-open-sessions', () => this.queries.openSessions());
  }

  openSessionForTerminal(terminalId: string, options?: { includeUnknown?: boolean }): SessionRecord | undefined {
    return this.read('journal.op.read-terminal-session', () => this.queries.openSessionForTerminal(terminalId, options));
  }

  refundedAmount(parentSessionId: string, options?: { includeOpen?: boolean }): number {
    return this.read('journal.op.read-refunded', () => this.queries.refundedAmount(parentSessionId, options));
  }

  /** The refunds of these sales, oldest first (at most 500 sales). */
  refundsOf(parentSessionIds: readonly string[]): SessionRecord[] {
    return this.read('journal.op.read-refunds', () => this.queries.refundsOf(parentSessionIds));
  }

  /**
   * Promise 7: finished sessions without a payment that no re-check has looked at yet, finished
   * inside [finishedAfter, finishedBefore) (UTC ISO strings), oldest first. Only sessions Viva
   * reported on (a Viva eventId): a request Viva refused, or never received, cannot turn into a payment.
   */
  sessionsDueForRecheck(window: { finishedBefore: string; finishedAfter: string; limit: number }): SessionRecord[] {
    return this.read('journal.op.find-rechecks', () => this.queries.sessionsDueForRecheck(window));
  }

  /** Every session an alert was raised on, decided or not, oldest first (the attention list reads them). */
  sessionsWithAlert(): SessionRecord[] {
    return this.read('journal.op.list-alerts', () => this.queries.sessionsWithAlert());
  }

  sessionsOfBusinessDay(day: string): IterableIterator<SessionRecord> {
    return this.readEach('journal.op.read-day-sessions', () => this.queries.sessionsOfBusinessDay(day));
  }

  sessionsOfBusinessDays(fromDay: string, toDay: string): IterableIterator<SessionRecord> {
    return this.readEach('journal.op.read-days-sessions', () => this.queries.sessionsOfBusinessDays(fromDay, toDay));
  }

  sessionsOfBusinessDaysPage(fromDay: string, toDay: string, after: SessionRecord | null, limit: number): SessionRecord[] {
    return this.read('journal.op.read-days-sessions', () => this.queries.sessionsOfBusinessDaysPage(fromDay, toDay, after, limit));
  }

  countSessionsOfBusinessDays(fromDay: string, toDay: string): number {
    return this.read('journal.op.count-days-sessions', () => this.queries.countSessionsOfBusinessDays(fromDay, toDay));
  }

  eventsOfBusinessDay(day: string, types?: readonly EventType[]): JournalEvent[] {
    return this.read('journal.op.read-day-events', () => this.queries.eventsOfBusinessDay(day, types));
  }

  // --- whole days: Z reports and reconciliations ------------------------------------------------

  zReport(day: string): ZReportRow | undefined {
    return this.read('journal.op.read-z-report', () => this.days.zReport(day));
  }

  zReports(): ZReportRow[] {
    return this.read('journal.op.read-z-reports', () => this.days.zReports());
  }

  /** Stores a Z report under the next number; call inside exclusive() with the head it names. */
  insertZReport(input: NewZReport): ZReportRow {
    return this.write('journal.op.record-z-report', () => this.days.insertZReport(input));
  }

  reconciliation(day: string): ReconciliationRow | undefined {
    return this.read('journal.op.read-reconciliation', () => this.days.reconciliation(day));
  }

  /** The differences of one kind (e.g. 'local-only') the stored reconciliations left open, every day. */
  openDifferences(kind: string): { businessDay: string; checkedAt: string; sessionId: string }[] {
    return this.read('journal.op.read-open-differences', () => this.days.openDifferences(kind));
  }

  /** Stores a day's reconciliation result; writes nothing (and returns false) when it is unchanged. */
  recordReconciliation(row: ReconciliationRow): boolean {
    return this.write('journal.op.record-reconciliation', () => this.days.recordReconciliation(row));
  }

  // --- the payment engine's lock (engine-lock.ts) -----------------------------------------------

  acquireEngineLock(owner: EngineLockOwner, policy: EngineLockPolicy): EngineLockResult {
    return this.write('journal.op.take-engine-lock', () => this.lock.acquire(owner, policy));
  }

  engineLockHolder(): EngineLockHolder | undefined {
    return this.ready().lock.holder();
  }

  renewEngineLock(ownerId: string, nowMs: number): boolean {
    return this.write('journal.op.renew-engine-lock', () => this.lock.renew(ownerId, nowMs));
  }

  /**
   * Nothing to release on a closed, read-only or damaged journal: writing to a damaged file can
   * spread the damage, and a lock left behind by a dead process is taken over (engine-lock.ts).
   */
  releaseEngineLock(ownerId: string): void {
    if (!this.db.open || this.readOnly || this.damage) return;
    this.write('journal.op.release-engine-lock', () => this.lock.release(ownerId));
  }

  /**
   * Up to `limit` events with an id above `afterId`, in id order, exactly as stored (hashes
   * included): what a replica (core/headoffice) copies and re-checks with the chain's own code.
   */
  eventsAfter(afterId: number, limit: number): StoredChainRow[] {
    return this.read('journal.op.read-events-after', () => this.queries.eventsAfter(afterId, Math.max(1, Math.min(limit, 100_000))));
  }

  // --- integrity -----------------------------------------------------------------------------

  /** The chain's head: store it (a Z report does) and pass it back to verify() as an anchor. */
  head(): ChainHead {
    return this.read('journal.op.read-head', () => this.store.head());
  }

  /**
   * Walks the whole chain (and the projection). Every Z report's head is checked as an anchor
   * unless `anchors` says otherwise, so a rewrite of a closed day is caught even when every later
   * hash was recomputed.
   */
  verify(options: VerifyOptions = {}): VerifyResult {
    const result = this.read('journal.op.verify', () => {
      // Damage can keep the Z reports from being read; the file check still runs and says why.
      let anchors = options.anchors;
      try {
        anchors ??= this.zAnchors();
      } catch (error) {
        if (!isJournalError(classifySqliteError(error, this.context('journal.op.read-z-reports', false)), 'corrupt')) throw error;
        anchors = [];
      }
      return verifyJournal(this.db, { ...options, anchors });
    });
    if (result.integrity && !result.integrity.ok) this.noteDamage(result.integrity.problems);
    if (!result.ok) this.logger.warn('journal verification failed', { file: this.file, ...result.firstBroken });
    return result;
  }

  /** The quick check of one business day a report runs (verify.ts verifyBusinessDay). */
  verifyBusinessDay(day: string, anchor?: VerifyAnchor): DayCheck {
    return this.read('journal.op.check-day', () => verifyBusinessDay(this.db, day, anchor));
  }

  private zAnchors(): VerifyAnchor[] {
    return this.days.zReports().map((z) => ({ ...z.anchor, label: `Z report ${z.number} of ${z.businessDay}` }));
  }

  // --- business day --------------------------------------------------------------------------

  businessDayOf(instantMs: number): string {
    return businessDayOf(instantMs, this.businessDay);
  }

  /**
   * The business day a payment Viva recorded at `instantMs` counts in when the till never
   * journaled it: a day whose Z report was written before that instant is not extended.
   */
  paymentDayOf(instantMs: number): string {
    return this.read('journal.op.read-closed-days', () =>
      paymentDayOf(instantMs, this.businessDay, (day) => {
        const z = this.days.zReport(day);
        return z !== undefined && Date.parse(z.closedAt) <= instantMs;
      }),
    );
  }

  /** Where a payment started at `nowMs` counts (what createSession would journal it under). */
  paymentDayAt(nowMs: number): PaymentDay {
    return this.read('journal.op.read-closed-days', () => {
      const clockDay = businessDayOf(nowMs, this.businessDay);
      const z = this.days.zReport(clockDay);
      const businessDay = z ? firstOpenDay(clockDay, (day) => this.days.zReport(day) !== undefined) : clockDay;
      return { businessDay, clockDay, closed: z ? { number: z.number, closedAt: z.closedAt } : null };
    });
  }

  utcDatesOfBusinessDay(day: string): string[] {
    return utcDatesOfBusinessDay(day, this.businessDay);
  }

  // --- the connection ------------------------------------------------------------------------

  pragmas(): JournalPragmas {
    const read = (name: string) => this.read('journal.op.read-connection-settings', () => this.db.pragma(name, { simple: true }));
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

  /**
   * SQLite's online backup of this file into `file` (which must not exist yet), on this
   * connection: writes the engine makes through it meanwhile are carried into the copy, so the
   * copy is the journal as it stood when the backup finished, never a torn file copy of a live
   * WAL database. Resolves to the head read at that moment (nothing can write between the last
   * step and this read: they run in one turn of the event loop); core/backup verifies the copy
   * against it.
   */
  async backupTo(file: string): Promise<ChainHead> {
    this.ready();
    try {
      await this.db.backup(file);
      return this.store.head();
    } catch (error) {
      throw this.fault(error, 'journal.op.back-up', false);
    }
  }

  close(): void {
    if (!this.db.open) return;
    this.closing.abort();
    this.db.close();
    this.logger.info('journal closed', { file: this.file });
  }

  private ready(): this {
    if (!this.db.open) throw new JournalError('closed', { id: 'journal.closed', params: { environment: this.environment } });
    return this;
  }

  private read<T>(operation: JournalOperation, work: () => T): T {
    this.ready();
    try {
      return work();
    } catch (error) {
      throw this.fault(error, operation, false);
    }
  }

  /** An iterator's rows are read after the call returns: its faults are classified as they come. */
  private readEach<T>(operation: JournalOperation, open: () => IterableIterator<T>): IterableIterator<T> {
    const source = this.read(operation, open);
    const fault = (error: unknown) => this.fault(error, operation, false);
    return (function* guarded() {
      try {
        yield* source;
      } catch (error) {
        throw fault(error);
      }
    })();
  }

  private write<T>(operation: JournalOperation, work: () => T): T {
    this.ready();
    if (this.readOnly) {
      throw new JournalError('read-only', { id: 'journal.opened-read-only', params: { operationPhrase: operation, environment: this.environment, file: this.file } });
    }
    if (this.damage) {
      throw new JournalError('corrupt', {
        id: 'journal.damaged-no-writes',
        params: { operationPhrase: operation, file: this.file },
        detail: `(${this.damage[0] ?? 'integrity check failed'})`,
      });
    }
    try {
      return work();
    } catch (error) {
      throw this.fault(error, operation, true);
    }
  }

  private fault(error: unknown, operation: JournalOperation, write: boolean): unknown {
    if (error instanceof JournalError) return error;
    const classified = classifySqliteError(error, this.context(operation, write));
    if (classified instanceof JournalError) {
      if (classified.code === 'corrupt') this.noteDamage([classified.message]);
      this.logger.error('journal fault', { file: this.file, operation, code: classified.code, cause: String((error as Error).message ?? error) });
    }
    return classified;
  }

  private noteDamage(problems: readonly string[]): void {
    if (this.damage) return;
    this.damage = [...problems];
    this.logger.error('journal damaged: writes are refused from now on', { file: this.file, problems: this.damage.slice(0, 5) });
  }

  private context(operation: JournalOperation, write: boolean) {
    return { operation, file: this.file, write };
  }
}
