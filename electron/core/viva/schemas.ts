import { z } from 'zod';

/**
 * Response schemas. Viva's service is tolerant in what it sends (spec §3, §10), so these are too:
 * unknown fields pass through (loose objects), identifiers may come as number or string and are
 * normalised to strings, and missing optional fields become null.
 *
 * Two strengths of field:
 * - fields that decide money or identity (sessionId, terminalId, amount, currencyCode, success,
 *   eventId, tipAmount) are strict: a wrong type makes the whole body a malformed response;
 * - descriptive fields (card label, masked PAN, timestamps...) fall back to null on a type Viva
 *   was not seen to send, so a cosmetic surprise can never hide a payment's outcome.
 */

/** A whole number, also accepted as a string of digits. */
const integer = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]).pipe(z.number().int().refine(Number.isSafeInteger));

/** Minor units: a whole number, zero or more. */
const minorUnits = integer.pipe(z.number().min(0, 'an amount cannot be negative'));

/** An identifier Viva may send as number or string (terminalId, RRN, orderCode...). */
const identifier = z.union([z.string(), z.number().int().transform(String)]);

/** ISO 4217 numeric code, sent as "978" or 978; always a 3-digit string afterwards. */
const currencyCode = z
  .union([z.string().regex(/^\d{1,3}$/), z.number().int().min(0).max(999).transform(String)])
  .transform((code) => code.padStart(3, '0'));

const text = z.union([z.string(), z.number().transform(String)]).nullable().catch(null);
const flag = z.boolean().nullable().catch(null);
const count = integer.nullable().catch(null);
const anything = z.unknown().optional().transform((value) => value ?? null);
/** Viva writes "0" (or 0) for "none" in orderCode, shortOrderCode and referenceNumber. */
const zeroMeansNone = identifier
  .nullable()
  .catch(null)
  .transform((value) => (value === null || value === '' || /^0+$/.test(value) ? null : value));

export const sessionSchema = z.looseObject({
  sessionId: z.string().min(1),
  terminalId: identifier,
  cashRegisterId: text,
  amount: minorUnits,
  currencyCode,
  merchantReference: text,
  customerTrns: text,
  tipAmount: minorUnits.nullish().transform((tip) => tip ?? 0),
  /** true = approved/completed, false = failed; null while Viva has no outcome. */
  success: z.boolean().nullish().transform((value) => value ?? null),
  eventId: integer.nullish().transform((value) => value ?? null),
  transactionEventId: count,
  aid: text,
  cardType: text,
  authorizationId: text,
  transactionId: text,
  transactionTypeId: count,
  retrievalReferenceNumber: text,
  panEntryMode: text,
  applicationLabel: text,
  bankId: text,
  primaryAccountNumberMasked: text,
  transactionDateTime: text,
  interappCallback: text,
  abortOperation: flag,
  abortAckTime: text,
  abortSuccess: flag,
  loyaltyInfo: anything,
  verificationMethod: text,
  tid: text,
  shortOrderCode: zeroMeansNone,
  installments: count,
  message: text,
  preauth: flag,
  referenceNumber: zeroMeansNone,
  orderCode: zeroMeansNone,
  aadeTransactionId: text,
  dccDetails: anything,
  fiscalisationDetails: anything,
  surchargeAmount: z.number().nullable().catch(null),
  showTransactionResult: flag,
  showReceipt: flag,
  skipSurcharge: flag,
});

/** A payment session as Viva returns it (camelCase), normalised; unknown fields are kept. */
export type VivaSession = z.infer<typeof sessionSchema>;

/**
 * One entry of a sessions-by-date list that did not parse as a session. It is kept, not dropped:
 * Viva has a record there that this till could not read, and reconciliation must say so.
 */
export interface UnreadableVivaRecord {
  /** The entry's own sessionId when it has a usable one (a non-empty string), else null. */
  sessionId: string | null;
  /** What did not parse, by field ("amount: expected number"); never the values themselves. */
  problems: string[];
  /** The entry as Viva sent it, for support and the journal's evidence. */
  raw: unknown;
}

/** Viva's day list, entry by entry: what parsed, and what did not (spec §11). */
export interface VivaSessionList {
  sessions: VivaSession[];
  unreadable: UnreadableVivaRecord[];
}

export const deviceSchema = z.looseObject({
  terminalId: identifier,
  /** Inventory status (0 WareHouse, 1 Live ... 7 Locked), not "online now". */
  statusId: count,
  sourceCode: text,
  merchantId: text,
  virtualTerminalId: text,
});

export type VivaDevice = z.infer<typeof deviceSchema>;

export const deviceListSchema = z.array(deviceSchema);

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: integer.pipe(z.number().positive()),
  token_type: z.string().min(1).catch('Bearer'),
  scope: z.string().optional().catch(undefined),
});

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** One entry of a FastAPI/pydantic validation error list. */
const pydanticIssue = z.looseObject({
  loc: z.array(z.union([z.string(), z.number()])).catch([]),
  msg: z.string().catch(''),
  type: z.string().optional().catch(undefined),
});

/** FastAPI error bodies: `{"detail": "text"}` or `{"detail": [pydantic issues]}` (spec §4). */
export const errorBodySchema = z.looseObject({
  detail: z.union([z.string(), z.array(pydanticIssue)]).optional().catch(undefined),
  /** OAuth2 error code from the token endpoint, e.g. "invalid_client". */
  error: z.string().optional().catch(undefined),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
