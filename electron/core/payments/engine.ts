import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { systemClock, type Clock } from '../clock.ts';
import type { EngineLockOwner, EventInput, Journal, NewSessionRequest, SessionRecord } from '../journal/index.ts';
import { nullLogger, type Logger } from '../logger.ts';
import type { VivaClient } from '../viva/index.ts';
import { requestAbort } from './abort.ts';
import { assertNoUnknownFor, assertPreauthCompletable, assertTerminalFree, refundableOf, type Refundable } from './admission.ts';
import { engineConfigSchema, type EngineConfig, type EngineConfigInput } from './config.ts';
import type { EngineContext, Sleep } from './context.ts';
import { dispatch } from './dispatch.ts';
import { EngineEmitter } from './engine-events.ts';
import { PaymentError } from './errors.ts';
import { followSession } from './follow-session.ts';
import {
  parseRefund,
  parseResolve,
  parseSale,
  parseSessionId,
  parseUnreferencedRefund,
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
  /** Who this engine is to the journal's engine lock (tests pretend to be another process). */
  lock?: { owner?: EngineLockOwner; staleMs?: number; isAlive?: (pid: number) => boolean };
}

/** A heartbeat older than this means the engine that holds the journal is gone. */
const LOCK_STALE_MS = 15_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type PaymentEngine = ReturnType<typeof createPaymentEngine>;

/**
 * The payment engine (design.md §2): write-ahead journaling, dispatch without resends, one open
 * session per terminal, polling to a final state, abort-then-verify, crash recovery, background
 * resolution of `unknown` sessions and late re-checks. Every decision it takes is an event in the
 * journal; the in-memory state is only who is polling what.
 */
