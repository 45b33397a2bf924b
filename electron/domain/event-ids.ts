import type { EventReasonKey } from './event-reasons.ts';

/**
 * Viva's session `eventId` codes (spec §5.1): the one table the core, the CLI, the renderer and
 * the simulator read. For each: the kind of outcome the till gives it, the message key of the
 * cashier's sentence (event-reasons.ts), and, where the simulator imitates it, the text Viva
 * itself puts in the session's `message`.
 */
export type OutcomeKind = 'approved' | 'declined' | 'cancelled' | 'aborted' | 'timeout' | 'busy' | 'failed';

export interface EventIdEntry {
  kind: OutcomeKind;
  key: EventReasonKey;
  /** Viva adds a description worth showing to these (6000 "wrong request parameters"). */
  appendVivaText?: boolean;
  /** Viva's own `message` for this eventId, as the simulator answers it. */
  viva?: string;
}

const STORE_AND_FORWARD: EventIdEntry = { kind: 'failed', key: 'reason.store-and-forward' };

export const EVENT_IDS: ReadonlyMap<number, EventIdEntry> = new Map<number, EventIdEntry>([
  [0, { kind: 'approved', key: 'reason.0', viva: 'Transaction successful' }],
  [1000, { kind: 'cancelled', key: 'reason.1000', viva: 'Transaction canceled by user' }],
  [1001, { kind: 'busy', key: 'reason.1001' }],
  [1002, { kind: 'failed', key: 'reason.1002' }],
  [1003, { kind: 'timeout', key: 'reason.1003', viva: 'Terminal timed out' }],
  [1004, { kind: 'declined', key: 'reason.1004', viva: 'Terminal declined transaction' }],
  [1006, { kind: 'declined', key: 'reason.1006', viva: 'Transaction declined by server' }],
  [1007, { kind: 'declined', key: 'reason.1007', viva: 'Transaction declined by card' }],
  [1008, { kind: 'failed', key: 'reason.not-reversible' }],
  [1009, { kind: 'failed', key: 'reason.1009', viva: 'Invalid amount: the refund exceeds the refundable amount of the original transaction' }],
  [1010, { kind: 'declined', key: 'reason.1010', viva: 'Invalid card' }],
  [1011, { kind: 'failed', key: 'reason.1011' }],
  [1012, { kind: 'failed', key: 'reason.1012' }],
  [1013, { kind: 'failed', key: 'reason.1013' }],
  [1014, { kind: 'failed', key: 'reason.1014' }],
  [1016, { kind: 'aborted', key: 'reason.1016', viva: 'Transaction aborted' }],
  [1017, { kind: 'failed', key: 'reason.1017', viva: 'Invalid amount for capture' }],
  [1018, { kind: 'failed', key: 'reason.1018' }],
  [1019, { kind: 'declined', key: 'reason.1019', viva: 'Try another card' }],
  [1020, { kind: 'declined', key: 'reason.1020', viva: 'Insufficient funds' }],
  [1021, { kind: 'failed', key: 'reason.not-reversible' }],
  [1099, { kind: 'failed', key: 'reason.1099' }],
  [1100, { kind: 'busy', key: 'reason.1100', viva: 'There is already a request in progress' }],
  [1101, { kind: 'failed', key: 'reason.1101', viva: 'Could not fetch parameters for parentSessionId' }],
  [1102, { kind: 'timeout', key: 'reason.1102' }],
  [2000, { kind: 'failed', key: 'reason.2000' }],
  [3000, { kind: 'failed', key: 'reason.3000', viva: 'Terminal not connected' }],
  [3001, { kind: 'failed', key: 'reason.3001' }],
  [3002, { kind: 'failed', key: 'reason.3002' }],
  [3099, { kind: 'failed', key: 'reason.3099' }],
  [4000, { kind: 'failed', key: 'reason.4000' }],
  [5000, { kind: 'failed', key: 'reason.5000' }],
  [5001, { kind: 'failed', key: 'reason.5001' }],
  [5002, { kind: 'failed', key: 'reason.5002' }],
  [5003, { kind: 'failed', key: 'reason.5003' }],
  [5004, { kind: 'failed', key: 'reason.5004' }],
  [5005, { kind: 'failed', key: 'reason.5005' }],
  [5006, { kind: 'failed', key: 'reason.5006' }],
  [6000, { kind: 'failed', key: 'reason.6000', appendVivaText: true }],
  [6102, { kind: 'failed', key: 'reason.6102' }],
  [6201, STORE_AND_FORWARD],
  [7001, STORE_AND_FORWARD],
  [7002, STORE_AND_FORWARD],
  [7003, STORE_AND_FORWARD],
  [7004, STORE_AND_FORWARD],
  [7005, STORE_AND_FORWARD],
]);

/**
 * The declines a simulator scenario or the trainee on the virtual terminal may choose, in the
 * order the virtual terminal offers them (the commonest first).
 */
export const DECLINE_EVENT_IDS = [1020, 1006, 1007, 1004, 1010, 1019] as const;
export type DeclineEventId = (typeof DECLINE_EVENT_IDS)[number];

export function isDeclineEventId(value: unknown): value is DeclineEventId {
  return (DECLINE_EVENT_IDS as readonly unknown[]).includes(value);
}

/** The message key of an eventId's sentence; null for an id the table does not know (or none). */
export function eventReasonKey(eventId: number | null): EventReasonKey | null {
  return eventId === null ? null : (EVENT_IDS.get(eventId)?.key ?? null);
}
