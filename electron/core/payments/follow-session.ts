import { isVivaError, type SessionLookup } from '../viva/index.ts';
import { requestAbort } from './abort.ts';
import { abortRequestedAt, isStopped, type EngineContext } from './context.ts';
import { delayAfterError } from './poll-schedule.ts';
import { settle } from './settle.ts';

/**
 * The poll loop of one session (design.md §2 "Polling"): about once a second, Retry-After
 * honoured, jittered backoff on errors; at the deadline an abort, a grace period of polling, then
 * `unknown` for the background to resolve. It also follows an `unknown` session while that is
 * still young enough to be live on the terminal (an uncertain dispatch that did arrive), settling
 * it as `recovered`. It ends when the session is final or `unknown` past its life, or on stop().
 */
export async function followSession(context: EngineContext, sessionId: string): Promise<void> {
  const { config, clock, journal } = context;
  let delay = config.firstPollDelayMs;
  let errors = 0;
  let busySince: number | undefined;
  let abortAt = abortRequestedAt(context, sessionId);

  while (!isStopped(context)) {
    await context.sleep(delay, context.signal);
    const record = journal.getSession(sessionId);
    if (!record || (record.state !== 'pending' && record.state !== 'aborting' && record.state !== 'unknown')) return;
    const now = clock.now();
    const deadlineAt = Date.parse(record.createdAt) + config.deadlineMs;

    if (record.state === 'aborting') {
      abortAt ??= now;
      if (now >= abortAt + config.abortGraceMs) {
        context.append(sessionId, { type: 'deadline-passed', message: 'No answer from the terminal after the abort; checking with Viva in the background.' });
        return;
      }
    } else if (now >= deadlineAt && record.state === 'unknown') {
      return; // past its life: the background's one-shot checks take over
    }
    // Past the deadline a pending session gets one last look before the abort: it may have
    // finished since the last poll, or while the till was down (a session resumed after a crash),
    // and a finished payment must be recorded as it is, not aborted and flagged "paid after abort".
    const pastDeadline = record.state === 'pending' && now >= deadlineAt;

    let lookup: SessionLookup | undefined;
    try {
      lookup = await context.viva.getSession(sessionId);
      context.reachable(true);
      errors = 0;
      // Polls are spaced start to start, so the interval is the real period whatever the round
      // trip: detection latency and the request rate both follow the setting (design.md §8).
      delay = Math.max(0, config.pollIntervalMs - (clock.now() - now));
    } catch (error) {
      const code = isVivaError(error) ? error.code : 'unexpected';
      context.reachable(code !== 'network' && code !== 'timeout');
      delay = delayAfterError(errors, isVivaError(error) ? error.retryAfterMs : undefined, config, context.random);
      errors += 1;
      context.logger.debug('poll failed', { sessionId, code, retryInMs: delay });
    }
    if (pastDeadline && (lookup === undefined || lookup.status !== 'final' || lookup.outcome.kind === 'busy')) {
      await requestAbort(context, sessionId, 'deadline');
      abortAt = clock.now();
      delay = config.pollIntervalMs;
      continue;
    }
    if (lookup === undefined) continue;

    if (lookup.status !== 'final') continue; // 202, or an early 404 (spec §10.8): the deadline bounds both
    // 1100 "a request is already in progress": re-polled for a while before it counts (spec §5.1).
    if (lookup.outcome.kind === 'busy' && record.state !== 'unknown') {
      busySince ??= now;
      if (now < Math.min(busySince + config.busyGraceMs, deadlineAt)) continue;
    }
    // Re-read: an abort may have been journaled while the GET was on the wire.
    const current = journal.getSession(sessionId);
    if (!current || (current.state !== 'pending' && current.state !== 'aborting' && current.state !== 'unknown')) return;
    settle(context, current, lookup, 'get-session');
    return;
  }
}
