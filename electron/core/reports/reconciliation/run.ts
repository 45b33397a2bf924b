import { addDays, DAY_MS, formatDay, parseDay } from '../../../domain/business-day.ts';
import type { Clock } from '../../clock.ts';
import { canonicalJson, type Journal, type SessionRecord } from '../../journal/index.ts';
import type { Logger } from '../../logger.ts';
import { isVivaError, type VivaClient, type VivaSession } from '../../viva/index.ts';
import { diffDay, RESOLUTION_EVENT_TYPES, type DayDiff, type UnreadableEntry } from './diff.ts';

/**
 * Reconciliation of a business day against Viva (design.md §4): fetch Viva's records of every
 * UTC date the day touches, diff them against the journal (diff.ts), remember the result
 * for the day's report. Resolving a difference (each resolution a journal event) is resolve.ts.
 *
 * Viva unreachable (or not configured): the journal alone is read, the result says so
 * (`source: 'journal-only'`) and lists what the journal already knows (resolutions, unknown
 * sessions); nothing is stored.
 *
 * Running it again with nothing changed writes nothing: the stored result is rewritten only when
 * it differs, and reconciling itself never writes an event; only a person's resolution does.
 */
export type RefundStarter = (input: { parentSessionId: string; amount: number }) => Promise<SessionRecord>;

export interface ReconciliationDeps {
  journal: Journal;
  /** Null when no Viva connection is configured: the journal alone is used. */
  viva: Pick<VivaClient, 'listSessions'> | null;
  /** Starts a referenced refund (the payment engine's refund); null when none is available. */
  refund: RefundStarter | null;
  clock: Clock;
  logger: Logger;
  /** This till's cash register: a Viva record naming another one is that till's payment. Null: not known. */
  cashRegisterId: string | null;
}

export interface ReconciliationResult extends DayDiff {
  businessDay: string;
  timeZone: string;
  cutoffHour: number;
  /** 'viva': compared with Viva's records; 'journal-only': Viva could not be asked. */
  source: 'viva' | 'journal-only';
  /** Why Viva could not be asked (source 'journal-only'). */
  vivaError: { code: string; message: string } | null;
  /** One line for the operator. */
  message: string;
  /** The UTC dates whose Viva records were (or would have been) fetched. */
  utcDates: string[];
  journalSessions: number;
  /** Viva records fetched for those dates (every day's, before attribution). */
  vivaSessions: number;
  /** The day's sessions whose outcome is unknown: Viva will tell, or a person must. */
  unknownSessions: string[];
  open: number;
  resolved: number;
  /** When this run happened (UTC ISO). */
  checkedAt: string;
}

/** What the day's report shows about reconciliation; kept in the journal (reconciliations table). */
export interface ReconciliationStatus {
  /** not-run; clean (no differences); open (some unresolved); resolved (all differences resolved). */
  status: 'not-run' | 'clean' | 'open' | 'resolved';
  checkedAt: string | null;
  matched: number;
  open: number;
  resolved: number;
  openDifferences: string[];
}

const SPILL_MS = 15 * 60 * 1000;

/** One run: the result, and what resolve.ts needs to act on it. */
export interface Run {
  result: ReconciliationResult;
  viva: Map<string, VivaSession>;
  journalSessions: SessionRecord[];
}

export async function reconcile(deps: ReconciliationDeps, day: string): Promise<ReconciliationResult> {
  return (await run(deps, day)).result;
}

export async function run(deps: ReconciliationDeps, day: string): Promise<Run> {
  const { journal } = deps;
  const journalSessions = readDay(journal, day);
  const utcDates = datesToFetch(journal, day, journalSessions);
  let fetched: VivaSession[] | null = null;
  const unreadable: UnreadableEntry[] = [];
  let vivaError: ReconciliationResult['vivaError'] = null;
  if (!deps.viva) {
    vivaError = { code: 'not-configured', message: 'No Viva connection is configured.' };
  } else {
    try {
      fetched = [];
      for (const date of utcDates) {
        const list = await deps.viva.listSessions(date);
        fetched.push(...list.sessions);
        unreadable.push(...list.unreadable.map((entry) => ({ ...entry, date })));
      }
    } catch (error) {
      if (!isVivaError(error)) throw error;
      fetched = null;
      vivaError = { code: error.code, message: error.message };
      deps.logger.warn('reconciliation: Viva could not be asked, using the journal alone', { day, code: error.code });
    }
  }
  const viva = new Map<string, VivaSession>();
  for (const session of fetched ?? []) {
    const seen = viva.get(session.sessionId);
    // A record with an outcome beats one without (the same session listed on two dates).
    if (!seen || seen.success === null) viva.set(session.sessionId, session);
  }
  const diff = diffDay({
    day,
    journalSessions,
    vivaSessions: fetched === null ? null : [...viva.values()],
    vivaUnreadable: fetched === null ? [] : unreadable,
    journalSession: (sessionId) => journal.getSession(sessionId),
    businessDayOf: (ms) => journal.paymentDayOf(ms),
    resolutions: journal.eventsOfBusinessDay(day, RESOLUTION_EVENT_TYPES),
    canRefund: deps.refund !== null,
    ownCashRegisterId: deps.cashRegisterId,
  });
  const open = diff.differences.filter((d) => d.status === 'open').length;
  const resolved = diff.differences.length - open;
  const checkedAt = new Date(deps.clock.now()).toISOString();
  const result: ReconciliationResult = {
    businessDay: day,
    timeZone: journal.businessDay.timeZone,
    cutoffHour: journal.businessDay.cutoffHour,
    source: fetched === null ? 'journal-only' : 'viva',
    vivaError,
    message: '',
    utcDates,
    journalSessions: journalSessions.length,
    vivaSessions: fetched === null ? 0 : fetched.length + unreadable.length,
    unknownSessions: journalSessions.filter((r) => r.state === 'unknown').map((r) => r.sessionId),
    ...diff,
    open,
    resolved,
    checkedAt,
  };
  result.message = summaryLine(result);
  if (result.source === 'viva') {
    const written = journal.recordReconciliation({ businessDay: day, checkedAt, summary: storedSummary(result) });
    deps.logger.info('reconciliation done', { day, matched: result.matched, open, resolved, stored: written });
  }
  return { result, viva, journalSessions };
}

