import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { CodedError, type MessageParam } from '../../domain/coded-error.ts';
import { englishOf, type MessageId } from '../../domain/messages.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { EngineLockOwner, EventInput, Journal, NewSessionRequest, SessionRecord } from '../journal/index.ts';
import { processAlive } from '../journal/engine-lock.ts';
import { nullLogger, type Logger } from '../logger.ts';
import { isOffline, type VivaClient } from '../viva/index.ts';
import { requestAbort } from './abort.ts';
import { refundableOf, type Refundable } from './admission.ts';
import { engineConfigSchema, type EngineConfig, type EngineConfigInput } from './config.ts';
import { sinceAbort, type EngineContext, type Sleep } from './context.ts';
import { dispatch } from './dispatch.ts';
import { createOperations, type Operation } from './operations.ts';
import { isJournalFault, journalFaultMessage, JournalWriter } from './journal-writer.ts';
import { LockKeeper } from './lock-keeper.ts';
import { diagnoseSession, evidenceOf, type NeverEndingDiagnosis } from './never-delivered.ts';
import { SessionClocks } from './session-clocks.ts';
import { DayLists } from './day-lists.ts';
import { EngineEmitter } from './engine-events.ts';
import { PaymentError } from './errors.ts';
import { followSession } from './follow-session.ts';
import {
  parseResolve,
  parseSessionId,
  type PreauthCompletionInput,
  type RefundInput,
  type ResolveInput,
  type SaleInput,
  type UnreferencedRefundInput,
} from './operation-inputs.ts';
import { checkUnknown, logFailure, recheck, resumeOpenSessions } from './recovery.ts';

export interface PaymentEngineOptions {
  journal: Journal;
  viva: VivaClient;
  /** This till's cash register id: sent with every request, and required by Viva for an abort. */
  cashRegisterId: string;
  /** ISO 4217 code used when a request names none. */
  defaultCurrency?: string;
  config?: EngineConfigInput;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  newSessionId?: () => string;
  logger?: Logger;
  /**
   * Who this engine is to the journal's engine lock (tests pretend to be another process), and
   * whether start() waits for a lock another process holds (the app: it keeps trying and says
   * so in its status) or refuses at once naming the holder (the CLI).
   */
  lock?: { owner?: EngineLockOwner; isAlive?: (pid: number) => boolean; wait?: boolean };
}

/** What the engine can do right now, for the UI's banner and the CLI's messages. */
export type EngineStatus =
  | { state: 'starting' | 'ready' | 'stopped' }
  | { state: 'locked-out'; holder: { pid: number; host: string } }
  | {
      state: 'journal-unwritable';
      code: string;
      /** The journal's fault in English, and (when it named one) its sentence in the catalogue. */
      message: string;
      messageId?: MessageId;
      params?: Readonly<Record<string, MessageParam>>;
      heldWrites: number;
    };

/** The longest stop() waits for Viva calls under way (the client's own timeout is 10 s). */
const STOP_WAIT_MS = 15_000;

export type PaymentEngine = ReturnType<typeof createPaymentEngine>;

/**
 * The payment engine (design.md §2): write-ahead journaling, dispatch without resends, one open
 * session per terminal, polling to a final state, abort-then-verify, crash recovery, background
 * resolution of `unknown` sessions and late re-checks, and supervision (promise 9): every open
 * session is followed by a loop that survives its own failures, and a watchdog on the background
 * tick bounds every session's life whatever happens to its loop. Every decision it takes is an
 * event in the journal; the in-memory state is only who is polling what, and writes held while
 * the journal refuses them.
 */
