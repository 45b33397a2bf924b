import type { Clock } from '../clock.ts';
import {
  applyEvent,
  canonicalJson,
  isJournalError,
  type ChainHead,
  type Journal,
  type JournalEvent,
  type SessionRecord,
  type ZReportRow,
} from '../journal/index.ts';
import { addDays, businessDaySpan } from '../../domain/business-day.ts';
import { restated } from '../../domain/coded-error.ts';
import { isInFlightState } from '../../domain/session-states.ts';
import { brief, buildDayTotals, compare, isForeign, netEffect, type DayTotals, type SessionBrief } from './day-totals.ts';
import { ReportError } from './errors.ts';
import { reconciliationStatus, type ReconciliationStatus } from './reconciliation/run.ts';

/**
 * End of day (design.md §4): a day's report, closing the day with a numbered Z report, and
 * regenerating a closed day's report exactly as it was closed.
 *
 * The report is a pure function of the journal file: no "generated at", fixed orders, integer
 * minor units. An open day is read from the sessions table. A closed day is replayed from its
 * sessions' events up to the chain head stored with its Z report, so it comes out byte-identical
 * however much later happens (a late success, another reconciliation...); what happened after
 * closing is listed beside it instead, and an edit of the day's rows is reported as tampering:
 *   - every event of the day still hashes right and is linked to its neighbours, and the stored
 *     head is still in the chain (Journal.verifyBusinessDay; `ecr journal verify` walks it all);
 *   - the totals replayed from the events are the ones frozen in the Z report.
 * A closed day is never extended (domain/payment-day.ts): payments started after its close count
 * in the next day. Payments started before it whose outcome arrived after it (an unknown settled,
 * a late success) are the day's late outcomes: listed as what they are, with what they do to the
 * net, not as changes; the frozen totals stay as they were at the close.
 */
export interface ZInfo {
  number: number;
  /** UTC ISO 8601. */
  closedAt: string;
  /** The chain's head at closing: `journal verify` checks it is still there. */
  anchor: ChainHead;
  /** Set when the day was closed with sessions still unknown. */
  override: { reason: string; operator: string } | null;
}

export interface SessionChange {
  sessionId: string;
  /** 'added': the session has no event before closing; 'changed': its reported fields changed since. */
  change: 'added' | 'changed';
  before: ReportedFields | null;
  after: ReportedFields;
}

/** A payment of the day started before its close whose outcome changed after it. */
export interface LateOutcome extends SessionBrief {
  /** The state the Z report counted it in. */
  stateAtClose: string;
  /** When the journal last changed it (UTC ISO): when the outcome arrived. */
  updatedAt: string;
  /** What the late outcome adds to the day's net in its currency (minor units; negative for a refund). */
  netChange: number;
}

export interface ReportedFields {
  state: string;
  amount: number;
  tipAmount: number;
  currencyCode: string;
}

export interface IntegrityProblem {
  /** A chain break's reason, or 'totals-mismatch'. */
  reason: string;
  eventId: number | null;
  sessionId: string | null;
  detail: string;
}

export interface Integrity {
  /**
   * tampered: the day's rows were edited outside the app; changed-since-closing: a session was
   * added to the closed day or changed other than by its outcome (late outcomes are expected, and
   * listed apart: DayReport.lateOutcomes).
   */
  status: 'intact' | 'changed-since-closing' | 'tampered';
  /** Events of the day's sessions up to the head stored at closing, all checked (later ones are checked too). */
  checkedEvents: number;
  problems: IntegrityProblem[];
  changedSinceClosing: SessionChange[];
}

export interface DayReport {
  format: 'cloud-ecr.day-report';
  version: 1;
  businessDay: string;
  environment: string;
  timeZone: string;
  cutoffHour: number;
  status: 'open' | 'closed';
  z: ZInfo | null;
  totals: DayTotals;
  reconciliation: ReconciliationStatus;
  /** Closed days only. */
  integrity: Integrity | null;
  /** Closed days only (empty for an open day, whose totals include every outcome): oldest first. */
  lateOutcomes: LateOutcome[];
  /**
   * The day before was closed before its end: payments started after that Z report count in this
   * day, so it began at that close rather than at its cut-off hour.
   */
  earlyStart: EarlyStart | null;
}

export interface EarlyStart {
  /** The day before, closed early. */
  closedDay: string;
  number: number;
  /** UTC ISO 8601. */
  closedAt: string;
}

/** A report and the sessions it was computed from (as closed, for a closed day), oldest first. */
export interface DaySnapshot {
  report: DayReport;
  sessions: SessionRecord[];
}

/** What is frozen in the journal when a day is closed (canonical JSON in z_reports.totals). */
interface Frozen {
  totals: DayTotals;
  reconciliation: ReconciliationStatus;
}

export interface CloseDayOptions {
  /** Close although sessions are still unknown: who decided, and why. */
  overrideUnknown?: { reason: string; operator: string };
}

