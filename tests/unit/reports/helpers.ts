import { manualClock } from '../../../electron/core/clock.ts';
import { openJournal, type BusinessDayConfig, type Journal, type SessionRecord } from '../../../electron/core/journal/index.ts';
import type { FinalState, SessionKind } from '../../../electron/domain/session-states.ts';
import { onCleanup, tempDir } from '../journal/helpers.ts';

export { onCleanup, rawConnection, tempDir } from '../journal/helpers.ts';

/** Athens (UTC+2 in March) with a 04:00 cut-off: business day 2026-03-10 runs 02:00Z on the 10th to 02:00Z on the 11th. */
export const ATHENS: BusinessDayConfig = { timeZone: 'Europe/Athens', cutoffHour: 4 };

export function reportJournal(businessDay: BusinessDayConfig = ATHENS, dataDir = tempDir()) {
  const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));
  const journal = openJournal({ dataDir, environment: 'simulator', clock, businessDay });
  onCleanup(() => journal.close());
  return { journal, clock, dataDir };
}

export interface SessionSpec {
  /** UTC ISO instant of creation; the session finishes 20 s later. */
  at: string;
  sessionId?: string;
  kind?: SessionKind;
  amount: number;
  tip?: number;
  currency?: string;
  terminal?: string;
  register?: string;
  reference?: string | null;
  parent?: string;
  brand?: string;
  pan?: string;
  outcome: FinalState | 'unknown' | 'pending' | 'never-sent';
  /** Extra fields for Viva's body (a different amount...). */
  viva?: Record<string, unknown>;
}

let counter = 0;

export function nextId(): string {
  counter += 1;
  return `0000aaaa-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

const EVENT_IDS: Record<FinalState, number> = { approved: 0, declined: 1006, cancelled: 1000, aborted: 1016, failed: 3000 };

/** A Viva session body as the client hands it to the journal. */
export function vivaBodyFor(record: Pick<SessionRecord, 'sessionId' | 'terminalId' | 'cashRegisterId' | 'amount' | 'tipAmount' | 'currencyCode' | 'merchantReference'>, outcome: FinalState, spec: Partial<SessionSpec> = {}) {
  const approved = outcome === 'approved';
  return {
    sessionId: record.sessionId,
    terminalId: record.terminalId,
    cashRegisterId: record.cashRegisterId,
    amount: record.amount + record.tipAmount,
    tipAmount: record.tipAmount,
    currencyCode: record.currencyCode,
    merchantReference: record.merchantReference,
    success: approved,
    eventId: EVENT_IDS[outcome],
    message: approved ? 'Transaction successful' : 'Transaction declined by server',
    transactionId: approved ? `tx-${record.sessionId.slice(-6)}` : null,
    authorizationId: approved ? '123456' : null,
    applicationLabel: approved ? (spec.brand ?? 'VISA') : null,
    primaryAccountNumberMasked: approved ? (spec.pan ?? '414746XXXXXX0133') : null,
    abortSuccess: outcome === 'aborted',
    transactionDateTime: approved ? new Date(Date.parse(spec.at ?? '2026-03-10T10:00:00Z') + 20_000).toISOString() : null,
    ...spec.viva,
  };
}

/** Journals one session the way the engine would, at the given time, ending as asked. */
export function journalSession(journal: Journal, clock: ReturnType<typeof manualClock>, spec: SessionSpec): SessionRecord {
  const start = Date.parse(spec.at);
  clock.set(start);
  const sessionId = spec.sessionId ?? nextId();
  const kind = spec.kind ?? 'sale';
  const created = journal.createSession({
    sessionId,
    kind,
    amount: spec.amount,
    tipAmount: spec.tip ?? 0,
    currency: spec.currency ?? 'EUR',
    terminalId: spec.terminal ?? '16000001',
    cashRegisterId: spec.register ?? 'POS-A',
    merchantReference: spec.reference === undefined ? `INV-${sessionId.slice(-4)}` : spec.reference,
    parentSessionId: spec.parent ?? null,
  });
  if (spec.outcome === 'never-sent') {
    clock.set(start + 5);
    return journal.append(sessionId, { type: 'dispatch-refused', reason: 'validation', httpStatus: 422 });
  }
  clock.set(start + 10);
  journal.append(sessionId, { type: 'dispatching' });
  if (spec.outcome === 'unknown') {
    clock.set(start + 10_000);
    return journal.append(sessionId, { type: 'dispatch-uncertain', errorClass: 'timeout' });
  }
  clock.set(start + 300);
  const pending = journal.append(sessionId, { type: 'dispatched' });
  if (spec.outcome === 'pending') return pending;
  if (spec.outcome === 'aborted') {
    clock.set(start + 15_000);
    journal.append(sessionId, { type: 'abort-requested', reason: 'cashier' });
  }
  clock.set(start + 20_000);
  return journal.append(sessionId, { type: 'poll-result', outcome: spec.outcome, viva: vivaBodyFor(created, spec.outcome, spec) });
}
