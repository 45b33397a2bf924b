import { z } from 'zod';
import { RESOLUTION_ACTIONS } from '../../../domain/resolution-actions.ts';
import type { Journal } from '../../journal/index.ts';
import { isJournalError } from '../../journal/index.ts';
import type { VivaSession } from '../../viva/index.ts';
import { ReportError } from '../errors.ts';
import { vivaAmounts, vivaKind, vivaOccurredAt, vivaOutcome } from '../viva-record.ts';
import { moneyDifferences, type Difference, type ResolutionAction } from './diff.ts';
import { run, type ReconciliationDeps, type RefundStarter } from './run.ts';

/**
 * A person's resolution of one reconciliation difference (design.md §4): checked against a
 * fresh run, carried out as journal events (and a refund when asked for), then shown as a new
 * run sees it.
 *
 * Money is never counted twice: an action is taken only when the fresh run still offers it for
 * that difference (another till's payment is never offered as this till's), each write re-reads
 * the session under the journal's write lock and does nothing when the journal already holds
 * what it would write, and one difference is resolved by one call at a time.
 */
export interface ResolveDifferenceInput {
  action: ResolutionAction;
  /** Who decides: kept in the journal with the resolution. */
  operator: string;
  /** Required to explain; optional otherwise. */
  reason?: string;
  /** Refund only: minor units. Default: what Viva charged (for a money mismatch: what it charged too much). */
  amount?: number;
}

const MAX_TEXT = 1000;

const resolveSchema = z.strictObject({
  action: z.enum(RESOLUTION_ACTIONS),
  operator: z.string().trim().min(1, 'must say who decides').max(200),
  reason: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT).optional(),
  amount: z.int().positive().optional(),
});

/** The differences being resolved right now, per journal: a second call for one of them is refused. */
const inFlight = new WeakMap<Journal, Set<string>>();

/** Resolves one difference; returns it as a fresh reconciliation now sees it. */
export async function resolveDifference(deps: ReconciliationDeps, day: string, differenceId: string, input: ResolveDifferenceInput): Promise<Difference> {
  let busy = inFlight.get(deps.journal);
  if (!busy) {
    busy = new Set();
    inFlight.set(deps.journal, busy);
  }
  const key = `${day}|${differenceId}`;
  if (busy.has(key)) {
    throw new ReportError('not-resolvable', { id: 'report.being-resolved', params: { difference: differenceId } });
  }
  busy.add(key);
  try {
    return await resolveOnce(deps, day, differenceId, input);
  } finally {
    busy.delete(key);
  }
}

