/**
 * The Viva `eventId` codes the simulator can end a session with (spec §5.1), and the message
 * text Viva puts beside each. Kept in one table so the session bodies, the terminal display and
 * the README agree.
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

export const EVENT_MESSAGES: Readonly<Record<number, string>> = {
  0: 'Transaction successful',
  1000: 'Transaction canceled by user',
  1003: 'Terminal timed out',
  1004: 'Terminal declined transaction',
  1006: 'Transaction declined by server',
  1007: 'Transaction declined by card',
  1009: 'Invalid amount: the refund exceeds the refundable amount of the original transaction',
  1010: 'Invalid card',
  1016: 'Transaction aborted',
  1017: 'Invalid amount for capture',
  1019: 'Try another card',
  1020: 'Insufficient funds',
  1100: 'There is already a request in progress',
  1101: 'Could not fetch parameters for parentSessionId',
  3000: 'Terminal not connected',
};

/** Declines a scenario or the customer on the virtual terminal may choose. */
export const DECLINE_EVENT_IDS = [1004, 1006, 1007, 1010, 1019, 1020] as const;
export type DeclineEventId = (typeof DECLINE_EVENT_IDS)[number];

export function isDeclineEventId(value: unknown): value is DeclineEventId {
  return (DECLINE_EVENT_IDS as readonly unknown[]).includes(value);
}

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
