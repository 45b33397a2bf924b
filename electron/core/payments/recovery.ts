import { formatDay } from '../../domain/business-day.ts';
import type { SessionRecord } from '../journal/index.ts';
import { isOffline, isVivaError, lookupFromSession, type SessionLookup, type VivaSession } from '../viva/index.ts';
import { requestAbort } from './abort.ts';
import { bodyFits } from './anomaly.ts';
import { abortSent, dayListFor, isStopped, vivaBody, type EngineContext } from './context.ts';
import { observePending } from './never-delivered.ts';
import { finalStateOf } from './outcome-state.ts';
import { raise, settle } from './settle.ts';

/**
 * Crash recovery (promise 6), run by start() before the engine accepts work. What a session's
 * last event says decides: `created` never left the till (the `dispatching` event is written
 * before the request), so it failed without reaching Viva; `dispatching` may have reached Viva,
 * so it is `unknown` and checked; `pending`/`aborting` are polled again from where they were.
 */
export function resumeOpenSessions(context: EngineContext): { resumed: number } {
  const open = context.journal.openSessions();
  for (const record of open) {
    if (record.state === 'created') {
      context.append(record.sessionId, {
        type: 'dispatch-refused',
        reason: 'never-sent',
        message: 'The till stopped before sending this request: it never reached Viva, and nobody was charged.',
      });
    } else if (record.state === 'dispatching') {
      context.append(record.sessionId, {
        type: 'dispatch-uncertain',
        errorClass: 'interrupted',
        message: 'The till stopped while sending this request; Viva may have received it. Checking.',
      });
    }
  }
  for (const stored of context.journal.openSessions()) {
    const record = context.view(stored.sessionId) ?? stored;
    if (record.state === 'unknown') void checkUnknown(context, record.sessionId).catch((e) => logFailure(context, record.sessionId, e));
    else context.follow(record.sessionId);
  }
  return { resumed: open.length };
}

/**
 * One look at an `unknown` session: young ones are polled like pending ones; older ones get one
 * GET. Still live on the terminal past its life: abort it, then verify (it may still pay). Viva
 * has never heard of it past the grace period, and its day's list agrees: it never arrived, so
 * nobody was charged and a new attempt (with a new sessionId) is safe.
 */
export async function checkUnknown(context: EngineContext, sessionId: string): Promise<void> {
  const record = context.view(sessionId);
  if (!record || record.state !== 'unknown' || context.followers.has(sessionId) || isStopped(context)) return;
  context.lastChecked.set(sessionId, context.clock.monotonic());
  const age = context.clocks.age(record);
  if (age < context.config.deadlineMs) {
    context.follow(sessionId);
    return;
  }
  const lookup = await lookupQuietly(context, sessionId);
  if (!lookup) return;
  const current = context.view(sessionId);
  if (!current || current.state !== 'unknown') return;
  if (lookup.status === 'final') {
    settle(context, current, lookup, 'get-session');
  } else if (lookup.status === 'pending') {
    if (!abortSent(context, sessionId)) {
      await requestAbort(context, sessionId, 'recovery');
      context.follow(sessionId);
    } else {
      // Still "being processed" after its abort and grace: evidence for the operator's diagnosis.
      await observePending(context, current);
    }
  } else if (context.clocks.age(current) >= context.config.notFoundGraceMs) {
    await settleFromDayList(context, current);
  }
}

/** Viva's list of the session's UTC day (and the next: a late session may be filed there) decides. */
async function settleFromDayList(context: EngineContext, record: SessionRecord): Promise<void> {
  const created = Date.parse(record.createdAt);
  const days = [formatDay(created), formatDay(created + 86_400_000)];
  let found: VivaSession | undefined;
  try {
    for (const day of days) {
      const list = await dayListFor(context, record, day);
      // An entry Viva has that this till cannot read may be this session: absence is not proven.
      if (list.unreadable.some((u) => u.sessionId === record.sessionId || u.sessionId === null)) return;
      found = list.sessions.find((s) => s.sessionId === record.sessionId);
      if (found) break;
    }
    context.reachable(true);
  } catch (error) {
    context.reachable(!isOffline(error));
    return;
  }
  if (!found) {
    context.append(record.sessionId, {
      type: 'recovered',
      outcome: 'failed',
      source: 'not-found',
      message: 'Viva never received this request: nobody was charged. A new attempt is safe.',
    });
    return;
  }
  // The list carries whole session bodies: the outcome is read the same way as from a GET.
  const lookup = lookupFromSession(found);
  if (lookup.status === 'final') settle(context, record, lookup, 'sessions-by-date');
}

/**
 * Promise 7: a session that ended without a payment is asked about once more a few minutes
 * later, because Viva has reported declines that later showed up as payments (spec §4).
 */
export async function recheck(context: EngineContext, sessionId: string): Promise<void> {
  const record = context.view(sessionId);
  if (!record || record.state === 'approved' || record.state === 'unknown' || record.recheckedAt !== null) return;
  const lookup = await lookupQuietly(context, sessionId);
  if (!lookup) return;
  // A body for another session proves nothing about this one: journaled as an anomaly, asked again at the next re-check.
  if (lookup.status === 'final' && !bodyFits(context, record, lookup.session)) return;
  if (lookup.status === 'final' && lookup.outcome.kind === 'approved') {
    const updated = context.append(sessionId, { type: 'late-success', source: 'recheck', viva: vivaBody(lookup.session), message: lookup.outcome.message });
    raise(context, updated, 'late-success', `This ${record.kind} was recorded as ${record.state}, but Viva now reports it approved: the customer was charged.`);
    return;
  }
  context.append(sessionId, {
    type: 'recheck',
    source: 'recheck',
    observed: lookup.status === 'final' ? finalStateOf(lookup.outcome.kind) : lookup.status,
    ...(lookup.status === 'final' ? { viva: vivaBody(lookup.session) } : {}),
  });
}

async function lookupQuietly(context: EngineContext, sessionId: string): Promise<SessionLookup | undefined> {
  try {
    const lookup = await context.viva.getSession(sessionId);
    context.reachable(true);
    return lookup;
  } catch (error) {
    context.reachable(!isOffline(error));
    context.logger.debug('background lookup failed', { sessionId, code: isVivaError(error) ? error.code : 'unexpected' });
    return undefined;
  }
}

export function logFailure(context: EngineContext, sessionId: string, error: unknown): void {
  context.logger.error('background work on a session failed', { sessionId, error: error instanceof Error ? error.message : String(error) });
}
