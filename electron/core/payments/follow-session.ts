import { isOffline, isVivaError, type SessionLookup } from '../viva/index.ts';
import { requestAbort } from './abort.ts';
import { recordAnomaly } from './anomaly.ts';
import { abortSent, sinceAbort, type EngineContext } from './context.ts';
import { delayAfterError, nextPollDelay } from './poll-schedule.ts';
import { settle } from './settle.ts';

/** What one turn of the loop decided: stop following, or wait this long before the next. */
type Turn = { done: true } | { done: false; delayMs: number };

interface LoopState {
  /** Consecutive failed polls (Viva), for the backoff. */
  pollErrors: number;
  /** Consecutive failures of the loop itself (journal, a bug), for the backoff. */
  faults: number;
  /** When eventId 1100 (busy) was first seen, monotonic. */
  busySince: number | undefined;
}

/**
 * The poll loop of one session (design.md §2 "Polling"): about once a second, Retry-After
 * honoured, jittered backoff on errors; at the deadline an abort, a grace period of polling, then
 * `unknown` for the background to resolve. It also follows an `unknown` session while that is
 * still young enough to be live on the terminal (an uncertain dispatch that did arrive), settling
 * it as `recovered`. It ends when the session is final or `unknown` past its life, or on stop().
 *
 * Nothing that fails inside a turn ends the loop (promise 9): a journal that refuses a write, an
 * answer that does not fit, a bug. The failure is logged, counted, and the turn tried again
 * after a backoff; the background's watchdog bounds the session's life even if this loop stalls.
 */
export async function followSession(context: EngineContext, sessionId: string): Promise<void> {
  const loop: LoopState = { pollErrors: 0, faults: 0, busySince: undefined };
  // This loop belongs to the engine's current hold on the journal: it ends with it.
  const signal = context.signal;
  let delay = context.config.firstPollDelayMs;
  while (!signal.aborted) {
    await context.sleep(delay, signal);
    if (signal.aborted) return;
    let turn: Turn;
    try {
      turn = await followTurn(context, sessionId, loop);
      loop.faults = 0;
    } catch (error) {
      if (signal.aborted) return;
      context.stats.loopErrors += 1;
      turn = { done: false, delayMs: delayAfterError(loop.faults, undefined, context.config, context.random) };
      loop.faults += 1;
      context.logger.error('a poll loop turn failed; trying again', { sessionId, retryInMs: turn.delayMs, error: error instanceof Error ? error.message : String(error) });
    }
    if (turn.done) return;
    delay = turn.delayMs;
  }
}

async function followTurn(context: EngineContext, sessionId: string, loop: LoopState): Promise<Turn> {
  const { config, clock } = context;
  const record = context.view(sessionId);
  if (!record || (record.state !== 'pending' && record.state !== 'aborting' && record.state !== 'unknown')) return { done: true };
  const age = context.clocks.age(record);
  const pastDeadline = age >= config.deadlineMs;

  // The cashier asked for the abort while the request was on the wire (`abort-wanted`), and the
  // DELETE never left (a crash, or a journal that refused the write): send it now.
  if (record.abortRequested && record.state !== 'aborting' && !abortSent(context, sessionId)) {
    await requestAbort(context, sessionId, 'cashier');
    return { done: false, delayMs: config.pollIntervalMs };
  }
  if (record.state === 'aborting') {
    if ((sinceAbort(context, sessionId) ?? 0) >= config.abortGraceMs) {
      context.append(sessionId, { type: 'deadline-passed', message: 'No answer from the terminal after the abort; checking with Viva in the background.' });
      return { done: true };
    }
  } else if (pastDeadline && record.state === 'unknown') {
    return { done: true }; // past its life: the background's one-shot checks take over
  }
  // Past the deadline a pending session gets one last look before the abort: it may have
  // finished since the last poll, or while the till was down (a session resumed after a crash),
  // and a finished payment must be recorded as it is, not aborted and flagged "paid after abort".
  const lastLook = record.state === 'pending' && pastDeadline;
  const started = clock.monotonic();

  let lookup: SessionLookup | undefined;
  let delayMs: number;
  try {
    lookup = await context.viva.getSession(sessionId);
    context.reachable(true);
    loop.pollErrors = 0;
    delayMs = nextPollDelay(config, clock.monotonic() - started);
  } catch (error) {
    context.reachable(!isOffline(error));
    delayMs = delayAfterError(loop.pollErrors, isVivaError(error) ? error.retryAfterMs : undefined, config, context.random);
    loop.pollErrors += 1;
    if (isVivaError(error) && error.code === 'malformed-response') {
      recordAnomaly(context, sessionId, 'unreadable-body', { message: error.message });
    }
    context.logger.debug('poll failed', { sessionId, code: isVivaError(error) ? error.code : 'unexpected', retryInMs: delayMs });
  }
  const finished = lookup?.status === 'final' && lookup.outcome.kind !== 'busy';
  // A 404 is no last look: right after the request Viva may not know the session yet (spec §11,
  // the early 404), and an abort sent blind could flag a payment made meanwhile "paid after
  // abort". It is polled on; the watchdog bounds it at deadline + abort grace, as any session.
  const blind = lookup?.status === 'not-found';
  if (lastLook && !finished && !blind) {
    await requestAbort(context, sessionId, 'deadline');
    return { done: false, delayMs: config.pollIntervalMs };
  }
  if (lookup === undefined || lookup.status !== 'final') return { done: false, delayMs }; // 202, or an early 404 (spec §10.8): the deadline bounds both

  // 1100 "a request is already in progress": re-polled for a while before it counts (spec §5.1).
  if (lookup.outcome.kind === 'busy' && record.state !== 'unknown') {
    loop.busySince ??= started;
    if (started < loop.busySince + config.busyGraceMs && !pastDeadline) return { done: false, delayMs };
  }
  // Re-read: an abort, or the watchdog, may have moved the session while the GET was on the wire.
  const current = context.view(sessionId);
  if (!current || (current.state !== 'pending' && current.state !== 'aborting' && current.state !== 'unknown')) return { done: true };
  if (!settle(context, current, lookup, 'get-session')) {
    // An answer for another session: it settles nothing, and the lastLook abort still applies.
    if (lastLook) await requestAbort(context, sessionId, 'deadline');
    return { done: false, delayMs };
  }
  return { done: true };
}
