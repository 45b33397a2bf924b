import { formatDay } from '../../domain/business-day.ts';
import type { JournalEvent, SessionRecord } from '../journal/index.ts';
import { isOffline, lookupFromSession } from '../viva/index.ts';
import type { EngineConfig } from './config.ts';
import { dayListFor, type EngineContext } from './context.ts';
import { settle } from './settle.ts';

/**
 * Sessions that never end (spec §11, Viva #2434/#2422): a request Viva accepted for a terminal
 * that never received it answers 202 "being processed" for ever, also after its abort. Such a
 * session stays `unknown`, and the operator needs evidence to settle it: how long Viva has said
 * "being processed", whether Viva's day lists name it, what Viva said last. The evidence is
 * journaled (a `recheck` event with `observed: 'pending'` and the day lists read with it), so a
 * restarted till and `ecr status` read the same diagnosis. Nothing is resolved automatically.
 */

export type DayListResult = 'absent' | 'listed' | 'unreadable';

export interface DayListCheck {
  /** Every UTC date the session touches, from its creation to the check. */
  dates: string[];
  /** 'unreadable': a list has an entry the till cannot read that may be this session. */
  result: DayListResult;
}

export interface NeverEndingDiagnosis {
  sessionId: string;
  /** When Viva accepted the request (its `dispatched` event); null when that answer was lost. */
  acceptedAt: string | null;
  /** The first and the latest journaled check of an unbroken run of 202 answers. */
  pendingSince: string;
  pendingUntil: string;
  pendingForMs: number;
  /** The day lists read at the latest check; null when they could not be read then. */
  dayLists: DayListCheck | null;
  /** What Viva said at the latest journaled check. */
  lastObserved: 'pending' | 'not-found' | 'approved' | 'declined' | 'cancelled' | 'failed' | 'aborted';
  lastObservedAt: string;
  /** When the abort was sent, and whether Viva accepted it; null when none was sent. */
  abort: { requestedAt: string; accepted: boolean | null } | null;
  thresholdMs: number;
  /** 'resolve-as-failed': nobody was charged by this session as far as Viva's records show. */
  recommendation: 'resolve-as-failed' | null;
}

const MAX_DAYS = 7;
/** When this process last journaled a 202 observation of each session (monotonic); empty after a restart, so the first check journals. */
const journaledAt = new WeakMap<EngineContext, Map<string, number>>();
const DAY_MS = 86_400_000;

/** The evidence journaled with an operator's resolution, from the diagnosis at that moment. */
export function evidenceOf(diagnosis: NeverEndingDiagnosis) {
  return {
    acceptedAt: diagnosis.acceptedAt,
    pendingSince: diagnosis.pendingSince,
    pendingUntil: diagnosis.pendingUntil,
    pendingForMs: diagnosis.pendingForMs,
    dayLists: diagnosis.dayLists,
    lastObserved: diagnosis.lastObserved,
    recommendation: diagnosis.recommendation,
  };
}

/**
 * The diagnosis of a session from its journaled history; undefined when Viva was never seen
 * answering 202 about it after it became `unknown`. Durations come from the events' stamps: the
 * evidence must read the same after a restart and in another process.
 */
export function diagnoseSession(record: SessionRecord, events: readonly JournalEvent[], config: Pick<EngineConfig, 'neverDeliveredAfterMs'>): NeverEndingDiagnosis | undefined {
  let acceptedAt: string | null = null;
  let abort: NeverEndingDiagnosis['abort'] = null;
  let since: string | undefined;
  let until: string | undefined;
  let dayLists: DayListCheck | null = null;
  let last: { observed: NeverEndingDiagnosis['lastObserved']; at: string } | undefined;
  for (const event of events) {
    if (event.type === 'dispatched') acceptedAt = event.at;
    else if (event.type === 'abort-requested') abort = { requestedAt: event.at, accepted: null };
    else if (event.type === 'abort-result' && abort) abort.accepted = event.payload.accepted;
    else if (event.type === 'recheck') {
      last = { observed: event.payload.observed, at: event.at };
      if (event.payload.observed === 'pending') {
        since ??= event.at;
        until = event.at;
        dayLists = event.payload.dayLists ?? null;
      } else {
        // Any other answer breaks the run: 202 "for ever" must be unbroken to count.
        since = undefined;
        until = undefined;
        dayLists = null;
      }
    }
  }
  if (!last) return undefined;
  if (since === undefined || until === undefined) {
    if (last.observed !== 'pending') return undefined;
    since = until = last.at;
  }
  const pendingForMs = Math.max(0, Date.parse(until) - Date.parse(since));
  const recommended =
    record.state === 'unknown' &&
    last.observed === 'pending' &&
    abort !== null &&
    dayLists?.result === 'absent' &&
    pendingForMs >= config.neverDeliveredAfterMs;
  return {
    sessionId: record.sessionId,
    acceptedAt,
    pendingSince: since,
    pendingUntil: until,
    pendingForMs,
    dayLists,
    lastObserved: last.observed,
    lastObservedAt: last.at,
    abort,
    thresholdMs: config.neverDeliveredAfterMs,
    recommendation: recommended ? 'resolve-as-failed' : null,
  };
}

/** The UTC dates from the session's creation to `now` (at most a week: older lists are the reconciliation's). */
export function datesTouched(createdAt: string, now: number): string[] {
  const first = Date.parse(createdAt);
  const dates: string[] = [];
  for (let t = first; dates.length < MAX_DAYS; t += DAY_MS) {
    const day = formatDay(t);
    dates.push(day);
    if (day >= formatDay(now)) break;
  }
  return dates;
}

/**
 * The background saw 202 again for an `unknown` session whose abort was sent. Journals the
 * observation with Viva's day lists, at most once per fifth of the threshold (a session can stay
 * like this for hours; the journal should not grow by an event a check). A day list that has the
 * session with a final body settles it, as recovery would.
 */
export async function observePending(context: EngineContext, record: SessionRecord): Promise<void> {
  let lastJournaled = journaledAt.get(context);
  if (!lastJournaled) journaledAt.set(context, (lastJournaled = new Map()));
  const now = context.clock.monotonic();
  const previous = lastJournaled.get(record.sessionId);
  if (previous !== undefined && now - previous < context.config.neverDeliveredAfterMs / 5) return;
  lastJournaled.set(record.sessionId, now);
  const dayLists = await readDayLists(context, record);
  if (dayLists === 'settled') return;
  const current = context.view(record.sessionId);
  if (!current || current.state !== 'unknown') return;
  context.append(record.sessionId, { type: 'recheck', source: 'watch', observed: 'pending', ...(dayLists ? { dayLists } : {}) });
}

async function readDayLists(context: EngineContext, record: SessionRecord): Promise<DayListCheck | 'settled' | undefined> {
  const dates = datesTouched(record.createdAt, context.clock.now());
  let result: DayListResult = 'absent';
  try {
    for (const date of dates) {
      const list = await dayListFor(context, record, date);
      const found = list.sessions.find((s) => s.sessionId === record.sessionId);
      if (found) {
        const lookup = lookupFromSession(found);
        const current = context.view(record.sessionId);
        if (lookup.status === 'final' && current?.state === 'unknown' && settle(context, current, lookup, 'sessions-by-date')) return 'settled';
        result = 'listed';
      } else if (result === 'absent' && list.unreadable.some((u) => u.sessionId === record.sessionId || u.sessionId === null)) {
        result = 'unreadable';
      }
    }
    context.reachable(true);
  } catch (error) {
    context.reachable(!isOffline(error));
    return undefined;
  }
  return { dates, result };
}
