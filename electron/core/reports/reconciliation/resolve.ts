import { z } from 'zod';
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
 */
export interface ResolveInput {
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
  action: z.enum(['accept', 'explain', 'refund']),
  operator: z.string().trim().min(1, 'must say who decides').max(200),
  reason: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT).optional(),
  amount: z.int().positive().optional(),
});

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

/** A Viva record as plain JSON, the way the journal keeps evidence. */
function plain(session: VivaSession): Record<string, unknown> {
  return JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
