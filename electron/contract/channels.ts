import { z } from 'zod';
import type { SessionPage, VerifyResult } from '../core/journal/index.ts';
import type { SessionRecord } from '../domain/session-record.ts';
import { FINAL_STATES, SESSION_KINDS, SESSION_STATES } from '../domain/session-states.ts';
import type { NeverEndingDiagnosis, Refundable, SaleRefunds } from '../core/payments/index.ts';
import type { ConnectionTestResult } from '../core/settings/connection-test.ts';
import { DECLINE_EVENT_IDS } from '../domain/event-ids.ts';
import { ATTENTION_DECISIONS, type AttentionItem } from '../domain/attention.ts';
import { describeFreeTextProblem, freeTextProblem } from '../domain/free-text.ts';
import { MAX_SEARCH_TEXT } from '../domain/session-search.ts';
import { SESSION_ID, TERMINAL_ID } from '../domain/identifiers.ts';
import { MAX_AMOUNT_MINOR, withinAmountLimit } from '../domain/money-limits.ts';
import { RESOLUTION_ACTIONS } from '../domain/resolution-actions.ts';
import type { TerminalView } from '../core/simulator/terminal-display.ts';
import { CREDENTIAL_ENVIRONMENTS, ENVIRONMENTS, settingsPatchSchema } from '../core/settings/schema.ts';
import type { DayReport, Difference, ReconciliationResult, ZSummary } from '../core/reports/index.ts';
import type { PaymentDay } from '../domain/payment-day.ts';
import type { AppStatus, DeviceView, DiagnosticsExport, ExportResult, HeadOfficeView, SessionDetail, SettingsView } from './views.ts';
import type { FleetReport } from '../core/headoffice/fleet-report.ts';

/**
 * THE IPC contract: one table, channel name -> input schema + output type. Main registers a
 * handler for every entry (electron/main/ipc.ts), the preload exposes one function per entry on
 * `window.ecr` (electron/preload/build-api.ts), and the renderer's type of `window.ecr` is derived
 * from it (api.ts). Adding a channel is one entry here and one handler in main.
 *
 * Inputs are checked here for shape and bounds (strict objects: an unknown key is refused);
 * the core checks meaning again (amount limits, currencies, transitions).
 */

/** A phantom that carries a channel's output type; it has no runtime content. */
export interface Output<T> {
  readonly __output: T;
}
const returns = <T>(): Output<T> => ({}) as Output<T>;

export interface ChannelSpec {
  input: z.ZodType;
  output: Output<unknown>;
}


/** Free text by the domain's rules (no controls, no bidi overrides), checked before trimming, as the core checks it. */
const freeText = (max: number) =>
  z.string().superRefine((value, ctx) => {
    const problem = freeTextProblem(value, { max });
    if (problem) ctx.addIssue({ code: 'custom', message: describeFreeTextProblem(problem, 'text', { max }) });
  });
const text = (max: number) => freeText(max).trim().min(1, 'must not be empty').max(max);
const optionalText = (max: number) => freeText(max).trim().max(max).optional();
const sessionId = z.string().trim().min(1, 'must not be empty').max(200).regex(SESSION_ID, 'must be a session id: letters, digits and - _ . : only');
const terminalId = z.string().trim().regex(TERMINAL_ID, 'must be a Viva terminal id: digits only, at most 16');
const amount = z.int().min(1).max(MAX_AMOUNT_MINOR);
const withinLimit = (value: { amount: number; tipAmount?: number | undefined }) => withinAmountLimit(value.amount, value.tipAmount ?? 0);
const currency = z.string().regex(/^(?:[A-Z]{3}|\d{3})$/, 'must be an ISO 4217 code such as EUR or 978');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** Channels that take nothing. */
const none = z.undefined();
const sessionRef = z.strictObject({ sessionId });

