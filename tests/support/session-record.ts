import { applyEvent, type SessionRecord } from '../../electron/core/journal/projection.ts';

/**
 * Session records for tests that need one without a journal (the screens, the CLI's printing).
 * The open session is the journal's own fold (applyEvent) of a `created` event, so a field
 * SessionRecord gains reaches every fixture without being written here; a test overrides only
 * what it is about.
 */
let counter = 0;

/** A 12.50 EUR sale on 16000001, just created now (state 'created', nothing from Viva yet). */
export function openSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  counter += 1;
  const at = new Date().toISOString();
  const created = applyEvent(null, {
    id: counter,
    sessionId: `00000000-0000-4000-a000-${String(counter).padStart(12, '0')}`,
    seq: 1,
    at,
    type: 'created',
    payload: {
      kind: 'sale',
      amount: 1250,
      tipAmount: 0,
      currencyCode: '978',
      terminalId: '16000001',
      cashRegisterId: 'till-1',
      merchantReference: null,
      customerTrns: null,
      parentSessionId: null,
      businessDay: at.slice(0, 10),
    },
  });
  return { ...created, ...overrides };
}

/** The same session approved by Viva, with what its session body tells of the card. */
export function approvedSession(record: SessionRecord, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    ...record,
    state: 'approved',
    finishedAt: new Date().toISOString(),
    vivaEventId: 0,
    message: 'Transaction successful',
    transactionId: `tx-${record.sessionId.slice(-4)}`,
    authorizationId: '123456',
    cardBrand: 'VISA',
    maskedPan: '414746XXXXXX0133',
    panLast4: '0133',
    lastSeq: record.lastSeq + 1,
    ...overrides,
  };
}
