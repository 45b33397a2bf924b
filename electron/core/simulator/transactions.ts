import { EVENT } from './event-ids.ts';
import { magicScenarioFor } from './magic-amounts.ts';
import { failed, planFor, type Plan, type PlanTimings, type Scenario } from './scenarios.ts';
import { newCardDetails } from './session-body.ts';
import type { SessionStore, SimSession } from './sessions.ts';
import type { SessionKind } from '../../domain/session-states.ts';
import type { SimulatorState } from './state.ts';
import type { TransactionInput } from './validation.ts';

/**
 * Turns an accepted transaction request into a session: picks its scenario, then applies what
 * the cloud would decide before the customer does anything (unknown terminal, busy terminal,
 * unusable parent session, refund above what is left).
 */
export type TransactionKind = 'sale' | 'refund' | 'unreferenced-refund' | 'preauth-completion';

export type StartAnswer = { created: SimSession } | { duplicate: true };

export function startTransaction(state: SimulatorState, kind: TransactionKind, input: TransactionInput): StartAnswer {
  if (state.sessions.get(input.sessionId)) return { duplicate: true };
  const now = state.clock.now();
  const sessionKind: SessionKind = kind === 'sale' && input.preauth ? 'preauth' : kind;
  const amount = input.amount + input.tipAmount;
  const terminal = state.terminals.get(input.terminalId);
  const timings = timingsFor(state, terminal?.customerTimeMs);

  let plan: Plan;
  let blockedBy: string | null = null;
  if (!terminal) {
    plan =
      state.config.unknownTerminal === 'never-delivered'
        ? { ...planFor({ name: 'never-delivered' }, timings), scenario: 'unknown-terminal' }
        : refuse(planFor({ name: 'approve' }, timings), 'unknown-terminal', EVENT.terminalNotConnected);
  } else {
    const scenario = chooseScenario(state, input.terminalId, amount);
    plan = planFor(scenario, timings);
    const parentProblem = checkParent(state.sessions, sessionKind, input, amount, now);
    const blocker = state.sessions.blockerFor(input.terminalId, now);
    if (parentProblem !== undefined) {
      plan = refuse(plan, parentProblem.label, parentProblem.eventId);
    } else if (blocker && plan.delivered) {
      if (state.config.busyBecomesOutcome) blockedBy = blocker.sessionId;
      else plan = refuse(plan, `${plan.scenario} (terminal busy)`, EVENT.busy);
    }
  }

  const session: SimSession = {
    sessionId: input.sessionId,
    kind: sessionKind,
    terminalId: input.terminalId,
    cashRegisterId: input.cashRegisterId,
    amount,
    tipAmount: input.tipAmount,
    currencyCode: input.currencyCode,
    merchantReference: input.merchantReference,
    customerTrns: input.customerTrns,
    parentSessionId: input.parentSessionId ?? null,
    showTransactionResult: input.showTransactionResult,
    showReceipt: input.showReceipt,
    skipSurcharge: input.skipSurcharge ?? false,
    interappCallback: input.interappCallback,
    createdAt: now,
    source: 'api',
    plan,
    blockedBy,
    abort: null,
    customer: null,
    card: newCardDetails(state.random, state.newId),
    responseLost: false,
  };
  state.sessions.add(session);
  state.logger.info('simulator: session created', {
    sessionId: session.sessionId,
    kind: session.kind,
    terminalId: session.terminalId,
    amount: session.amount,
    scenario: plan.scenario,
  });
  return { created: session };
}

export function timingsFor(state: SimulatorState, terminalCustomerTimeMs: number | undefined): PlanTimings {
  const c = state.config;
  return {
    customerTimeMs: terminalCustomerTimeMs ?? c.customerTimeMs,
    lifetimeMs: c.sessionLifetimeMs,
    abortAckMs: c.abortAckMs,
    flipAfterMs: c.flipAfterMs,
    early404Ms: c.early404Ms,
    lateSuccessMs: c.lateSuccessMs,
  };
}

/** Queued (terminal, then global), magic amount, terminal default, global default, approve. */
function chooseScenario(state: SimulatorState, terminalId: string, amount: number): Scenario {
  return (
    state.scenarios.takeQueued(terminalId) ??
    (state.config.magicAmounts ? magicScenarioFor(amount) : undefined) ??
    state.scenarios.standingDefault(terminalId) ?? { name: 'approve' }
  );
}

/** The cloud refuses before the device is involved; network effects (lost answer, early 404) stay. */
function refuse(plan: Plan, label: string, eventId: number): Plan {
  return { ...plan, scenario: label, timing: 'immediate', delivered: false, result: failed(eventId), flipAfterMs: null };
}

/**
 * Referenced refunds need a parent sale (or completion) whose money moved; completions need a
 * pre-auth that holds money. Eventid 1101 when the parent is unusable; 1009 (refund) or 1017
 * (capture) when the amount exceeds what is left. Sessions still pending count as reserved.
 */
function checkParent(
  store: SessionStore,
  kind: SessionKind,
  input: TransactionInput,
  amount: number,
  now: number,
): { label: string; eventId: number } | undefined {
  if (kind !== 'refund' && kind !== 'preauth-completion') return undefined;
  const parent = input.parentSessionId === undefined ? undefined : store.get(input.parentSessionId);
  const parentKinds: SessionKind[] = kind === 'refund' ? ['sale', 'preauth-completion'] : ['preauth'];
  const parentState = parent ? store.resolve(parent, now) : undefined;
  if (!parent || !parentKinds.includes(parent.kind) || parentState?.state !== 'final' || !parentState.moneyMoved) {
    return { label: 'unknown-parent', eventId: EVENT.unknownParent };
  }
  const used = store
    .all()
    .filter((s) => s.kind === kind && s.parentSessionId === parent.sessionId)
    .filter((s) => {
      const r = store.resolve(s, now);
      return r.state === 'pending' || r.moneyMoved;
    })
    .reduce((sum, s) => sum + s.amount, 0);
  if (amount > parent.amount - used) {
    return kind === 'refund'
      ? { label: 'refund-above-remaining', eventId: EVENT.invalidAmount }
      : { label: 'capture-above-authorised', eventId: EVENT.invalidCaptureAmount };
  }
  return undefined;
}
