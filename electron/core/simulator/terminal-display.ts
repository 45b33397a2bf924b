import { findCurrency, formatMinor } from '../money.ts';
import { eventMessage } from './event-ids.ts';
import { outcomeOf } from './ledger.ts';
import type { SimSession } from './sessions.ts';
import type { SessionKind } from '../../domain/session-states.ts';
import type { SimulatorState } from './state.ts';
import type { Terminal } from './terminals.ts';

/**
 * What a simulated terminal shows, for the "virtual terminal" UI: idle, the amount with
 * "Present card" while a session waits for the customer, or the result for a few seconds.
 */
export type Screen = 'idle' | 'present-card' | 'result';

export interface TerminalView {
  terminalId: string;
  statusId: number;
  sourceCode: string;
  screen: Screen;
  /** The text on the terminal's screen, line by line. */
  lines: string[];
  /** The session on screen (waiting or just finished). */
  session: { sessionId: string; kind: SessionKind; amount: number; currencyCode: string; cashRegisterId: string } | null;
  result: { success: boolean; eventId: number; message: string } | null;
  customerTimeMs: number;
  /** Standing scenario of this terminal, and the scenarios queued for its next requests. */
  defaultScenario: string;
  queuedScenarios: string[];
}

const KIND_LABEL: Readonly<Record<SessionKind, string>> = {
  sale: 'SALE',
  preauth: 'PRE-AUTHORISATION',
  refund: 'REFUND',
  'unreferenced-refund': 'REFUND',
  'preauth-completion': 'CAPTURE',
};

export function terminalView(state: SimulatorState, terminal: Terminal): TerminalView {
  const now = state.clock.now();
  const base = {
    terminalId: terminal.terminalId,
    statusId: terminal.statusId,
    sourceCode: terminal.sourceCode,
    customerTimeMs: terminal.customerTimeMs ?? state.config.customerTimeMs,
    defaultScenario: state.scenarios.standingDefault(terminal.terminalId)?.name ?? 'approve',
    queuedScenarios: state.scenarios.queued(terminal.terminalId).map((s) => s.name),
  };

  const waiting = state.sessions.occupant(terminal.terminalId, now);
  if (waiting) {
    return {
      ...base,
      screen: 'present-card',
      lines: [KIND_LABEL[waiting.kind], money(waiting), 'Present card'],
      session: summary(waiting),
      result: null,
    };
  }

  const recent = state.sessions
    .onTerminal(terminal.terminalId)
    .filter((s) => s.plan.delivered)
    .map((s) => ({ s, r: state.sessions.resolve(s, now) }))
    .filter(({ r }) => r.state === 'final' && !r.provisional && now < r.finishedAt + state.config.resultDisplayMs)
    .at(-1);
  if (recent && recent.r.state === 'final') {
    const { result } = recent.r;
    const eventId = result.success ? 0 : result.eventId;
    return {
      ...base,
      screen: 'result',
      lines: [outcomeOf(result).toUpperCase(), money(recent.s), eventMessage(eventId)],
      session: summary(recent.s),
      result: { success: result.success, eventId, message: eventMessage(eventId) },
    };
  }
  return { ...base, screen: 'idle', lines: ['Viva.com Terminal', 'Ready'], session: null, result: null };
}

function summary(s: SimSession): NonNullable<TerminalView['session']> {
  return { sessionId: s.sessionId, kind: s.kind, amount: s.amount, currencyCode: s.currencyCode, cashRegisterId: s.cashRegisterId };
}

function money(s: SimSession): string {
  const cur = findCurrency(s.currencyCode);
  return cur ? `${cur.alpha} ${formatMinor(s.amount, cur)}` : `${s.amount} (currency ${s.currencyCode})`;
}
