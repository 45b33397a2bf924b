import { eventMessage, issuerReason } from './event-ids.ts';
import type { FinalResolution, SimSession } from './sessions.ts';
import type { SessionKind } from '../../domain/session-states.ts';

/**
 * Viva's session JSON (spec §3). 'sparse' (the default, spec §11) has exactly the keys of the real
 * 2023 payloads of #2370/#2596, in their order, with panEntryMode "00" when no card was read and,
 * on some sessions, the ISV extras `isvDetails`. 'full' adds every remaining field of the
 * fiskaltrust model (transactionEventId, aid, bankId, cardType, show*, interappCallback, aade*,
 * dcc*...) with nulls where Viva uses them.
 */
export type BodyShape = 'sparse' | 'full';

/** What the card and the acquirer would have produced; drawn when the session is created. */
export interface CardDetails {
  brand: 'VISA' | 'MASTERCARD';
  aid: string;
  bankId: string;
  panMasked: string;
  panEntryMode: string;
  transactionId: string;
  authorizationId: string;
  retrievalReferenceNumber: string;
  referenceNumber: number;
  orderCode: string;
  shortOrderCode: string;
}

const BRANDS = {
  VISA: { aid: 'A0000000031010', bankId: 'NET_VISA', bins: ['414746', '476173', '453201'] },
  MASTERCARD: { aid: 'A0000000041010', bankId: 'NET_MASTERCARD', bins: ['516732', '535522', '222300'] },
} as const;

export function newCardDetails(random: () => number, newId: () => string): CardDetails {
  const brand = random() < 0.5 ? 'VISA' : 'MASTERCARD';
  const { aid, bankId, bins } = BRANDS[brand];
  const bin = bins[Math.floor(random() * bins.length)] ?? bins[0];
  return {
    brand,
    aid,
    bankId,
    panMasked: `${bin}XXXXXX${digits(random, 4)}`,
    panEntryMode: '07',
    transactionId: newId(),
    authorizationId: digits(random, 6),
    retrievalReferenceNumber: digits(random, 12),
    referenceNumber: 100000 + Math.floor(random() * 900000),
    orderCode: nonZeroDigits(random, 16),
    shortOrderCode: nonZeroDigits(random, 10),
  };
}

function digits(random: () => number, count: number): string {
  let text = '';
  for (let i = 0; i < count; i += 1) text += String(Math.floor(random() * 10) % 10);
  return text;
}

function nonZeroDigits(random: () => number, count: number): string {
  return String(1 + (Math.floor(random() * 9) % 9)) + digits(random, count - 1);
}

/** Viva's transactionTypeId for a completed session of each kind (spec §5.3). */
export const TRANSACTION_TYPE_ID: Readonly<Record<SessionKind, number>> = {
  sale: 5,
  preauth: 1,
  refund: 4,
  'unreferenced-refund': 4,
  'preauth-completion': 0,
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Some sessions carry ISV extras (#2370); which ones follows from the card drawn, not from a new draw. */
function isvDetails(session: SimSession): Record<string, unknown> | undefined {
  if (session.card.referenceNumber % 3 !== 0) return undefined;
  return { amount: Math.max(1, Math.round(session.amount / 200)), merchantId: null, sourceCode: '7951', merchantSourceCode: '7889' };
}

/**
 * The body a mixed-up proxy or cache could serve for this session's URL: a finished payment of
 * another session, on another terminal and cash register (design §2, promise 9).
 */
export function foreignSessionBody(session: SimSession, end: FinalResolution, shape: BodyShape): Record<string, unknown> {
  return {
    ...vivaSessionBody(session, end, shape),
    sessionId: `other-${session.card.transactionId}`,
    terminalId: session.terminalId === '16999999' ? '16999998' : '16999999',
    tid: '16999999',
    cashRegisterId: 'OTHER-REGISTER',
  };
}

/** The session's entry in a day list when it does not parse: nulls where values belong. */
export function unreadableListEntry(session: SimSession, end: FinalResolution, shape: BodyShape): Record<string, unknown> {
  return { ...vivaSessionBody(session, end, shape), terminalId: null, amount: null, currencyCode: null };
}

export function vivaSessionBody(session: SimSession, end: FinalResolution, shape: BodyShape = 'full'): Record<string, unknown> {
  const { result } = end;
  const card = session.card;
  const approved = result.success;
  const eventId = result.success ? 0 : result.eventId;
  const cardRead = result.success || result.cardRead;
  const sparse = {
    sessionId: session.sessionId,
    terminalId: session.terminalId,
    cashRegisterId: session.cashRegisterId,
    amount: session.amount,
    currencyCode: session.currencyCode,
    merchantReference: session.merchantReference,
    customerTrns: session.customerTrns,
    tipAmount: session.tipAmount,
    success: approved,
    eventId,
    authorizationId: approved ? card.authorizationId : null,
    transactionId: approved ? card.transactionId : null,
    transactionTypeId: approved ? TRANSACTION_TYPE_ID[session.kind] : null,
    retrievalReferenceNumber: approved ? card.retrievalReferenceNumber : null,
    panEntryMode: cardRead ? card.panEntryMode : shape === 'sparse' ? '00' : null,
    applicationLabel: approved ? card.brand : null,
    primaryAccountNumberMasked: approved ? card.panMasked : null,
    transactionDateTime: approved ? iso(end.finishedAt) : null,
    abortOperation: session.abort !== null,
    abortAckTime: iso(end.abortAckAt),
    abortSuccess: end.endedBy === 'abort' && !approved,
    loyaltyInfo: null,
    verificationMethod: null,
    tid: session.terminalId,
    shortOrderCode: approved ? card.shortOrderCode : '0',
    installments: 0,
    message: eventMessage(eventId),
    preauth: session.kind === 'preauth',
    referenceNumber: approved ? card.referenceNumber : 0,
    orderCode: approved ? card.orderCode : '0',
  };
  if (shape === 'sparse') {
    const isv = isvDetails(session);
    return isv ? { ...sparse, isvDetails: isv } : sparse;
  }
  return {
    ...sparse,
    aid: cardRead ? card.aid : null,
    bankId: approved ? card.bankId : null,
    cardType: null,
    transactionEventId: approved ? null : issuerReason(eventId),
    showTransactionResult: session.showTransactionResult,
    showReceipt: session.showReceipt,
    skipSurcharge: session.skipSurcharge,
    interappCallback: session.interappCallback,
    aadeTransactionId: null,
    dccDetails: null,
    fiscalisationDetails: null,
    surchargeAmount: null,
  };
}