export function daySnapshot(journal: Journal, day: string): DaySnapshot {
  const z = journal.zReport(day);
  if (!z) {
    const sessions = Array.from(journal.sessionsOfBusinessDay(day));
    const totals = buildDayTotals(sessions, { timeZone: journal.businessDay.timeZone });
    return {
      report: report(journal, day, { z: null, totals, reconciliation: reconciliationStatus(journal, day), integrity: null, lateOutcomes: [] }),
      sessions,
    };
  }
  return closedSnapshot(journal, day, z);
}

/**
 * Closes a business day: refuses while sessions are on a terminal, and while sessions are
 * unknown unless overridden with a reason; then, in one exclusive transaction, takes the chain's
 * head, computes the report as of that head and stores it under the next Z number.
 */
export function closeDay(journal: Journal, clock: Clock, day: string, options: CloseDayOptions = {}): DaySnapshot {
  const override = options.overrideUnknown;
  if (override && (!override.reason?.trim() || !override.operator?.trim())) {
    throw new ReportError('invalid-input', { id: 'report.override-needs-reason' });
  }
  if (day > journal.businessDayOf(clock.now())) throw new ReportError('invalid-input', { id: 'report.day-not-started', params: { day } });
  try {
    journal.exclusive(() => {
      const closed = journal.zReport(day);
      if (closed) throw new ReportError('day-closed', { id: 'report.day-closed', params: { day, number: closed.number }, detail: `(${closed.closedAt})` });
      const head = journal.head();
      const { atAnchor } = replayDay(journal.eventsOfBusinessDay(day), head.events);
      const inProgress = atAnchor.filter((r) => !isForeign(r) && isInFlightState(r.state));
      if (inProgress.length > 0) {
        throw new ReportError(
          'sessions-in-progress',
          { id: 'report.sessions-in-progress', params: { count: inProgress.length, day, sessions: ids(inProgress) } },
        );
      }
      const unknown = atAnchor.filter((r) => !isForeign(r) && r.state === 'unknown');
      if (unknown.length > 0 && !override) {
        throw new ReportError(
          'unknown-sessions',
          { id: 'report.unknown-sessions', params: { count: unknown.length, day, sessions: ids(unknown) } },
        );
      }
      const frozen: Frozen = {
        totals: buildDayTotals(atAnchor, { timeZone: journal.businessDay.timeZone }),
        reconciliation: reconciliationStatus(journal, day),
      };
      journal.insertZReport({
        businessDay: day,
        closedAt: new Date(clock.now()).toISOString(),
        anchor: head,
        totals: canonicalJson(frozen),
        override: unknown.length > 0 && override ? { reason: override.reason.trim(), operator: override.operator.trim() } : null,
      });
    });
  } catch (error) {
    if (isJournalError(error, 'day-closed')) throw new ReportError('day-closed', restated(error), { cause: error });
    throw error;
  }
  return daySnapshot(journal, day);
}

function closedSnapshot(journal: Journal, day: string, z: ZReportRow): DaySnapshot {
  const timeZone = journal.businessDay.timeZone;
  // One read of the day's events serves both the integrity check and the replay.
  const check = journal.verifyBusinessDay(day, { ...z.anchor, label: `Z report ${z.number}` });
  const events = check.events;
  const { atAnchor, now, problems: replayProblems } = replayDay(events, z.anchor.events);
  const totals = buildDayTotals(atAnchor, { timeZone });
  const problems: IntegrityProblem[] = [...check.problems, ...replayProblems];

  let frozen: Frozen | undefined;
  try {
    frozen = JSON.parse(z.totals) as Frozen;
  } catch {
    frozen = undefined;
  }
  const reconciliation = frozen?.reconciliation ? inReportOrder(frozen.reconciliation) : reconciliationStatus(journal, day);
  if (!frozen || canonicalJson({ totals, reconciliation } satisfies Frozen) !== z.totals) {
    problems.push({
      reason: 'totals-mismatch',
      eventId: null,
      sessionId: null,
      detail: `The totals frozen in Z report ${z.number} are not what the journal's events of ${day} give now (${nets(frozen?.totals)} at closing; ${nets(totals)} now).`,
    });
  }
  const { lateOutcomes, changedSinceClosing } = changes(atAnchor, now);
  const integrity: Integrity = {
    status: problems.length > 0 ? 'tampered' : changedSinceClosing.length > 0 ? 'changed-since-closing' : 'intact',
    // Those the Z report covers: later events are checked too, but counting them would change the closed report.
    checkedEvents: events.filter((e) => e.id <= z.anchor.events).length,
    problems,
    changedSinceClosing,
  };
  const zInfo: ZInfo = { number: z.number, closedAt: z.closedAt, anchor: z.anchor, override: z.override };
  return { report: report(journal, day, { z: zInfo, totals, reconciliation, integrity, lateOutcomes }), sessions: atAnchor };
}

