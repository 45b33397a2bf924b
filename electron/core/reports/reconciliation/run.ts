import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import { canonicalJson, isJournalError, type Journal, type SessionRecord } from '../../journal/index.ts';
import type { Logger } from '../../logger.ts';
import { isVivaError, type VivaClient, type VivaSession } from '../../viva/index.ts';
import { ReportError } from '../errors.ts';
import {
  diffDay,
  moneyDifferences,
  RESOLUTION_EVENT_TYPES,
  type DayDiff,
  type Difference,
  type ResolutionAction,
  type UnreadableEntry,
} from './diff.ts';
import { vivaAmounts, vivaKind, vivaOccurredAt, vivaOutcome } from '../viva-record.ts';

/**
 * Reconciliation of a business day against Viva (design.md §4): fetch Viva's records of every
 * UTC date the day touches, diff them against the journal (diff.ts), remember the result
 * for the day's report, and resolve differences, each resolution a journal event.
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

export interface ResolveInput {
  action: ResolutionAction;
  /** Who decides: kept in the journal with the resolution. */
  operator: string;
  /** Required to explain; optional otherwise. */
  reason?: string;
  /** Refund only: minor units. Default: what Viva charged (for a money mismatch: what it charged too much). */
  amount?: number;
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
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT = 1000;

const resolveSchema = z.strictObject({
  action: z.enum(['accept', 'explain', 'refund']),
  operator: z.string().trim().min(1, 'must say who decides').max(200),
  reason: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT).optional(),
  amount: z.int().positive().optional(),
});

interface Run {
  result: ReconciliationResult;
  viva: Map<string, VivaSession>;
  journalSessions: SessionRecord[];
}

export async function reconcile(deps: ReconciliationDeps, day: string): Promise<ReconciliationResult> {
  return (await run(deps, day)).result;
}

async function run(deps: ReconciliationDeps, day: string): Promise<Run> {
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
    businessDayOf: (ms) => journal.businessDayOf(ms),
    resolutions: journal.eventsOfBusinessDay(day, RESOLUTION_EVENT_TYPES),
    canRefund: deps.refund !== null,
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

/** Resolves one difference; returns it as a fresh reconciliation now sees it. */
export async function resolveDifference(deps: ReconciliationDeps, day: string, differenceId: string, input: ResolveInput): Promise<Difference> {
  const parsed = resolveSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`);
    throw new ReportError('invalid-input', `Invalid resolution: ${problems.join('; ')}.`);
  }
  const resolution = parsed.data;
  if (resolution.action === 'explain' && resolution.reason === undefined) {
    throw new ReportError('invalid-input', 'Explaining a difference needs the reason (--reason "...").');
  }
  const { result, viva } = await run(deps, day);
  if (result.source !== 'viva') {
    throw new ReportError('viva-unreachable', `Resolving needs Viva's current record, and Viva could not be asked (${result.vivaError?.message ?? 'no connection'}). Nothing was written.`);
  }
  const difference = result.differences.find((d) => d.id === differenceId);
  if (!difference) throw new ReportError('unknown-difference', `Business day ${day} has no difference "${differenceId}" (any more).`);
  if (difference.status === 'resolved') return difference;
  if (resolution.action === 'refund' && !deps.refund) {
    throw new ReportError('refund-unavailable', 'Starting a refund needs the payment engine, which is not running here. Nothing was written.');
  }
  if (!difference.actions.includes(resolution.action)) {
    throw new ReportError(
      'not-resolvable',
      `The ${difference.kind} difference of ${difference.sessionId} can be resolved by ${difference.actions.join(' or ') || 'nothing'}, not by ${resolution.action}. Nothing was written.`,
    );
  }
  const session = viva.get(difference.sessionId);
  const apply = new Resolver(deps, day, difference, session, resolution);
  await apply.run();
  const after = (await run(deps, day)).result.differences.find((d) => d.id === differenceId);
  if (!after) throw new Error(`reconciliation: difference ${differenceId} vanished after it was resolved`);
  return after;
}

/** Carries out one resolution: the journal events, and the refund when asked for. */
class Resolver {
  private readonly deps: ReconciliationDeps;
  private readonly day: string;
  private readonly difference: Difference;
  private readonly session: VivaSession | undefined;
  private readonly input: z.output<typeof resolveSchema>;

  constructor(deps: ReconciliationDeps, day: string, difference: Difference, session: VivaSession | undefined, input: z.output<typeof resolveSchema>) {
    this.deps = deps;
    this.day = day;
    this.difference = difference;
    this.session = session;
    this.input = input;
  }

  async run(): Promise<void> {
    const { action } = this.input;
    if (action === 'explain') return this.explain();
    if (action === 'accept') return this.accept();
    return this.refund();
  }

  private explain(): void {
    const { journal } = this.deps;
    const reason = this.input.reason as string;
    if (this.difference.kind === 'viva-only') {
      this.importViva('foreign', reason);
      return;
    }
    journal.append(this.difference.sessionId, {
      type: 'explained',
      source: 'reconciliation',
      difference: this.difference.kind,
      reason,
      operator: this.input.operator,
    });
  }