export function createPaymentEngine(options: PaymentEngineOptions) {
  const config: EngineConfig = engineConfigSchema.parse(options.config ?? {});
  const { journal, viva } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? nullLogger;
  const defaultCurrency = options.defaultCurrency ?? 'EUR';
  const newSessionId = options.newSessionId ?? randomUUID;
  const cashRegisterId = options.cashRegisterId.trim();
  if (!cashRegisterId) throw new PaymentError('invalid-input', 'The cash register id must not be empty.');

  const stopper = new AbortController();
  const emitter = new EngineEmitter((error) => logger.error('an engine listener failed', { error: String(error) }));
  const inflight = new Set<Promise<unknown>>();
  let ready = false;
  let online = true;
  let background: Promise<void> | undefined;
  let pass: Promise<void> | undefined;
  let lockLost = false;
  const lockOwner: EngineLockOwner = options.lock?.owner ?? { id: randomUUID(), pid: process.pid, host: hostname() };
  let passAgain = false;
  let lastProbe = 0;

  const context: EngineContext = {
    journal,
    viva,
    config,
    clock,
    sleep: options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal })),
    random: options.random ?? Math.random,
    logger,
    emitter,
    signal: stopper.signal,
    followers: new Map(),
    lastChecked: new Map(),
    abortWanted: new Set(),
    append(sessionId: string, event: EventInput): SessionRecord {
      const record = journal.append(sessionId, event);
      emitter.emit('session', record);
      return record;
    },
    follow(sessionId: string): void {
      if (context.followers.has(sessionId) || stopper.signal.aborted) return;
      const loop = followSession(context, sessionId)
        .catch((error: unknown) => {
          if (!stopper.signal.aborted) logFailure(context, sessionId, error);
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
        void track(runBackground());
      }
    },
  };

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    void promise.catch(() => {}).finally(() => inflight.delete(promise));
    return promise;
  }

  function assertAccepting(): void {
    if (stopper.signal.aborted) throw new PaymentError('stopped', 'The payment engine is shutting down.');
    if (lockLost) throw new PaymentError('engine-busy', 'Another Cloud ECR process took over this journal; this one no longer takes payments.');
    if (!ready) throw new PaymentError('not-ready', 'The till is still recovering earlier payments; try again in a moment.');
  }

  /**
   * Admission and the write-ahead `created` row in one exclusive transaction: `build` runs the
   * checks (terminal free, refundable remainder...) and returns the request they allow.
   */
  function admit(build: () => NewSessionRequest): SessionRecord {
    const record = journal.exclusive(() => journal.createSession(build()));
    emitter.emit('session', record);
    return record;
  }

  /** The fields every Viva request of a journaled session carries. */
  function base(record: SessionRecord) {
    return {
      sessionId: record.sessionId,
      terminalId: record.terminalId,
      cashRegisterId,
      amount: record.amount,
      currencyCode: record.currencyCode,
      ...(record.customerTrns ? { customerTrns: record.customerTrns } : {}),
    };
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
      } while (passAgain && !stopper.signal.aborted);
    })().finally(() => {
      pass = undefined;
    });
    return pass;
  }

  /** While offline, one cheap call now and then tells whether Viva is back (and clears the banner). */
  async function probe(now: number): Promise<void> {
    if (now - lastProbe < config.offlineProbeMs) return;
    lastProbe = now;
    try {
      await viva.searchDevices();
      context.reachable(true);
    } catch (error) {
      const code = (error as { code?: string }).code;
      context.reachable(code !== 'network' && code !== 'timeout');
    }
  }

  async function backgroundPass(): Promise<void> {
    if (stopper.signal.aborted) return;
    const now = clock.now();
    if (!online) await probe(now);
    for (const record of journal.openSessions()) {
      if (record.state !== 'unknown' || context.followers.has(record.sessionId)) continue;
      if (now - (context.lastChecked.get(record.sessionId) ?? 0) < config.unknownRetryMs) continue;
      await checkUnknown(context, record.sessionId).catch((error) => logFailure(context, record.sessionId, error));
    }
    // Re-checks need Viva; while it is unreachable the unknown checks above are the only probe.
    if (!online) return;
    const due = journal.sessionsDueForRecheck({
      finishedBefore: new Date(now - config.recheckAfterMs).toISOString(),
      finishedAfter: new Date(now - config.recheckWindowMs).toISOString(),
      limit: 25,
    });
    for (const record of due) {
      if (stopper.signal.aborted || !online) return;
      // A re-check whose lookup failed is retried at the unknown-retry pace, not every tick.
      if (now - (context.lastChecked.get(record.sessionId) ?? 0) < config.unknownRetryMs) continue;
      context.lastChecked.set(record.sessionId, now);
      await recheck(context, record.sessionId).catch((error) => logFailure(context, record.sessionId, error));
    }
  }

  async function backgroundLoop(): Promise<void> {
    while (!stopper.signal.aborted) {
      try {
        await context.sleep(config.backgroundTickMs, stopper.signal);
        if (!journal.renewEngineLock(lockOwner.id, clock.now())) {
          lockLost = true;
          logger.error('another process took over the journal; this engine stops taking payments');
          return;
        }
        await runBackground();
      } catch (error) {
        if (!stopper.signal.aborted) logger.error('background pass failed', { error: String(error) });
      }
    }
  }

  return {
    config,

    /** Crash recovery first (promise 6); the engine accepts work only once it has run. */
    async start(): Promise<{ resumed: number }> {
      if (ready) return { resumed: 0 };
      // Recovery would take another live till's sessions for orphans: one engine per journal.
      const lock = journal.acquireEngineLock(lockOwner, {
        nowMs: clock.now(),
        staleMs: options.lock?.staleMs ?? LOCK_STALE_MS,
        isAlive: options.lock?.isAlive ?? processAlive,
      });
      if (!lock.acquired) {
        throw new PaymentError(
          'engine-busy',
          `Another Cloud ECR process (pid ${lock.holder.pid} on ${lock.holder.host}) is taking payments with this journal. ` +
            'Use that one, or close it first; the journal can still be read.',
        );
      }
      const result = resumeOpenSessions(context);
      ready = true;
      background = backgroundLoop();
      logger.info('payment engine started', { resumed: result.resumed });
      return result;
    },

    /** Stops polling and waits for every write under way, so the journal is left consistent. */
    async stop(): Promise<void> {
      stopper.abort();
      await Promise.allSettled([...context.followers.values(), ...inflight, background]);
      if (ready) journal.releaseEngineLock(lockOwner.id);
    },

    get online(): boolean {
      return online;
    },

    on: emitter.on.bind(emitter),

    async sale(input: SaleInput): Promise<SessionRecord> {
      assertAccepting();
      const sale = parseSale(input, defaultCurrency);
      const record = admit(() => {
        assertTerminalFree(journal, sale.terminalId, clock.now(), config);
        assertNoUnknownFor(journal, sale.merchantReference);
        return {
          sessionId: newSessionId(),
          kind: sale.preauth ? 'preauth' : 'sale',
          amount: sale.amount,
          tipAmount: sale.tipAmount,
          currency: sale.currency.numeric,
          terminalId: sale.terminalId,
          cashRegisterId,
          merchantReference: sale.merchantReference ?? null,
          customerTrns: sale.customerTrns ?? null,
        };
      });
      return track(
        dispatch(context, record, () =>
          viva.sale({
            ...base(record),
            tipAmount: record.tipAmount,
            merchantReference: record.merchantReference ?? record.sessionId,
            ...(sale.preauth ? { preauth: true } : {}),
            ...(sale.maxInstalments !== undefined ? { maxInstalments: sale.maxInstalments } : {}),
          }),
        ),
      );
    },

    /** A referenced refund; partial allowed, never more than what is left of the sale (open refunds count). */
    async refund(input: RefundInput): Promise<SessionRecord> {
      assertAccepting();
      const refund = parseRefund(input);
      const record = admit(() => {
        const refundable = refundableOf(journal, refund.parentSessionId);
        if (refund.amount > refundable.remaining) {
          throw new PaymentError(
            'refund-exceeds-remaining',
            `At most ${refundable.remaining} minor units of this payment can still be refunded (${refundable.refunded} of ${refundable.total} already refunded or being refunded).`,
          );
        }
        const terminalId = refund.terminalId ?? refundable.parent.terminalId;
        assertTerminalFree(journal, terminalId, clock.now(), config);
        return {
          sessionId: newSessionId(),
          kind: 'refund',
          amount: refund.amount,
          currency: refundable.parent.currencyCode,
          terminalId,
          cashRegisterId,
          merchantReference: refund.merchantReference ?? refundable.parent.merchantReference,
          customerTrns: refund.customerTrns ?? null,
          parentSessionId: refund.parentSessionId,
        };
      });
      return track(
        dispatch(context, record, () =>
          viva.refund({
            ...base(record),
            parentSessionId: refund.parentSessionId,
            ...(record.merchantReference ? { merchantReference: record.merchantReference } : {}),
          }),
        ),
      );
    },

    async unreferencedRefund(input: UnreferencedRefundInput): Promise<SessionRecord> {
      assertAccepting();
      const refund = parseUnreferencedRefund(input, defaultCurrency);
      const record = admit(() => {
        assertTerminalFree(journal, refund.terminalId, clock.now(), config);
        return {
          sessionId: newSessionId(),
          kind: 'unreferenced-refund',
          amount: refund.amount,
          currency: refund.currency.numeric,
          terminalId: refund.terminalId,
          cashRegisterId,
          merchantReference: refund.merchantReference ?? null,
          customerTrns: refund.customerTrns ?? null,
        };
      });
      return track(
        dispatch(context, record, () => viva.unreferencedRefund({ ...base(record), merchantReference: record.merchantReference ?? record.sessionId })),
      );
    },

    async preauthCompletion(input: PreauthCompletionInput): Promise<SessionRecord> {
      assertAccepting();
      const completion = parseRefund(input);
      const record = admit(() => {
        const parent = assertPreauthCompletable(journal, completion.parentSessionId, completion.amount);
        const terminalId = completion.terminalId ?? parent.terminalId;
        assertTerminalFree(journal, terminalId, clock.now(), config);
        return {
          sessionId: newSessionId(),
          kind: 'preauth-completion',
          amount: completion.amount,
          currency: parent.currencyCode,
          terminalId,
          cashRegisterId,
          merchantReference: completion.merchantReference ?? parent.merchantReference,
          customerTrns: completion.customerTrns ?? null,
          parentSessionId: completion.parentSessionId,
        };
      });
      return track(
        dispatch(context, record, () =>
          viva.preauthCompletion({
            ...base(record),
            parentSessionId: completion.parentSessionId,
            ...(record.merchantReference ? { merchantReference: record.merchantReference } : {}),
          }),
        ),
      );
    },

    /** The cashier's Abort: DELETE, then keep polling to the real outcome (promise 4). */
    async abort(sessionIdInput: string): Promise<SessionRecord> {
      const sessionId = parseSessionId(sessionIdInput);
      const record = journal.getSession(sessionId);
      if (!record) throw new PaymentError('session-not-found', `There is no payment ${sessionId} in this till's journal.`);
      if (record.state === 'created' || record.state === 'dispatching') {
        context.abortWanted.add(sessionId); // sent as soon as Viva has accepted the request
        return record;
      }
      if (record.state === 'aborting') return record;
      if (record.state !== 'pending' && record.state !== 'unknown') {
        throw new PaymentError('not-abortable', `This payment has already finished (${record.state}); it cannot be aborted.`);
      }
      await track(requestAbort(context, sessionId, 'cashier'));
      context.follow(sessionId);
      return journal.getSession(sessionId) ?? record;
    },

    /** An operator settles an `unknown` session (outcome, reason, who): audited in the journal. */
    resolve(sessionIdInput: string, input: ResolveInput): SessionRecord {
      const sessionId = parseSessionId(sessionIdInput);
      const resolution = parseResolve(input);
      const record = journal.getSession(sessionId);
      if (!record) throw new PaymentError('session-not-found', `There is no payment ${sessionId} in this till's journal.`);
      if (record.state !== 'unknown') {
        throw new PaymentError('not-resolvable', `Only a payment with an unknown outcome can be resolved by hand; this one is ${record.state}.`);
      }
      return context.append(sessionId, { type: 'resolved-by-operator', ...resolution });
    },

    /** "Check again": ask Viva now about an unknown session, or re-check a finished unpaid one. */
    async checkAgain(sessionIdInput: string): Promise<SessionRecord> {
      const sessionId = parseSessionId(sessionIdInput);
      const record = journal.getSession(sessionId);
      if (!record) throw new PaymentError('session-not-found', `There is no payment ${sessionId} in this till's journal.`);
      if (record.state === 'unknown') {
        context.lastChecked.delete(sessionId);
        await track(checkUnknown(context, sessionId));
      } else if (record.state !== 'approved' && record.finishedAt !== null && record.recheckedAt === null) {
        await track(recheck(context, sessionId));
      }
      return journal.getSession(sessionId) ?? record;
    },

    /** Resolves once nothing is polling the session any more: it is final, or unknown for the background. */
    async settled(sessionIdInput: string): Promise<SessionRecord> {
      const sessionId = parseSessionId(sessionIdInput);
      for (;;) {
        const loop = context.followers.get(sessionId);
        if (!loop) break;
        await loop;
      }
      const record = journal.getSession(sessionId);
      if (!record) throw new PaymentError('session-not-found', `There is no payment ${sessionId} in this till's journal.`);
      return record;
    },

    status(sessionIdInput: string): SessionRecord | undefined {
      return journal.getSession(parseSessionId(sessionIdInput));
    },

    refundable(parentSessionId: string): Refundable {
      return refundableOf(journal, parseSessionId(parentSessionId));
    },

    /** One background pass now (unknown retries and re-checks); the loop runs it on its own too. */
    runBackground: () => track(runBackground()),
  };
}