async function resolveOnce(deps: ReconciliationDeps, day: string, differenceId: string, input: ResolveDifferenceInput): Promise<Difference> {
  const parsed = resolveSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`);
    throw new ReportError('invalid-input', { id: 'report.invalid-resolution', detail: `${problems.join('; ')}.` });
  }
  const resolution = parsed.data;
  if (resolution.action === 'explain' && resolution.reason === undefined) {
    throw new ReportError('invalid-input', { id: 'report.explain-needs-reason' });
  }
  const { result, viva } = await run(deps, day);
  if (result.source !== 'viva') {
    throw new ReportError('viva-unreachable', { id: 'report.resolve-needs-viva', detail: `(${result.vivaError?.message ?? 'no connection'})` });
  }
  const difference = result.differences.find((d) => d.id === differenceId);
  if (!difference) throw new ReportError('unknown-difference', { id: 'report.no-such-difference', params: { day, difference: differenceId } });
  if (difference.status === 'resolved') return difference;
  if (resolution.action === 'refund' && !deps.refund) {
    throw new ReportError('refund-unavailable', { id: 'report.refund-needs-engine' });
  }
  if (!difference.actions.includes(resolution.action)) {
    const params = { kind: difference.kind, session: difference.sessionId, action: resolution.action };
    throw new ReportError(
      'not-resolvable',
      difference.actions.length === 0
        ? { id: 'report.no-action-offered', params }
        : { id: 'report.action-not-offered', params: { ...params, actions: difference.actions.join(' / ') } },
    );
  }
  const session = viva.get(difference.sessionId);
  const apply = new Resolver(deps, day, result.utcDates, difference, session, resolution);
  await apply.run();
  const after = (await run(deps, day)).result.differences.find((d) => d.id === differenceId);
  if (!after) throw new Error(`reconciliation: difference ${differenceId} vanished after it was resolved`);
  return after;
}

/** Carries out one resolution: the journal events, and the refund when asked for. */
class Resolver {
  private readonly deps: ReconciliationDeps;
  private readonly day: string;
  /** The UTC dates whose Viva lists this run read. */
  private readonly utcDates: string[];
  private readonly difference: Difference;
  private readonly session: VivaSession | undefined;
  private readonly input: z.output<typeof resolveSchema>;

  constructor(deps: ReconciliationDeps, day: string, utcDates: string[], difference: Difference, session: VivaSession | undefined, input: z.output<typeof resolveSchema>) {
    this.deps = deps;
    this.day = day;
    this.utcDates = utcDates;
    this.difference = difference;
    this.session = session;
    this.input = input;
  }

  async run(): Promise<void> {
    switch (this.input.action) {
      case 'explain':
        return this.explain();
      case 'accept':
        return this.accept();
      case 'assign':
        return this.assign();
      case 'not-paid':
        return this.notPaid();
      case 'refund':
        return this.refund();
    }
  }

  /** Another till's payment: kept as evidence under the till Viva's record names, never counted here. */
  private assign(): void {
    const till = this.difference.otherTill;
    if (till === null) throw new ReportError('not-resolvable', { id: 'report.names-no-other-till', params: { session: this.difference.sessionId } });
    this.importViva('foreign', this.input.reason, till);
  }

  /**
   * Viva has no record of a payment the journal counts (or might): the card was not charged. The
   * session becomes failed, so it leaves the day's money; a second decision finds it settled.
   */
  private notPaid(): void {
    const { journal } = this.deps;
    const { sessionId } = this.difference;
    journal.exclusive(() => {
      const record = journal.getSession(sessionId);
      if (!record) throw new ReportError('unknown-difference', { id: 'report.session-gone', params: { session: sessionId } });
      if (record.state !== 'approved' && record.state !== 'unknown') return;
      journal.append(sessionId, {
        type: 'not-paid',
        source: 'reconciliation',
        checkedDates: this.utcDates,
        operator: this.input.operator,
        ...(this.input.reason ? { reason: this.input.reason } : {}),
      });
    });
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
      if (!record) throw new ReportError('unknown-difference', { id: 'report.session-gone', params: { session: sessionId } });
      const session = this.vivaSession();
      const outcome = vivaOutcome(session);
      if (outcome === null) throw new ReportError('not-resolvable', { id: 'report.viva-no-outcome', params: { session: sessionId } });
      const viva = plain(session);
      let current = record;
      // Already what Viva says (another decision got there first): nothing to write, nothing counted twice.
      const disagrees = record.state === 'unknown' || (record.state === 'approved') !== (outcome === 'approved');
      if (kind === 'state-mismatch' && disagrees) {
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
      throw new ReportError('invalid-input', { id: 'report.refund-amount-needed' });
    }
    return charged;
  }

  private importViva(disposition: 'own' | 'foreign', reason: string | undefined, belongsTo?: string): void {
    const session = this.vivaSession();
    const outcome = vivaOutcome(session);
    if (outcome === null) throw new ReportError('not-resolvable', { id: 'report.viva-no-outcome', params: { session: session.sessionId } });
    // Journaled meanwhile (by another decision, or the till itself): it is counted, or not, once already.
    if (this.deps.journal.getSession(session.sessionId)) return;
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
        ...(belongsTo ? { belongsTo } : {}),
      });
    } catch (error) {
      if (isJournalError(error, 'invalid-input')) {
        throw new ReportError('not-resolvable', { id: 'report.viva-record-refused', params: { session: session.sessionId }, detail: error.message }, { cause: error });
      }
      throw error;
    }
  }

  private vivaSession(): VivaSession {
    if (!this.session) throw new ReportError('not-resolvable', { id: 'report.viva-no-record', params: { session: this.difference.sessionId } });
    return this.session;
  }
}

/** A Viva record as plain JSON, the way the journal keeps evidence. */
function plain(session: VivaSession): Record<string, unknown> {
  return JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