export function createPaymentEngine(options: PaymentEngineOptions) {
  const config: EngineConfig = engineConfigSchema.parse(options.config ?? {});
  const { journal, viva } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? nullLogger;
  const defaultCurrency = options.defaultCurrency ?? 'EUR';
  const newSessionId = options.newSessionId ?? randomUUID;
  const cashRegisterId = options.cashRegisterId.trim();
  if (!cashRegisterId) throw new PaymentError('invalid-input', { id: 'payment.no-cash-register' });

  const stopper = new AbortController();
  /** One per period this engine holds the journal's lock: losing the lock ends its loops. */
  let tenure = new AbortController();
  const emitter = new EngineEmitter((error) => logger.error('an engine listener failed', { error: String(error) }));
  const inflight = new Set<Promise<unknown>>();
  let ready = false;
  let online = true;
  const loops: Promise<unknown>[] = [];
  let pass: Promise<void> | undefined;
  let passAgain = false;
  let lastProbe = Number.NEGATIVE_INFINITY;
  let status: EngineStatus = { state: 'starting' };
  /** The journal's quick_check of the whole file, started once on a worker (checkIntegrityOnce). */
  let integrity: Promise<void> | undefined;
  const keeper = new LockKeeper({
    journal,
    owner: options.lock?.owner ?? { id: randomUUID(), pid: process.pid, host: hostname() },
    clock,
    logger,
    staleMs: config.lockStaleMs,
    isAlive: options.lock?.isAlive ?? processAlive,
  });
  const sleep: Sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }));

  function setStatus(next: EngineStatus): void {
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    status = next;
    emitter.emit('status', next);
  }

  const writer = new JournalWriter({
    journal,
    clock,
    logger,
    onJournaled: (record) => emitter.emit('session', record),
    onFault: (fault) => {
      if (fault === undefined) {
        logger.info('the journal accepts writes again; every held write is on disk');
        if (status.state === 'journal-unwritable') setStatus({ state: ready ? 'ready' : 'starting' });
      } else {
        logger.error('the journal refuses writes; payments are held until it accepts them', { error: journalFaultMessage(fault) });
        faultStatus();
      }
    },
  });

  function faultStatus(): void {
    const fault = writer.fault;
    if (fault === undefined) return;
    const code = (fault as { code?: unknown }).code;
    const named = fault instanceof CodedError && fault.messageId ? { messageId: fault.messageId, ...(fault.params ? { params: fault.params } : {}) } : {};
    setStatus({ state: 'journal-unwritable', code: typeof code === 'string' ? code : 'io', message: journalFaultMessage(fault), ...named, heldWrites: writer.heldCount });
  }

  const context: EngineContext = {
    journal,
    viva,
    config,
    clock,
    sleep,
    random: options.random ?? Math.random,
    logger,
    emitter,
    get signal() {
      return tenure.signal;
    },
    cashRegisterId,
    writer,
    clocks: new SessionClocks(clock),
    dayLists: new DayLists(viva, clock, config.unknownRetryMs),
    followers: new Map(),
    sending: new Set(),
    lastChecked: new Map(),
    anomalies: new Map(),
    stats: { loopErrors: 0 },
    append(sessionId: string, event: EventInput): SessionRecord {
      const record = writer.append(sessionId, event);
      if (writer.fault !== undefined) faultStatus();
      return record;
    },
    view: (sessionId: string) => writer.view(sessionId),
    follow(sessionId: string): void {
      if (context.followers.has(sessionId) || tenure.signal.aborted) return;
      const loop = followSession(context, sessionId)
        .catch((error: unknown) => {
          if (!tenure.signal.aborted) logFailure(context, sessionId, error);
        })
        .finally(() => context.followers.delete(sessionId));
      context.followers.set(sessionId, loop);
    },
    reachable(isOnline: boolean): void {
      if (isOnline === online) return;
      online = isOnline;
      emitter.emit('connectivity', { online, since: new Date(clock.now()).toISOString() });
      // Back online: every unknown session is worth asking about now, not at its next turn.
      if (online) {
        context.lastChecked.clear();
        // On the next turn, not inside the caller's: a pass must never run between a request's
        // answer and the event that records it.
        setImmediate(() => void track(runBackground()));
      }
    },
  };

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    void promise.catch(() => {}).finally(() => inflight.delete(promise));
    return promise;
  }

  function assertAccepting(): void {
    if (stopper.signal.aborted) throw new PaymentError('stopped', { id: 'payment.stopped' });
    if (status.state === 'locked-out') {
      throw new PaymentError(
        'engine-busy',
        { id: 'payment.locked-out', params: { pid: status.holder.pid, host: status.holder.host } },
      );
    }
    if (!ready) throw new PaymentError('not-ready', { id: 'payment.recovering' });
    const checked = journal.integrity;
    if (!checked.ok) {
      throw new PaymentError(
        'journal-unwritable',
        { id: 'payment.journal-damaged', detail: `(${checked.problems[0] ?? 'integrity check failed'})` },
      );
    }
    // Held outcomes first: a new payment is admitted only once everything learned is on disk.
    if (writer.heldCount > 0 && !writer.flush()) {
      throw new PaymentError('journal-unwritable', { id: 'payment.journal-unwritable', detail: journalFaultMessage(writer.fault) }, { cause: writer.fault });
    }
  }


  /**
   * Admission and the write-ahead `created` row in one exclusive transaction: `build` runs the
   * checks (terminal free, refundable remainder...) and returns the request they allow.
   */
  function admit(build: () => NewSessionRequest): SessionRecord {
    let record: SessionRecord;
    try {
      record = journal.exclusive(() => journal.createSession(build()));
    } catch (error) {
      if (!isJournalFault(error)) throw error;
      throw new PaymentError('journal-unwritable', { id: 'payment.not-started', detail: journalFaultMessage(error) }, { cause: error });
    }
    context.clocks.start(record.sessionId);
    emitter.emit('session', record);
    return record;
  }

  const ageOf = (record: SessionRecord) => context.clocks.age(record);

  const operations = createOperations({ journal, viva, config, cashRegisterId, defaultCurrency, ageOf });

  /** Every money-moving operation the same way: accepted, parsed, admitted with its `created` row, then sent (operations.ts). */
  async function run<Input, Parsed>(operation: Operation<Input, Parsed>, input: Input): Promise<SessionRecord> {
    assertAccepting();
    const parsed = operation.parse(input);
    const record = admit(() => ({ sessionId: newSessionId(), cashRegisterId, ...operation.admit(parsed) }));
    return track(dispatch(context, record, () => operation.send(record, parsed)));
  }

  /** One background pass at a time; a request for another while one runs is served right after it. */
  function runBackground(): Promise<void> {
    if (pass) {
      passAgain = true;
      return pass;
    }
    pass = (async () => {
      do {
        passAgain = false;
        await backgroundPass();
      } while (passAgain && !tenure.signal.aborted);
    })().finally(() => {
      pass = undefined;
    });
    return pass;
  }

  /** While offline, one cheap call now and then tells whether Viva is back (and clears the banner). */
  async function probe(): Promise<void> {
    const now = clock.monotonic();
    if (now - lastProbe < config.offlineProbeMs) return;
    lastProbe = now;
    try {
      await viva.searchDevices();
      context.reachable(true);
    } catch (error) {
      context.reachable(!isOffline(error));
    }
  }

  /**
   * The watchdog (promise 9): whatever happened to a session's loop, its life is bounded here.
   * A session with no loop gets one; one past its deadline and abort grace becomes `unknown`
   * for the background checks; a request left half-sent by a failure is settled as the crash
   * recovery would settle it.
   */
  function watch(open: readonly SessionRecord[]): void {
    const ids = new Set([...open.map((r) => r.sessionId), ...writer.heldSessions()]);
    for (const sessionId of ids) {
      if (tenure.signal.aborted) return;
      try {
        const record = context.view(sessionId);
        if (!record || context.sending.has(sessionId)) continue;
        if (record.state === 'created') {
          context.append(sessionId, { type: 'dispatch-refused', reason: 'never-sent', message: 'The request was never sent: nobody was charged.' });
        } else if (record.state === 'dispatching') {
          context.append(sessionId, { type: 'dispatch-uncertain', errorClass: 'interrupted', message: 'Sending this request was interrupted; Viva may have received it. Checking.' });
          context.follow(sessionId);
        } else if (record.state === 'pending' && overdue(record)) {
          context.append(sessionId, { type: 'deadline-passed', message: 'No final answer in time; checking with Viva in the background.' });
        } else if (record.state === 'aborting' && (sinceAbort(context, sessionId) ?? Number.POSITIVE_INFINITY) >= config.abortGraceMs) {
          context.append(sessionId, { type: 'deadline-passed', message: 'No answer from the terminal after the abort; checking with Viva in the background.' });
        } else if (record.state === 'pending' || record.state === 'aborting') {
          context.follow(sessionId);
        }
      } catch (error) {
        context.stats.loopErrors += 1;
        logFailure(context, sessionId, error);
      }
    }
  }

  /**
   * A pending session past its deadline and abort grace. One resumed after a crash (its deadline
   * passed while the till was down) first gets the time its loop needs for a last look, the
   * abort and the grace.
   */
  function overdue(record: SessionRecord): boolean {
    if (context.clocks.age(record) < config.deadlineMs + config.abortGraceMs) return false;
    return context.clocks.watched(record) >= config.firstPollDelayMs + config.pollIntervalMs + config.abortGraceMs;
  }

  async function backgroundPass(): Promise<void> {
    if (tenure.signal.aborted) return;
    if (writer.heldCount > 0) writer.flush();
    // One read of the open sessions serves the watchdog and the unknown checks of this pass.
    const open = journal.openSessions();
    watch(open);
    if (!online) await probe();
    const now = clock.monotonic();
    for (const stored of open) {
      const record = context.view(stored.sessionId);
      if (!record || record.state !== 'unknown' || context.followers.has(record.sessionId)) continue;
      if (now - (context.lastChecked.get(record.sessionId) ?? Number.NEGATIVE_INFINITY) < config.unknownRetryMs) continue;
      await checkUnknown(context, record.sessionId).catch((error) => logFailure(context, record.sessionId, error));
    }
    // Re-checks need Viva; while it is unreachable the unknown checks above are the only probe.
    if (!online) return;
    const wallNow = clock.now();
    const due = journal.sessionsDueForRecheck({
      finishedBefore: new Date(wallNow - config.recheckAfterMs).toISOString(),
      finishedAfter: new Date(wallNow - config.recheckWindowMs).toISOString(),
      limit: 25,
    });
    for (const record of due) {
      if (tenure.signal.aborted || !online) return;
      // A re-check whose lookup failed is retried at the unknown-retry pace, not every tick.
      if (clock.monotonic() - (context.lastChecked.get(record.sessionId) ?? Number.NEGATIVE_INFINITY) < config.unknownRetryMs) continue;
      context.lastChecked.set(record.sessionId, clock.monotonic());
      await recheck(context, record.sessionId).catch((error) => logFailure(context, record.sessionId, error));
    }
  }

  async function backgroundLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await sleep(config.backgroundTickMs, signal);
        await runBackground();
      } catch (error) {
        if (!signal.aborted) {
          context.stats.loopErrors += 1;
          logger.error('background pass failed', { error: String(error) });
        }
      }
    }
  }

  /** The lock's heartbeat on its own timer: a slow Viva answer or a long pass never delays it. */
  async function heartbeatLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await sleep(config.lockHeartbeatMs, signal);
      } catch {
        return;
      }
      if (keeper.renew() !== 'lost') continue;
      const holder = safeHolder();
      logger.error('another process took over the journal; this engine stops taking payments', { holder });
      lockedOut(holder);
      return;
    }
  }

  function safeHolder(): { pid: number; host: string } {
    try {
      const holder = journal.engineLockHolder();
      if (holder) return { pid: holder.pid, host: holder.host };
    } catch {
      // unreadable: said as unknown below
    }
    return { pid: 0, host: 'unknown' };
  }

  /** This engine no longer holds the journal: its loops end, and the app keeps trying to take it back. */
  function lockedOut(holder: { pid: number; host: string }): void {
    tenure.abort();
    ready = false;
    setStatus({ state: 'locked-out', holder });
    if (options.lock?.wait && !stopper.signal.aborted) loops.push(waitForLock());
  }

  /**
   * Started once. Nothing waits for it: at a million sessions quick_check reads 3 GB (seconds),
   * and a cashier's first sale must not wait that long. What it guards against is caught on the
   * way anyway: SQLite refuses a write that meets a damaged page (classified 'corrupt', before
   * anything is sent to Viva). Damage it finds elsewhere refuses every payment from that moment
   * (assertAccepting reads journal.integrity), and the status says so at once, not at the next sale.
   */
  function checkIntegrityOnce(): void {
    if (integrity) return;
    // Not tracked: stop() has no reason to wait for a read-only check; closing the journal ends it.
    integrity = journal.checkIntegrity().then((result) => {
      if (result.ok || stopper.signal.aborted) return;
      logger.error('the journal is damaged: no payment is taken', { problems: result.problems.slice(0, 3) });
      if (status.state !== 'locked-out') {
        const damaged = { id: 'payment.journal-damaged', detail: `(${result.problems[0] ?? 'quick_check failed'})` } as const;
        setStatus({ state: 'journal-unwritable', code: 'corrupt', message: englishOf(damaged), messageId: damaged.id, heldWrites: writer.heldCount });
      }
    });
  }

  /** Recovery first (promise 6); the engine accepts work only once it has run. */
  function beginTenure(): { resumed: number } {
    tenure = new AbortController();
    const signal = tenure.signal;
    stopper.signal.addEventListener('abort', () => tenure.abort(), { once: true });
    const result = resumeOpenSessions(context);
    ready = true;
    loops.push(backgroundLoop(signal), heartbeatLoop(signal));
    if (writer.fault !== undefined) faultStatus();
    else setStatus({ state: 'ready' });
    logger.info('payment engine started', { resumed: result.resumed });
    return result;
  }

  async function waitForLock(): Promise<void> {
    while (!stopper.signal.aborted) {
      try {
        await sleep(config.lockRetryMs, stopper.signal);
        const lock = keeper.tryAcquire();
        if (lock.acquired) {
          checkIntegrityOnce();
          beginTenure();
          return;
        }
        setStatus({ state: 'locked-out', holder: { pid: lock.holder.pid, host: lock.holder.host } });
      } catch (error) {
        if (stopper.signal.aborted) return;
        logger.warn('could not take the journal lock; trying again', { error: String(error) });
      }
    }
  }

  return {
    config,

    /**
     * Takes the journal's engine lock, then crash recovery (promise 6) before any new work. With
     * `lock.wait` (the app), a journal another live process holds is waited for: the engine says
     * so in its status and takes over the moment the lock is free. Otherwise (the CLI) it refuses,
     * naming the process that holds it.
     */
    async start(): Promise<{ resumed: number }> {
      if (ready || loops.length > 0) return { resumed: 0 };
      let lock = keeper.tryAcquire();
      // Another machine's heartbeat that looks old: wait out the stale period once, watching it.
      if (!lock.acquired && !options.lock?.wait && keeper.looksStale(lock.holder)) {
        const until = clock.monotonic() + config.lockStaleMs + config.lockHeartbeatMs;
        while (!lock.acquired && clock.monotonic() < until && !stopper.signal.aborted) {
          await sleep(config.lockHeartbeatMs, stopper.signal).catch(() => {});
          lock = keeper.tryAcquire();
        }
      }
      if (!lock.acquired) {
        if (options.lock?.wait) {
          setStatus({ state: 'locked-out', holder: { pid: lock.holder.pid, host: lock.holder.host } });
          loops.push(waitForLock());
          return { resumed: 0 };
        }
        throw new PaymentError(
          'engine-busy',
          { id: 'payment.engine-busy', params: { pid: lock.holder.pid, host: lock.holder.host } },
        );
      }
      checkIntegrityOnce();
      return beginTenure();
    },

    /**
     * Stops polling, waits for every write under way, makes a last attempt at writes still held,
     * and releases the lock. Never throws: what it could not do is logged, and `heldWrites` says
     * whether an outcome is still only in memory.
     */
    async stop(): Promise<{ heldWrites: number }> {
      stopper.abort();
      tenure.abort();
      // Every write is synchronous: what is awaited here are Viva calls, bounded by the client's
      // timeout. A call that never returns (a bug, a fake) must not keep the till from closing.
      const patience = new AbortController();
      await Promise.race([
        Promise.allSettled([...context.followers.values(), ...inflight, ...loops]),
        sleep(STOP_WAIT_MS, patience.signal).catch(() => {}),
      ]);
      patience.abort();
      if (writer.heldCount > 0) {
        try {
          writer.flush();
        } catch (error) {
          logger.error('held journal writes could not be written at stop', { error: String(error) });
        }
      }
      const wasReady = ready;
      ready = false;
      if (wasReady) keeper.release();
      setStatus({ state: 'stopped' });
      if (writer.heldCount > 0) logger.error('the engine stopped with outcomes not journaled', { heldWrites: writer.heldCount, sessions: writer.heldSessions() });
      return { heldWrites: writer.heldCount };
    },

    /** What the engine can do now (ready, waiting for the journal's lock, or for a journal that accepts writes). */
    status(): EngineStatus {
      return status;
    },

    /** Sessions whose outcome is known to the engine but not yet on disk. */
    heldSessions(): string[] {
      return writer.heldSessions();
    },

    /** Failures inside the engine's loops that were retried (journal faults, bugs). */
    get loopErrors(): number {
      return context.stats.loopErrors;
    },

    get online(): boolean {
      return online;
    },

    on: emitter.on.bind(emitter),

    sale: (input: SaleInput) => run(operations.sale, input),

    /** A referenced refund; partial allowed, never more than what is left of the sale (open refunds count). */
    refund: (input: RefundInput) => run(operations.refund, input),

    unreferencedRefund: (input: UnreferencedRefundInput) => run(operations.unreferencedRefund, input),

    preauthCompletion: (input: PreauthCompletionInput) => run(operations.preauthCompletion, input),

    /** The cashier's Abort: DELETE, then keep polling to the real outcome (promise 4). */
    async abort(sessionIdInput: string): Promise<SessionRecord> {
      const sessionId = parseSessionId(sessionIdInput);
      const record = context.view(sessionId);
      if (!record) throw new PaymentError('session-not-found', { id: 'payment.session-not-found', params: { session: sessionId } });
      if (record.state === 'created' || record.state === 'dispatching') {
        // Journaled before the DELETE can leave (it leaves once Viva has accepted the request), so
        // a crash in between still ends in an abort and a payment is still "paid after abort".
        if (record.abortRequested) return record;
        return context.append(sessionId, { type: 'abort-wanted', reason: 'cashier' });
      }
      if (record.state === 'aborting') return record;
      if (record.state !== 'pending' && record.state !== 'unknown') {
        throw new PaymentError('not-abortable', { id: 'payment.not-abortable', detail: `(it is ${record.state})` });
      }
      await track(requestAbort(context, sessionId, 'cashier'));
      context.follow(sessionId);
      return context.view(sessionId) ?? record;
    },

    /** An operator settles an `unknown` session (outcome, reason, who): audited in the journal. */
    resolve(sessionIdInput: string, input: ResolveInput): SessionRecord {
      const sessionId = parseSessionId(sessionIdInput);
      const resolution = parseResolve(input);
      const record = context.view(sessionId);
      if (!record) throw new PaymentError('session-not-found', { id: 'payment.session-not-found', params: { session: sessionId } });
      if (record.state !== 'unknown') {
        throw new PaymentError('not-resolvable', { id: 'payment.not-resolvable', detail: `(this one is ${record.state})` });
      }
      // The operator decides; what the till had observed is journaled with the decision.
      const diagnosis = diagnoseSession(record, journal.eventsOf(sessionId), config);
      return context.append(sessionId, { type: 'resolved-by-operator', ...resolution, ...(diagnosis ? { evidence: evidenceOf(diagnosis) } : {}) });
    },

    /** What is known about a session Viva still calls "being processed" (never-delivered.ts); undefined when nothing is. */
    diagnose(sessionIdInput: string): NeverEndingDiagnosis | undefined {
      const sessionId = parseSessionId(sessionIdInput);
      const record = context.view(sessionId);
      if (!record) throw new PaymentError('session-not-found', { id: 'payment.session-not-found', params: { session: sessionId } });
      return diagnoseSession(record, journal.eventsOf(sessionId), config);
    },

    /** "Check again": ask Viva now about an unknown session, or re-check a finished unpaid one. */
    async checkAgain(sessionIdInput: string): Promise<SessionRecord> {
      const sessionId = parseSessionId(sessionIdInput);
      const record = context.view(sessionId);
      if (!record) throw new PaymentError('session-not-found', { id: 'payment.session-not-found', params: { session: sessionId } });
      if (record.state === 'unknown') {
        context.lastChecked.delete(sessionId);
        await track(checkUnknown(context, sessionId));
      } else if (record.state !== 'approved' && record.finishedAt !== null && record.recheckedAt === null) {
        await track(recheck(context, sessionId));
      }
      return context.view(sessionId) ?? record;
    },

    /** Resolves once nothing is polling the session any more: it is final, or unknown for the background. */
    async settled(sessionIdInput: string): Promise<SessionRecord> {
      const sessionId = parseSessionId(sessionIdInput);
      for (;;) {
        const loop = context.followers.get(sessionId);
        if (!loop) break;
        await loop;
      }
      const record = context.view(sessionId);
      if (!record) throw new PaymentError('session-not-found', { id: 'payment.session-not-found', params: { session: sessionId } });
      return record;
    },

    /** A session as the engine knows it: the journal plus any outcome not yet written. */
    session(sessionIdInput: string): SessionRecord | undefined {
      return context.view(parseSessionId(sessionIdInput));
    },

    refundable(parentSessionId: string): Refundable {
      return refundableOf(journal, parseSessionId(parentSessionId));
    },

    /** One background pass now (unknown retries and re-checks); the loop runs it on its own too. */
    runBackground: () => track(runBackground()),
  };
}