function report(journal: Journal, day: string, parts: Pick<DayReport, 'z' | 'totals' | 'reconciliation' | 'integrity' | 'lateOutcomes'>): DayReport {
  const before = journal.zReport(addDays(day, -1));
  const earlyStart =
    before && Date.parse(before.closedAt) < businessDaySpan(day, journal.businessDay).startMs
      ? { closedDay: before.businessDay, number: before.number, closedAt: before.closedAt }
      : null;
  return {
    format: 'cloud-ecr.day-report',
    version: 1,
    businessDay: day,
    environment: journal.environment,
    timeZone: journal.businessDay.timeZone,
    cutoffHour: journal.businessDay.cutoffHour,
    status: parts.z ? 'closed' : 'open',
    z: parts.z,
    totals: parts.totals,
    reconciliation: parts.reconciliation,
    integrity: parts.integrity,
    lateOutcomes: parts.lateOutcomes,
    earlyStart,
  };
}

/**
 * Replays a day's events (grouped by session, in order): each session as it stood at the anchor
 * (events with id <= anchorEvents) and as it stands now. Sessions with no event before the
 * anchor were added after it. Both lists oldest first.
 */
export function replayDay(events: readonly JournalEvent[], anchorEvents: number): { atAnchor: SessionRecord[]; now: SessionRecord[]; problems: IntegrityProblem[] } {
  const atAnchor: SessionRecord[] = [];
  const now: SessionRecord[] = [];
  const problems: IntegrityProblem[] = [];
  let index = 0;
  while (index < events.length) {
    const sessionId = (events[index] as JournalEvent).sessionId;
    let record: SessionRecord | null = null;
    let anchored: SessionRecord | null = null;
    let failed = false;
    for (; index < events.length && (events[index] as JournalEvent).sessionId === sessionId; index += 1) {
      const event = events[index] as JournalEvent;
      if (failed) continue;
      try {
        record = applyEvent(record, event);
        if (event.id <= anchorEvents) anchored = record;
      } catch (error) {
        failed = true;
        problems.push({ reason: 'replay-failed', eventId: event.id, sessionId, detail: `Session ${sessionId} cannot be replayed: ${(error as Error).message}` });
      }
    }
    if (failed) continue;
    if (anchored) atAnchor.push(anchored);
    if (record) now.push(record);
  }
  const byAge = (a: SessionRecord, b: SessionRecord) => compare(a.createdAt, b.createdAt) || compare(a.sessionId, b.sessionId);
  return { atAnchor: atAnchor.sort(byAge), now: now.sort(byAge), problems };
}

/**
 * What happened to the day's sessions after the close: a new outcome of a payment the Z report
 * counted is a late outcome; anything else (a session added to the closed day, an amount
 * corrected, a payment found to be another till's) is a change.
 */
function changes(atAnchor: readonly SessionRecord[], now: readonly SessionRecord[]): { lateOutcomes: LateOutcome[]; changedSinceClosing: SessionChange[] } {
  const before = new Map(atAnchor.map((r) => [r.sessionId, r]));
  const lateOutcomes: LateOutcome[] = [];
  const changedSinceClosing: SessionChange[] = [];
  for (const record of now) {
    const then = before.get(record.sessionId);
    const after = reported(record);
    if (!then) {
      changedSinceClosing.push({ sessionId: record.sessionId, change: 'added', before: null, after });
    } else if (then.state !== record.state && isForeign(then) === isForeign(record)) {
      lateOutcomes.push({ ...brief(record), stateAtClose: then.state, updatedAt: record.updatedAt, netChange: netEffect(record) - netEffect(then) });
    } else if (!sameReported(then, record) || isForeign(then) !== isForeign(record)) {
      changedSinceClosing.push({ sessionId: record.sessionId, change: 'changed', before: reported(then), after });
    }
  }
  return { lateOutcomes, changedSinceClosing };
}

/** The stored copy comes back with sorted keys; the report lists them in their usual order. */
function inReportOrder(status: ReconciliationStatus): ReconciliationStatus {
  const { status: state, checkedAt, matched, open, resolved, openDifferences } = status;
  return { status: state, checkedAt, matched, open, resolved, openDifferences };
}

/** Whether the fields a report shows are the same (field by field: a closed day's report compares every session). */
function sameReported(a: SessionRecord, b: SessionRecord): boolean {
  return a.state === b.state && a.amount === b.amount && a.tipAmount === b.tipAmount && a.currencyCode === b.currencyCode;
}

function reported(record: SessionRecord): ReportedFields {
  return { state: record.state, amount: record.amount, tipAmount: record.tipAmount, currencyCode: record.currencyCode };
}

function nets(totals: DayTotals | undefined): string {
  if (!totals?.currencies) return 'unreadable';
  if (totals.currencies.length === 0) return 'no sales';
  return totals.currencies.map((c) => `net ${c.totals.net} in ${c.currency ?? c.currencyCode}`).join(', ');
}

function ids(records: readonly SessionRecord[]): string {
  const shown = records.slice(0, 5).map((r) => r.sessionId);
  return records.length > shown.length ? `${shown.join(', ')} and ${records.length - shown.length} more` : shown.join(', ');
}
