import { EVENT_IDS } from '../../domain/event-ids.ts';

/**
 * The Viva `eventId` codes the simulator can end a session with (spec §5.1), by name; the text
 * Viva puts beside each comes from the domain's one table, so the session bodies, the terminal
 * display, the README and the till's own reading agree.
 */
export const EVENT = {
  success: 0,
  cancelledByUser: 1000,
  terminalTimedOut: 1003,
  terminalDeclined: 1004,
  declinedByServer: 1006,
  declinedByCard: 1007,
  invalidAmount: 1009,
  invalidCard: 1010,
  aborted: 1016,
  invalidCaptureAmount: 1017,
  tryAnotherCard: 1019,
  insufficientFunds: 1020,
  busy: 1100,
  unknownParent: 1101,
  terminalNotConnected: 3000,
} as const;

/** Viva's own `message` beside each eventId the simulator answers with (the domain's table). */
export const EVENT_MESSAGES: Readonly<Record<number, string>> = Object.fromEntries(
  [...EVENT_IDS].flatMap(([id, entry]) => (entry.viva === undefined ? [] : [[id, entry.viva]])),
);

export function eventMessage(eventId: number): string {
  return EVENT_MESSAGES[eventId] ?? 'Generic transaction error';
}

/**
 * The issuer reason (`transactionEventId`, spec §5.2: ISO 8583 code + 10000) for declines that
 * come from the issuer; other outcomes carry null, as integrators report it is often empty.
 */
export function issuerReason(eventId: number): number | null {
  if (eventId === EVENT.insufficientFunds) return 10051;
  if (eventId === EVENT.declinedByServer || eventId === EVENT.declinedByCard) return 10005;
  return null;
}
