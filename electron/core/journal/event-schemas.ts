import { z } from 'zod';
import { assertAmountMinor, currency, MoneyError } from '../money.ts';
import { restated } from '../../domain/coded-error.ts';
import type { MessageRef } from '../../domain/messages.ts';
import { JournalError } from './errors.ts';
import { parseDay } from './business-day.ts';
import { FINAL_STATES, KINDS_WITH_PARENT, SESSION_KINDS, type FinalState, type SessionKind } from '../../domain/session-states.ts';
import { DIFFERENCE_KINDS } from '../../domain/difference-kinds.ts';
import { ATTENTION_DECISIONS } from '../../domain/attention.ts';
import type { SessionRecord } from './projection.ts';

/**
 * The events a session's history is made of, and the checks every one of them passes before
 * it is written. Each type's payload has a strict schema: an unknown key is refused, so a typo
 * in the engine fails loudly instead of being journaled forever.
 *
 * Viva session bodies (`viva`) are kept whole as plain JSON: they are the evidence. The journal
 * reads only a few fields out of them (projection.ts) and checks two things that would reveal a
 * mix-up: the body's `sessionId` is this session's, and its `success` agrees with the outcome.
 */
export const EVENT_TYPES = [
  'created',
  'dispatching',
  'dispatched',
  'dispatch-uncertain',
  'dispatch-refused',
  'poll-result',
  'abort-wanted',
  'abort-requested',
  'abort-result',
  'deadline-passed',
  'recovered',
  'resolved-by-operator',
  'late-success',
  'alert',
  'recheck',
  'imported',
  'explained',
  'amount-corrected',
  'anomaly',
  'not-paid',
  'decision',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Event types that start a history; every other type is appended to one. */
export const FIRST_EVENT_TYPES = ['created', 'imported'] as const satisfies readonly EventType[];

/**
 * What can be wrong with an answer from Viva (an `anomaly` event): it names another session
 * (sessionId, terminalId or cashRegisterId), it charges another amount or currency, or it cannot
 * be read at all.
 */
export const ANOMALY_KINDS = ['other-session', 'amount-mismatch', 'currency-mismatch', 'unreadable-body'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Alerts the journal knows by name; others are allowed (kebab-case) so new checks need no migration. */
export const KNOWN_ALERTS = ['paid-after-abort', 'late-success'] as const;

const MAX_ID = 200;
const MAX_TEXT = 1000;

const nonBlank = (max: number) => z.string().max(max).regex(/\S/, 'must not be blank');
const identifier = nonBlank(MAX_ID);
const optionalText = z.string().max(MAX_TEXT).optional();
const httpStatus = z.int().min(100).max(599).optional();
const finalState = z.enum(FINAL_STATES);
const businessDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
/**
 * A Viva session body: any JSON object, kept as given (canonical-json.ts refuses what is not
 * plain JSON). Checked without copying: z.record would copy every field of every body.
 */
const vivaBody = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be the JSON object Viva returned for the session',
);

const currencyCode = z.string().regex(/^\d{3}$/);
/** Every UTC date a session touches, and whether Viva's lists of them name it. */
const dayListCheck = z.strictObject({ dates: z.array(businessDay).min(1).max(7), result: z.enum(['absent', 'listed', 'unreadable']) });

const createdPayload = z.strictObject({
  kind: z.enum(SESSION_KINDS),
  amount: z.int().positive(),
  tipAmount: z.int().nonnegative(),
  /** ISO 4217 numeric, as Viva sends it ("978"). */
  currencyCode,
  terminalId: identifier,
  cashRegisterId: identifier,
  merchantReference: z.string().max(MAX_TEXT).nullable(),
  customerTrns: z.string().max(MAX_TEXT).nullable(),
  parentSessionId: identifier.nullable(),
  /** Fixed when the session is created, so a later change of settings never moves history. */
  businessDay,
});

export const PAYLOAD_SCHEMAS = {
  created: createdPayload,
  dispatching: z.strictObject({}),
  dispatched: z.strictObject({ correlationId: optionalText }),
  'dispatch-uncertain': z.strictObject({
    /** The client's error class (timeout, network, 5xx...), for support and for recovery. */
    errorClass: nonBlank(100),
    message: optionalText,
    httpStatus,
    correlationId: optionalText,
  }),
  'dispatch-refused': z.strictObject({
    /** Why it was never sent (or refused before reaching a terminal): 'validation', 'terminal-busy'... */
    reason: nonBlank(100),
    message: optionalText,
    httpStatus,
  }),
  'poll-result': z.strictObject({ outcome: finalState, viva: vivaBody }),
  /**
   * The cashier asked to abort while the request was still being sent: the intent is on disk
   * before the DELETE can leave (it leaves once Viva has accepted the request), so a crash in
   * between still ends in an abort, and a payment that goes through is still "paid after abort".
   */
  'abort-wanted': z.strictObject({
    reason: z.enum(['cashier', 'operator']),
    operator: nonBlank(MAX_ID).optional(),
  }),
  'abort-requested': z.strictObject({
    reason: z.enum(['cashier', 'deadline', 'operator', 'recovery']),
    operator: nonBlank(MAX_ID).optional(),
  }),
  'abort-result': z.strictObject({ accepted: z.boolean(), httpStatus, message: optionalText }),
  'deadline-passed': z.strictObject({ message: optionalText }),
  recovered: z.strictObject({
    outcome: finalState,
    /** 'not-found': Viva kept answering 404 past the grace period, so the request never arrived. */
    source: z.enum(['get-session', 'sessions-by-date', 'not-found', 'reconciliation']),
    viva: vivaBody.optional(),
    message: optionalText,
  }).refine((payload) => payload.source !== 'not-found' || (payload.outcome === 'failed' && payload.viva === undefined), {
    message: "a session Viva never saw ('not-found') can only be recovered as failed, without a Viva body",
    path: ['outcome'],
  }),
  'resolved-by-operator': z.strictObject({
    outcome: finalState,
    reason: nonBlank(MAX_TEXT),
    operator: nonBlank(MAX_ID),
    /** What the till had observed when the operator decided (payments/never-delivered.ts). */
    evidence: z
      .strictObject({
        acceptedAt: z.iso.datetime().nullable(),
        pendingSince: z.iso.datetime(),
        pendingUntil: z.iso.datetime(),
        pendingForMs: z.int().nonnegative(),
        dayLists: dayListCheck.nullable(),
        lastObserved: z.enum([...FINAL_STATES, 'pending', 'not-found']),
        recommendation: z.enum(['resolve-as-failed']).nullable(),
      })
      .optional(),
  }),
  'late-success': z.strictObject({
    source: z.enum(['recheck', 'reconciliation']),
    viva: vivaBody.optional(),
    message: optionalText,
  }),
  alert: z.strictObject({
    alert: z.string().max(64).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case id such as paid-after-abort'),
    message: optionalText,
  }),
  recheck: z.strictObject({
    /**
     * 'watch': the background's look at an `unknown` session still answered 202 (evidence for the
     * never-delivered diagnosis); it is not promise 7's one re-check, which still comes later.
     */
    source: z.enum(['recheck', 'reconciliation', 'watch']),
    /** What Viva said this time. */
    observed: z.enum([...FINAL_STATES, 'pending', 'not-found']),
    viva: vivaBody.optional(),
    /** Viva's day lists read at the same check, for a session still "being processed" (payments/never-delivered.ts). */
    dayLists: dayListCheck.optional(),
  }),
  /**
   * A session this till never journaled, taken from Viva's record by a reconciliation: the first
   * and only event of its history, so it can never look like a request this till sent. `own`:
   * the operator accepts it as this till's (a lost write); it counts in the day's totals. `foreign`:
   * kept as evidence with the reason it is not ours (another cash register...); it does not count.
   */
  imported: createdPayload
    .extend({
      source: z.literal('reconciliation'),
      disposition: z.enum(['own', 'foreign']),
      outcome: finalState,
      /** When Viva says the payment happened (its transactionDateTime), UTC ISO; null when it gives none. */
      occurredAt: z.iso.datetime().nullable(),
      viva: vivaBody,
      operator: nonBlank(MAX_ID),
      reason: nonBlank(MAX_TEXT).optional(),
      /**
       * Foreign only: the cash register the operator says it belongs to (Viva's record names it).
       * That is the reason by itself; a person may add one in words.
       */
      belongsTo: identifier.optional(),
    })
    .refine((payload) => payload.disposition === 'own' || payload.reason !== undefined || payload.belongsTo !== undefined, {
      message: 'a session recorded as foreign needs the reason it is not this till\'s (or the till it belongs to)',
      path: ['reason'],
    })
    .refine((payload) => payload.disposition === 'foreign' || payload.belongsTo === undefined, {
      message: "a session accepted as this till's belongs to no other till",
      path: ['belongsTo'],
    }),
  /** A reconciliation difference settled by a person without changing the session: why it is fine, or the refund that settles it. */
  explained: z.strictObject({
    source: z.literal('reconciliation'),
    difference: z.enum(DIFFERENCE_KINDS),
    reason: nonBlank(MAX_TEXT),
    operator: nonBlank(MAX_ID),
    refundSessionId: identifier.optional(),
  }),
  /** The operator accepts what Viva charged for an approved session (amount, tip, currency), from Viva's body. */
  'amount-corrected': z.strictObject({
    source: z.literal('reconciliation'),
    /** Minor units, tip excluded (as in `created`). */
    amount: z.int().positive(),
    tipAmount: z.int().nonnegative(),
    currencyCode,
    viva: vivaBody,
    /** The differences this settles. */
    differences: z.array(z.enum(['amount-mismatch', 'currency-mismatch', 'tip-mismatch'])).min(1),
    operator: nonBlank(MAX_ID),
    reason: optionalText,
  }),
  /**
   * A person's decision at reconciliation that a payment the journal holds as approved (or with an
   * unknown outcome) never reached the card: Viva has no record of it on the dates it was looked
   * for. The session becomes failed, so it leaves the day's money (totals, Z report, exports);
   * its history keeps the approval it replaces. If Viva's record turns up later, the
   * reconciliation offers it as a late success, counted once.
   */
  'not-paid': z.strictObject({
    source: z.literal('reconciliation'),
    /** The UTC dates whose Viva lists were read and did not hold the session: the evidence. */
    checkedDates: z.array(businessDay).min(1).max(7),
    operator: nonBlank(MAX_ID),
    reason: nonBlank(MAX_TEXT).optional(),
  }),
  /**
   * An answer that does not fit its session (design.md §2 promise 9): a final body naming another
   * session, terminal or cash register, another amount or currency, or a body the till cannot read.
   * Evidence only: it never settles the session and never ends its polling. `received` keeps
   * the foreign body under its own key, so it is never mistaken for this session's Viva body.
   */
  anomaly: z.strictObject({
    anomaly: z.enum(ANOMALY_KINDS),
    fields: z
      .array(z.strictObject({ field: nonBlank(64), expected: z.string().max(MAX_TEXT), received: z.string().max(MAX_TEXT).nullable() }))
      .max(10)
      .optional(),
    received: vivaBody.optional(),
    message: optionalText,
  }),
  /**
   * A person's decision about a payment on the attention list (domain/attention.ts) that leaves the
   * payment as it is: 'keep-payment' (a payment that went through after an abort or late is kept:
   * it leaves the list; the operator is named) or 'set-aside' (an unknown payment waits while the
   * cashier serves the next customer: it stays on the list until resolved).
   */
  decision: z
    .strictObject({
      decision: z.enum(ATTENTION_DECISIONS),
      operator: nonBlank(MAX_ID).optional(),
      reason: optionalText,
    })
    .refine((payload) => payload.decision !== 'keep-payment' || payload.operator !== undefined, {
      message: 'keeping a payment needs the name of the person who decides',
      path: ['operator'],
    }),
} as const satisfies Record<EventType, z.ZodType>;

type Schemas = typeof PAYLOAD_SCHEMAS;
export type EventPayload<T extends EventType> = z.output<Schemas[T]>;
export type CreatedPayload = EventPayload<'created'>;
export type ImportedPayload = EventPayload<'imported'>;
type FirstEventType = (typeof FIRST_EVENT_TYPES)[number];
type AppendedEventType = Exclude<EventType, FirstEventType>;

/** An event as the engine hands it to `append()`: its type plus that type's fields. */
export type EventInput = { [T in AppendedEventType]: { type: T } & FieldsOf<T> }[AppendedEventType];
// zod types a field-less object as Record<string, never>, which would forbid even `type`.
type FieldsOf<T extends EventType> = z.input<Schemas[T]> extends Record<string, never> ? unknown : z.input<Schemas[T]>;

/** An event's type and payload, before it has an id, a position or a time. */
export type EventBody = { [T in EventType]: { type: T; payload: EventPayload<T> } }[EventType];

/** An event as stored: numbered globally (`id`) and within its session (`seq`). */
export type JournalEvent = EventBody & { id: number; sessionId: string; seq: number; at: string };

/** What the engine hands to `createSession()`. */
export interface NewSessionRequest {
  /** The ECR's own id for this request (UUID v4); Viva's idempotency key. */
  sessionId: string;
  kind: SessionKind;
  /** Integer minor units (1250 = 12.50). */
  amount: number;
  /** Integer minor units; 0 when absent. */
  tipAmount?: number;
  /** ISO 4217, alphabetic ("EUR") or numeric ("978" / 978). Stored numeric. */
  currency: string | number;
  terminalId: string;
  cashRegisterId: string;
  merchantReference?: string | null;
  customerTrns?: string | null;
  /** Required for 'refund' and 'preauth-completion', refused for the others. */
  parentSessionId?: string | null;
}

const newSessionSchema = z.strictObject({
  sessionId: identifier,
  kind: z.enum(SESSION_KINDS),
  amount: z.unknown(),
  tipAmount: z.unknown().optional(),
  currency: z.union([z.string(), z.number()]),
  terminalId: identifier,
  cashRegisterId: identifier,
  merchantReference: z.string().max(MAX_TEXT).nullish(),
  customerTrns: z.string().max(MAX_TEXT).nullish(),
  parentSessionId: identifier.nullish(),
});

/** Checks a new-session request and turns it into the `created` payload (minus the business day). */
export function parseNewSession(request: NewSessionRequest): { sessionId: string; payload: Omit<CreatedPayload, 'businessDay'> } {
  const parsed = newSessionSchema.safeParse(request);
  if (!parsed.success) throw invalid({ id: 'journal.invalid-new-session' }, parsed.error);
  const input = parsed.data;
  const amount = money(() => {
    assertAmountMinor(input.amount, 'amount');
    return input.amount;
  });
  const tipAmount = money(() => {
    if (input.tipAmount === undefined || input.tipAmount === 0) return 0;
    assertAmountMinor(input.tipAmount, 'tip amount');
    return input.tipAmount;
  });
  const currencyCode = money(() => currency(input.currency).numeric);
  const parentSessionId = input.parentSessionId ?? null;
  const needsParent = KINDS_WITH_PARENT.includes(input.kind);
  if (needsParent && parentSessionId === null) {
    throw new JournalError('invalid-input', { id: 'journal.needs-parent', params: { kind: input.kind } });
  }
  if (!needsParent && parentSessionId !== null) {
    throw new JournalError('invalid-input', { id: 'journal.no-parent', params: { kind: input.kind } });
  }
  if (parentSessionId === input.sessionId) {
    throw new JournalError('invalid-input', { id: 'journal.own-parent' });
  }
  return {
    sessionId: input.sessionId,
    payload: {
      kind: input.kind,
      amount,
      tipAmount,
      currencyCode,
      terminalId: input.terminalId,
      cashRegisterId: input.cashRegisterId,
      merchantReference: input.merchantReference ?? null,
      customerTrns: input.customerTrns ?? null,
      parentSessionId,
    },
  };
}

/**
 * What `importVivaSession()` takes: a session as Viva recorded it, in the journal's own fields
 * (`amount` is Viva's amount minus its tipAmount; `businessDay`, the day the reconciliation found
 * it on), and who decided what it is.
 */
export interface ImportedSessionInput
  extends Pick<
    SessionRecord,
    'sessionId' | 'kind' | 'amount' | 'tipAmount' | 'currencyCode' | 'terminalId' | 'cashRegisterId' | 'merchantReference' | 'customerTrns' | 'businessDay'
  > {
  disposition: 'own' | 'foreign';
  outcome: FinalState;
  occurredAt: string | null;
  viva: Record<string, unknown>;
  operator: string;
  reason?: string;
}

/** Checks an import and turns it into its `imported` event. */
export function parseImportedSession(input: ImportedSessionInput): { sessionId: string; body: EventBody } {
  const sessionId = identifier.safeParse(input?.sessionId);
  if (!sessionId.success) throw invalid({ id: 'journal.invalid-imported-session' }, sessionId.error);
  if (KINDS_WITH_PARENT.includes(input.kind)) {
    throw new JournalError('invalid-input', { id: 'journal.import-with-parent', params: { kind: input.kind } });
  }
  money(() => {
    assertAmountMinor(input.amount, 'amount');
    if (input.tipAmount !== 0) assertAmountMinor(input.tipAmount, 'tip amount');
    currency(input.currencyCode);
  });
  parseDay(input.businessDay);
  const { sessionId: _id, ...fields } = input;
  return {
    sessionId: sessionId.data,
    body: parsePayload('imported', { ...fields, parentSessionId: null, source: 'reconciliation' }),
  };
}

/** Checks an event for `append()` and splits it into type and payload. */
export function parseEventInput(sessionId: string, input: EventInput): EventBody {
  const type = (input as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    throw new JournalError('invalid-input', {
      id: 'journal.unknown-event-type',
      params: { type: JSON.stringify(type) ?? String(type), expected: EVENT_TYPES.join(', ') },
    });
  }
  if (type === 'created') {
    throw new JournalError('invalid-input', { id: 'journal.created-not-appended' });
  }
  if (type === 'imported') {
    throw new JournalError('invalid-input', { id: 'journal.imported-not-appended' });
  }
  const { type: _type, ...fields } = input;
  const body = parsePayload(type as EventType, fields);
  checkVivaBody(sessionId, body);
  return body;
}

/** Checks a payload against its type's schema; used for appends and for stored history. */
export function parsePayload(type: EventType, payload: unknown): EventBody {
  const parsed = PAYLOAD_SCHEMAS[type].safeParse(payload);
  if (!parsed.success) throw invalid({ id: 'journal.invalid-event', params: { type } }, parsed.error);
  return { type, payload: parsed.data } as EventBody;
}

export function checkVivaBody(sessionId: string, body: EventBody): void {
  const viva = 'viva' in body.payload ? body.payload.viva : undefined;
  if (viva === undefined) return;
  if (typeof viva.sessionId === 'string' && viva.sessionId !== sessionId) {
    throw new JournalError('invalid-input', { id: 'journal.viva-body-other-session', params: { vivaSession: viva.sessionId, session: sessionId } });
  }
  const claimsApproved = claimsApproval(body);
  if (typeof viva.success === 'boolean' && claimsApproved !== undefined && viva.success !== claimsApproved) {
    throw new JournalError('invalid-input', {
      id: claimsApproved ? 'journal.viva-not-approved' : 'journal.viva-approved',
      params: { type: body.type, success: viva.success },
    });
  }
  if (body.type === 'imported' || body.type === 'amount-corrected') checkVivaMoney(body.type, body.payload, viva);
}

/**
 * Money taken from Viva's record must be what the record says: its `amount` includes the tip
 * (spec §3), the journal keeps the two apart.
 */
function checkVivaMoney(type: string, payload: { amount: number; tipAmount: number; currencyCode: string }, viva: Record<string, unknown>): void {
  const tip = viva.tipAmount ?? 0;
  const code = typeof viva.currencyCode === 'number' ? String(viva.currencyCode).padStart(3, '0') : viva.currencyCode;
  if (viva.amount !== payload.amount + payload.tipAmount || tip !== payload.tipAmount || code !== payload.currencyCode) {
    // Plain numbers, not money: the values disagree, so neither is the one to format.
    throw new JournalError('invalid-input', {
      id: 'journal.viva-money-mismatch',
      params: {
        type,
        amount: payload.amount,
        tip: payload.tipAmount,
        currency: payload.currencyCode,
        vivaAmount: String(viva.amount),
        vivaTip: String(tip),
        vivaCurrency: String(code),
      },
    });
  }
}

/** Whether the event says the payment went through; undefined when it says neither (a pending re-check). */
function claimsApproval(body: EventBody): boolean | undefined {
  switch (body.type) {
    case 'poll-result':
    case 'recovered':
    case 'imported':
      return body.payload.outcome === 'approved';
    case 'late-success':
    case 'amount-corrected':
      return true;
    case 'recheck':
      if (body.payload.observed === 'pending' || body.payload.observed === 'not-found') return undefined;
      return body.payload.observed === 'approved';
    default:
      return undefined;
  }
}

function money<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof MoneyError) throw new JournalError('invalid-input', restated(error), { cause: error });
    throw error;
  }
}

function invalid(refusal: Omit<MessageRef, 'detail'>, error: z.ZodError): JournalError {
  const problems = error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(value)'}: ${issue.message}`);
  // zod's own words are English only: the detail of the log and the CLI, not of the sentence.
  return new JournalError('invalid-input', { ...refusal, detail: `${problems.join('; ')}.` }, { cause: error });
}