  /** Writes Viva's record into the journal: one transaction, whatever it takes. */
  private accept(): void {
    const { journal } = this.deps;
    const { kind, sessionId } = this.difference;
    if (kind === 'viva-only') {
      this.importViva('own', this.input.reason);
      return;
    }
    const by = ` Accepted at the reconciliation of ${this.day} by ${this.input.operator}${this.input.reason ? `: ${this.input.reason}` : ''}.`;
    journal.exclusive(() => {
      const record = journal.getSession(sessionId);
      if (!record) throw new ReportError('unknown-difference', `Session ${sessionId} is no longer in the journal.`);
      if (kind === 'local-only') {
        journal.append(sessionId, { type: 'recovered', outcome: 'failed', source: 'reconciliation', message: clip(`Viva has no record of this session.${by}`) });
        return;
      }
      const session = this.vivaSession();
      const outcome = vivaOutcome(session);
      if (outcome === null) throw new ReportError('not-resolvable', `Viva has no outcome for ${sessionId} yet.`);
      const viva = plain(session);
      let current = record;
      if (kind === 'state-mismatch') {
        current =
          record.state === 'unknown'
            ? journal.append(sessionId, { type: 'recovered', outcome, source: 'reconciliation', viva, message: clip(`Viva reports it ${outcome}.${by}`) })
            : journal.append(sessionId, { type: 'late-success', source: 'reconciliation', viva, message: clip(`Viva reports it approved.${by}`) });
      }
      if (current.state !== 'approved') return;
      const differences = moneyDifferences(current, session);
      if (differences.length === 0) return;
      const { amount, tipAmount } = vivaAmounts(session);
      journal.append(sessionId, {
        type: 'amount-corrected',
        source: 'reconciliation',
        amount,
        tipAmount,
        currencyCode: session.currencyCode,
        viva,
        differences,
        operator: this.input.operator,
        ...(this.input.reason ? { reason: this.input.reason } : {}),
      });
    });
  }

  /**
   * The customer was charged and should not have been (or too much): Viva's record is accepted
   * first, so the journal knows what was charged and the refund is checked against it; then the
   * refund is started, and the difference is marked as settled by it.
   */
  private async refund(): Promise<void> {
    const { journal } = this.deps;
    const starter = this.deps.refund as RefundStarter;
    const session = this.vivaSession();
    const amount = this.input.amount ?? this.defaultRefundAmount(session);
    this.accept();
    const refund = await starter({ parentSessionId: this.difference.sessionId, amount });
    journal.append(this.difference.sessionId, {
      type: 'explained',
      source: 'reconciliation',
      difference: this.difference.kind,
      reason: this.input.reason ?? `Refund of ${amount} minor units started at the reconciliation of ${this.day}.`,
      operator: this.input.operator,
      refundSessionId: refund.sessionId,
    });
  }

  private defaultRefundAmount(session: VivaSession): number {
    const charged = vivaAmounts(session).total;
    const journalSide = this.difference.journal;
    if (this.difference.kind === 'amount-mismatch' && journalSide) {
      const excess = charged - (journalSide.amount + journalSide.tipAmount);
      if (excess > 0) return excess;
      throw new ReportError('invalid-input', 'Viva charged less than the journal says: say how much to refund (amount in minor units).');
    }
    return charged;
  }

  private importViva(disposition: 'own' | 'foreign', reason: string | undefined): void {
    const session = this.vivaSession();
    const outcome = vivaOutcome(session);
    if (outcome === null) throw new ReportError('not-resolvable', `Viva has no outcome for ${session.sessionId} yet.`);
    const { amount, tipAmount } = vivaAmounts(session);
    try {
      this.deps.journal.importVivaSession({
        sessionId: session.sessionId,
        kind: vivaKind(session),
        amount,
        tipAmount,
        currencyCode: session.currencyCode,
        terminalId: session.terminalId,
        cashRegisterId: session.cashRegisterId?.trim() || '(none)',
        merchantReference: session.merchantReference === null ? null : clip(session.merchantReference),
        customerTrns: session.customerTrns === null ? null : clip(session.customerTrns),
        businessDay: this.day,
        disposition,
        outcome,
        occurredAt: vivaOccurredAt(session),
        viva: plain(session),
        operator: this.input.operator,
        ...(reason ? { reason } : {}),
      });
    } catch (error) {
      if (isJournalError(error, 'invalid-input')) {
        throw new ReportError('not-resolvable', `Viva's record of ${session.sessionId} cannot be journaled: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  private vivaSession(): VivaSession {
    if (!this.session) throw new ReportError('not-resolvable', `Viva has no record of ${this.difference.sessionId} to accept.`);
    return this.session;
  }
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
  const dates = journal.utcDatesOfBusinessDay(day);
  const last = dates[dates.length - 1] as string;
  const endMs = Date.parse(`${last}T00:00:00Z`) + DAY_MS;
  const next = new Date(endMs).toISOString().slice(0, 10);
  const spills = sessions.some((r) => Date.parse(r.createdAt) >= endMs - SPILL_MS || (r.finishedAt !== null && r.finishedAt.slice(0, 10) === next));
  return spills ? [...dates, next] : dates;
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

function summaryLine(result: ReconciliationResult): string {
  if (result.source === 'journal-only') {
    return (
      `Viva could not be asked (${result.vivaError?.message ?? 'no connection'}): this is the journal alone. ` +
      `${result.journalSessions} sessions, ${result.unknownSessions.length} unknown, ${result.resolved} differences resolved earlier; differences against Viva are not known.`
    );
  }
  return `${result.matched} matched, ${result.open} open differences, ${result.resolved} resolved; ${result.inProgress} in progress, ${result.notSent} never sent.`;
}

/** A Viva record as plain JSON, the way the journal keeps evidence. */
function plain(session: VivaSession): Record<string, unknown> {
  return JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