/** The journal's sessions of a day, read completely before anything is written. */
function readDay(journal: Journal, day: string): SessionRecord[] {
  return Array.from(journal.sessionsOfBusinessDay(day));
}

/**
 * The UTC dates to ask Viva about: those the business day overlaps, plus the next one when a
 * session of the day ran across its end (Viva may file a session under the date it finished).
 */
export function datesToFetch(journal: Journal, day: string, sessions: readonly SessionRecord[]): string[] {
  const dates = withDatesSinceTheDayBefore(journal, day, journal.utcDatesOfBusinessDay(day));
  const last = dates[dates.length - 1] as string;
  const endMs = (parseDay(last) ?? Number.NaN) + DAY_MS;
  const next = formatDay(endMs);
  const spills = sessions.some((r) => Date.parse(r.createdAt) >= endMs - SPILL_MS || (r.finishedAt !== null && r.finishedAt.slice(0, 10) === next));
  return spills ? [...dates, next] : dates;
}

/**
 * Payments started after the Z report of the day before count in this day when that day was
 * closed before its end (domain/payment-day.ts): Viva files them under the UTC dates since that
 * close, which may come before this day's own.
 */
function withDatesSinceTheDayBefore(journal: Journal, day: string, dates: string[]): string[] {
  const previous = journal.zReport(addDays(day, -1));
  const first = dates[0];
  if (!previous || first === undefined) return dates;
  const earlier: string[] = [];
  // A day is closed once it has begun, so its close is at most a day or two of UTC dates earlier.
  for (let date = previous.closedAt.slice(0, 10); date < first && earlier.length < 3; date = addDays(date, 1)) earlier.push(date);
  return [...earlier, ...dates];
}

/** What the day's report needs to know of the last reconciliation (stored canonical JSON). */
function storedSummary(result: ReconciliationResult): string {
  return canonicalJson({
    matched: result.matched,
    inProgress: result.inProgress,
    notSent: result.notSent,
    vivaPending: result.vivaPending,
    utcDates: result.utcDates,
    differences: result.differences.map((d) => ({ id: d.id, status: d.status, action: d.resolution?.action ?? null })),
  });
}

export function reconciliationStatus(journal: Journal, day: string): ReconciliationStatus {
  const row = journal.reconciliation(day);
  if (!row) return { status: 'not-run', checkedAt: null, matched: 0, open: 0, resolved: 0, openDifferences: [] };
  const summary = JSON.parse(row.summary) as { matched: number; differences: { id: string; status: string }[] };
  const openDifferences = summary.differences.filter((d) => d.status === 'open').map((d) => d.id);
  const resolved = summary.differences.length - openDifferences.length;
  return {
    status: openDifferences.length > 0 ? 'open' : resolved > 0 ? 'resolved' : 'clean',
    checkedAt: row.checkedAt,
    matched: summary.matched,
    open: openDifferences.length,
    resolved,
    openDifferences,
  };
}

/** "1 session", "2 sessions": the CLI's and the log's English, counted right. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summaryLine(result: ReconciliationResult): string {
  if (result.source === 'journal-only') {
    return (
      `Viva could not be asked (${result.vivaError?.message ?? 'no connection'}): this is the journal alone. ` +
      `${count(result.journalSessions, 'session')}, ${result.unknownSessions.length} unknown, ${count(result.resolved, 'difference')} resolved earlier; differences against Viva are not known.`
    );
  }
  return `${result.matched} matched, ${count(result.open, 'open difference')}, ${result.resolved} resolved; ${result.inProgress} in progress, ${result.notSent} never sent.`;
}
