import type { VivaSession } from './schemas.ts';

/**
 * What a final body must agree on with the session it answers (spec §11: "confirm an ECR
 * session by the combination SessionId + TerminalId, and check the Amount"). A body that
 * disagrees came from somewhere else (a proxy or cache mix-up) and is never an outcome.
 */
export interface ExpectedSession {
  sessionId: string;
  terminalId: string;
  cashRegisterId: string;
  /** What the till asked for, without the tip. */
  amount: number;
  tipAmount: number;
  /** ISO 4217 numeric, 3 digits. */
  currencyCode: string;
}

export type SessionField = 'sessionId' | 'terminalId' | 'cashRegisterId' | 'amount' | 'currencyCode';

export interface SessionMismatch {
  field: SessionField;
  expected: string;
  received: string | null;
}

/**
 * Every field of `body` that names another session. Viva's amount includes the tip; whether the
 * request's amount did is unconfirmed (spec §10.5), so both readings match. A body with no
 * cashRegisterId (Viva does not always echo it) is not a mismatch; a different one is.
 */
export function sessionMismatches(body: VivaSession, expected: ExpectedSession): SessionMismatch[] {
  const found: SessionMismatch[] = [];
  const differ = (field: SessionField, want: string, got: string | null) => {
    if (got !== want) found.push({ field, expected: want, received: got });
  };
  differ('sessionId', expected.sessionId, body.sessionId);
  differ('terminalId', expected.terminalId, body.terminalId);
  if (body.cashRegisterId !== null && body.cashRegisterId !== '') differ('cashRegisterId', expected.cashRegisterId, body.cashRegisterId);
  if (body.amount !== expected.amount && body.amount !== expected.amount + expected.tipAmount) {
    found.push({ field: 'amount', expected: String(expected.amount + expected.tipAmount), received: String(body.amount) });
  }
  differ('currencyCode', expected.currencyCode, body.currencyCode);
  return found;
}