export const channels = {
  // --- the till ---------------------------------------------------------------------------
  /** Environment, readiness, connectivity, version. */
  getStatus: { input: none, output: returns<AppStatus>() },

  // --- payments (the engine) ----------------------------------------------------------------
  /** Starts a sale (or a pre-authorisation); resolves once Viva accepted it for the terminal. Default terminal when none is given. */
  startSale: {
    input: z.strictObject({
      amount,
      tipAmount: z.int().min(0).max(MAX_AMOUNT_MINOR).optional(),
      currency: currency.optional(),
      terminalId: terminalId.optional(),
      merchantReference: optionalText(200),
      customerTrns: optionalText(500),
      preauth: z.boolean().optional(),
      /** Instalments offered at the card (Greece only, so euro sales; 0 = none: spec §2.3). */
      maxInstalments: z.int().min(0).max(99).optional(),
    }).refine(withinLimit, { message: 'amount and tip together are larger than the till accepts in one payment', path: ['tipAmount'] }),
    output: returns<SessionRecord>(),
  },
  /** A refund of an earlier sale (partial allowed); on the sale's terminal unless another is given. */
  startRefund: {
    input: z.strictObject({
      parentSessionId: sessionId,
      amount,
      terminalId: terminalId.optional(),
      merchantReference: optionalText(200),
      customerTrns: optionalText(500),
    }),
    output: returns<SessionRecord>(),
  },
  /** A refund not tied to a sale of this till. */
  startUnreferencedRefund: {
    input: z.strictObject({
      amount,
      currency: currency.optional(),
      terminalId: terminalId.optional(),
      merchantReference: optionalText(200),
      customerTrns: optionalText(500),
    }),
    output: returns<SessionRecord>(),
  },
  /** Captures (part of) an approved pre-authorisation. */
  completePreauth: {
    input: z.strictObject({ parentSessionId: sessionId, amount, terminalId: terminalId.optional(), merchantReference: optionalText(200) }),
    output: returns<SessionRecord>(),
  },
  /** The cashier's Abort: asks the terminal to stop, then the engine keeps polling to the real outcome. */
  abortSession: { input: sessionRef, output: returns<SessionRecord>() },
  /** One session as the journal has it now (null: no such session). */
  sessionStatus: { input: sessionRef, output: returns<SessionRecord | null>() },
  /** Every session that is not final (in flight or unknown), oldest first: what the checkout screen restores. */
  openSessions: { input: none, output: returns<SessionRecord[]>() },
  /** "Check again": ask Viva now about an unknown session, or re-check a finished unpaid one. */
  checkAgain: { input: sessionRef, output: returns<SessionRecord>() },
  /** What the till observed of a session Viva still calls "being processed", and whether it recommends resolving it as failed (null: nothing observed). */
  diagnoseSession: { input: sessionRef, output: returns<NeverEndingDiagnosis | null>() },
  /** How much of a sale can still be refunded. */
  refundable: { input: sessionRef, output: returns<Refundable>() },
  /** An operator settles an unknown session by hand (audited: outcome, reason, who). */
  resolveSession: {
    input: z.strictObject({ sessionId, outcome: z.enum(FINAL_STATES), reason: text(1000), operator: text(200) }),
    output: returns<SessionRecord>(),
  },

  // --- the journal (offline) -----------------------------------------------------------------
  /** One page of sessions, newest first; pass `nextCursor` back as `cursor` for the next page. */
  listSessions: {
    input: z.strictObject({
      businessDay: day.optional(),
      fromDay: day.optional(),
      toDay: day.optional(),
      states: z.array(z.enum(SESSION_STATES)).min(1).max(SESSION_STATES.length).optional(),
      terminalId: terminalId.optional(),
      kind: z.enum(SESSION_KINDS).optional(),
      text: text(MAX_SEARCH_TEXT).optional(),
      /** The search text read as an amount (minor units), when it reads as one: domain/session-search.ts. */
      amount: z.int().min(1).optional(),
      limit: z.int().min(1).max(500).optional(),
      cursor: z.string().max(1000).nullable().optional(),
    }),
    output: returns<SessionPage>(),
  },
  /** A session with its journaled history (null: no such session). */
  getSession: { input: sessionRef, output: returns<SessionDetail | null>() },
  /** The refunds made against these sales, with what is left to refund (only sales that have refunds are answered). */
  saleRefunds: { input: z.strictObject({ sessionIds: z.array(sessionId).min(1).max(500) }), output: returns<SaleRefunds[]>() },
  /** Checks the journal's hash chain and projection. */
  verifyJournal: { input: none, output: returns<VerifyResult>() },

  // --- devices -------------------------------------------------------------------------------
  /** The account's terminals (optionally only one inventory status; 1 = Live). */
  searchDevices: {
    input: z.strictObject({ statusId: z.int().min(0).max(7).optional() }).optional(),
    output: returns<DeviceView[]>(),
  },

  // --- settings and credentials ----------------------------------------------------------------
  getSettings: { input: none, output: returns<SettingsView>() },
  /** Changes some settings (all-or-nothing); the default terminal is `defaultTerminalId`. */
  updateSettings: { input: settingsPatchSchema, output: returns<SettingsView>() },
  /** Stores Viva credentials in the OS keychain; the answer says whether a secret is set, never what it is. */
  setCredentials: {
    input: z
      .strictObject({
        environment: z.enum(CREDENTIAL_ENVIRONMENTS),
        clientId: text(200).optional(),
        clientSecret: z.string().min(1, 'must not be empty').max(1000).optional(),
      })
      .refine((value) => value.clientId !== undefined || value.clientSecret !== undefined, 'give the client id, the client secret or both'),
    output: returns<SettingsView>(),
  },
  clearCredentials: { input: z.strictObject({ environment: z.enum(CREDENTIAL_ENVIRONMENTS) }), output: returns<SettingsView>() },
  /** Token + devices search with the stored credentials; a plain message for each failure class. */
  testConnection: {
    input: z.strictObject({ environment: z.enum(ENVIRONMENTS).optional() }).optional(),
    output: returns<ConnectionTestResult>(),
  },

  // --- the virtual terminal (Simulator environment only) ------------------------------------------
  /** What the simulated terminal shows now (idle, the amount with "present card", the result). */
  simulatorTerminal: { input: z.strictObject({ terminalId }), output: returns<TerminalView>() },
  /** The trainee acts as the customer on the terminal: tap a card, cancel, or decline (with Viva's reason); answers what the terminal shows then. */
  simulatorCustomer: {
    input: z
      .strictObject({
        terminalId,
        action: z.enum(['tap', 'cancel', 'decline']),
        eventId: z.union(DECLINE_EVENT_IDS.map((id) => z.literal(id))).optional(),
      })
      .refine((value) => value.eventId === undefined || value.action === 'decline', { message: 'a reason (eventId) goes with decline only', path: ['eventId'] }),
    output: returns<TerminalView>(),
  },

  // --- reconciliation and end of day ---------------------------------------------------------
  /** Diffs a business day against Viva's records; from the journal alone (and says so) when Viva cannot be reached. */
  reconcileDay: { input: z.strictObject({ day }), output: returns<ReconciliationResult>() },
  /** Resolves one difference: another till's, accept Viva's record, not paid, explain it with a reason, or start a refund. */
  resolveDifference: {
    input: z
      .strictObject({
        day,
        differenceId: text(300),
        action: z.enum(RESOLUTION_ACTIONS),
        operator: text(200),
        reason: optionalText(1000),
        amount: amount.optional(),
      })
      .refine((v) => v.action !== 'explain' || (v.reason ?? '').trim() !== '', { message: 'an explanation needs a reason', path: ['reason'] }),
    output: returns<Difference>(),
  },
  /** A business day's report: live for an open day, frozen (with integrity) for a closed one. */
  dayReport: { input: z.strictObject({ day }), output: returns<DayReport>() },
  /** Closes the day under the next Z number; unknown sessions block it unless overridden with a reason. */
  closeDay: {
    input: z.strictObject({ day, operator: text(200), overrideUnknown: z.strictObject({ reason: text(1000) }).optional() }),
    output: returns<DayReport>(),
  },
  /** Every Z report, oldest first. */
  zReports: { input: none, output: returns<ZSummary[]>() },
  /** The business day a payment started now counts in, and the Z report that closed the clock's day when it is closed. */
  paymentDay: { input: none, output: returns<PaymentDay>() },
  /** Saves a day's report (CSV, JSON, printable HTML or PDF) wherever the save dialog says. */
  exportReport: { input: z.strictObject({ day, format: z.enum(['csv', 'json', 'html', 'pdf']) }), output: returns<ExportResult>() },
  /** Streams the sessions of a range of days (a year...) as CSV to a file, with `exportProgress` events. */
  exportRange: {
    input: z.strictObject({ fromDay: day, toDay: day }).refine((v) => v.fromDay <= v.toDay, { message: 'fromDay must not be after toDay', path: ['toDay'] }),
    output: returns<ExportResult>(),
  },

  // --- the attention list (offline) --------------------------------------------------------------
  /** Every payment that needs a person (unknown, paid after abort, late success, local-only approved), oldest first; pushed as `attention` events too. */
  attentionList: { input: none, output: returns<AttentionItem[]>() },
  /** A person's decision about an item: keep a payment that went through after an abort or late (named), or set an unknown payment aside. */
  decideAttention: {
    input: z
      .strictObject({ sessionId, decision: z.enum(ATTENTION_DECISIONS), operator: optionalText(200), reason: optionalText(1000) })
      .refine((v) => v.decision !== 'keep-payment' || (v.operator ?? '') !== '', { message: 'say who decides to keep the payment', path: ['operator'] }),
    output: returns<SessionRecord>(),
  },

  // --- support --------------------------------------------------------------------------------
  /** Logs + versions + journal check in one redacted file, wherever the save dialog says. */
  exportDiagnostics: { input: none, output: returns<DiagnosticsExport>() },
  /** Opens an https link in the system browser (the only way out of the app). */
  openExternal: { input: z.strictObject({ url: z.string().min(1).max(2048) }), output: returns<{ opened: boolean }>() },

  // --- head office and backups ------------------------------------------------------------------
  /** The background push's status, whether a head-office password is set (never what it is), the last backup. */
  headOfficeStatus: { input: none, output: returns<HeadOfficeView>() },
  /** Stores the head office's password in the OS keychain (write-only: it is never read back to the window). */
  setHeadOfficePassword: { input: z.strictObject({ password: z.string().min(8, 'must be at least 8 characters').max(1000) }), output: returns<HeadOfficeView>() },
  clearHeadOfficePassword: { input: none, output: returns<HeadOfficeView>() },
  /** Pushes to the head office now (otherwise it pushes by itself after payments and every minute). */
  pushHeadOfficeNow: { input: none, output: returns<HeadOfficeView>() },
  /** The fleet report of one business day, read from the head office (read-only; needs the head office set in Settings). */
  fleetReport: { input: z.strictObject({ day }), output: returns<FleetReport>() },
} satisfies Record<string, ChannelSpec>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
/** What the renderer passes. */
export type InputOf<K extends ChannelName> = z.input<Channels[K]['input']>;
/** What the handler receives, after parsing. */
export type ParsedInputOf<K extends ChannelName> = z.output<Channels[K]['input']>;
export type OutputOf<K extends ChannelName> = Channels[K]['output'] extends Output<infer T> ? T : never;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

const PREFIX = 'ecr:';

/** The Electron IPC channel that carries a contract channel. */
export function ipcChannel(name: ChannelName): string {
  return `${PREFIX}${name}`;
}

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}
