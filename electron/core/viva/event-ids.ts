/**
 * Viva's session `eventId` codes (spec §5.1) and what each means for the till: a kind of outcome
 * and a sentence a cashier can read. The messages state what the terminal reported, never that
 * "nothing was charged": Viva has reported failures that later turned out paid (spec §4).
 */
export type OutcomeKind = 'approved' | 'declined' | 'cancelled' | 'aborted' | 'timeout' | 'busy' | 'failed';

export interface EventInfo {
  kind: OutcomeKind;
  message: string;
  /** Viva adds a description worth showing to these (6000 "wrong request parameters"). */
  appendVivaText?: boolean;
}

const STORE_AND_FORWARD: EventInfo = {
  kind: 'failed',
  message: 'The terminal is working offline (store-and-forward) and this request is outside what it may do offline.',
};

export const EVENT_IDS: ReadonlyMap<number, EventInfo> = new Map<number, EventInfo>([
  [0, { kind: 'approved', message: 'Approved.' }],
  [1000, { kind: 'cancelled', message: 'The customer cancelled on the terminal.' }],
  [1001, { kind: 'busy', message: "The terminal's payment software was busy with something else." }],
  [1002, { kind: 'failed', message: 'The terminal has stored transactions that must be voided first.' }],
  [1003, { kind: 'timeout', message: 'The terminal timed out waiting for the customer.' }],
  [1004, { kind: 'declined', message: 'The terminal declined the transaction.' }],
  [1006, { kind: 'declined', message: 'Declined by the bank.' }],
  [1007, { kind: 'declined', message: 'Declined by the card.' }],
  [1008, { kind: 'failed', message: 'This transaction cannot be reversed.' }],
  [1009, { kind: 'failed', message: 'The amount is not valid for a void.' }],
  [1010, { kind: 'declined', message: 'The card is not valid.' }],
  [1011, { kind: 'failed', message: 'No transactions were found.' }],
  [1012, { kind: 'failed', message: 'The transaction does not exist.' }],
  [1013, { kind: 'failed', message: 'Viva could not start the sale; check the request details.' }],
  [1014, { kind: 'failed', message: 'Refunds are not enabled for this merchant account.' }],
  [1016, { kind: 'aborted', message: 'The payment was cancelled from the till.' }],
  [1017, { kind: 'failed', message: 'The amount is not valid for completing this pre-authorisation.' }],
  [1018, { kind: 'failed', message: 'Viva has no terminal parameters for this merchant.' }],
  [1019, { kind: 'declined', message: 'Declined: try another card.' }],
  [1020, { kind: 'declined', message: 'Declined: insufficient funds.' }],
  [1021, { kind: 'failed', message: 'This transaction cannot be reversed.' }],
  [1099, { kind: 'failed', message: 'The terminal reported a general transaction error.' }],
  [1100, { kind: 'busy', message: 'The terminal is busy with another request.' }],
  [1101, { kind: 'failed', message: 'Viva could not find the original payment this request refers to.' }],
  [1102, { kind: 'timeout', message: 'The transaction expired before it was completed.' }],
  [2000, { kind: 'failed', message: 'Location services are turned off on the terminal.' }],
  [3000, { kind: 'failed', message: 'The terminal is not connected.' }],
  [3001, { kind: 'failed', message: 'The terminal had a connection error.' }],
  [3002, { kind: 'failed', message: 'The connection to the terminal timed out.' }],
  [3099, { kind: 'failed', message: 'The terminal reported a general error.' }],
  [4000, { kind: 'failed', message: 'The terminal had a network connection error.' }],
  [5000, { kind: 'failed', message: 'This terminal is not set up for MOTO (card not present) payments.' }],
  [5001, { kind: 'failed', message: 'This terminal is not set up for instalments.' }],
  [5002, { kind: 'failed', message: 'This terminal is not set up for pre-authorisations.' }],
  [5003, { kind: 'failed', message: 'This terminal is not set up for QR payments.' }],
  [5004, { kind: 'failed', message: 'This terminal is not set up for voids.' }],
  [5005, { kind: 'failed', message: 'This terminal is not set up for tips.' }],
  [5006, { kind: 'failed', message: 'This terminal is not set up for sales.' }],
  [6000, { kind: 'failed', message: 'The terminal refused the request parameters.', appendVivaText: true }],
  [6102, { kind: 'failed', message: 'The Viva account is missing the ISV role.' }],
  [6201, STORE_AND_FORWARD],
  [7001, STORE_AND_FORWARD],
  [7002, STORE_AND_FORWARD],
  [7003, STORE_AND_FORWARD],
  [7004, STORE_AND_FORWARD],
  [7005, STORE_AND_FORWARD],
]);

/**
 * The kind and cashier message for an eventId. Unknown ids are failures whose message carries
 * the number and Viva's own text, so support can look them up.
 */
export function describeEvent(eventId: number | null, vivaMessage: string | null): EventInfo {
  const known = eventId === null ? undefined : EVENT_IDS.get(eventId);
  const vivaText = vivaMessage?.trim() ? vivaMessage.trim() : null;
  if (known) {
    if (known.appendVivaText && vivaText) return { kind: known.kind, message: `${known.message} Viva says: "${vivaText}".` };
    return { kind: known.kind, message: known.message };
  }
  const code = eventId === null ? '' : ` (event ${eventId})`;
  const said = vivaText ? ` Viva says: "${vivaText}".` : '';
  return { kind: 'failed', message: `The terminal reported a failure${code}.${said}` };
}
