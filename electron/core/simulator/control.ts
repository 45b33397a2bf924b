import { z } from 'zod';
import { mergeConfig, SimulatorConfigError, type SimulatorConfig } from './config.ts';
import { EVENT } from './event-ids.ts';
import { DECLINE_EVENT_IDS } from '../../domain/event-ids.ts';
import { FaultError, type FaultInput } from './faults.ts';
import { ledger, sessionRecord, type Ledger, type SimSessionRecord } from './ledger.ts';
import { APPROVED, failed, planFor, SCENARIO_NAMES, type Result, type Scenario } from './scenarios.ts';
import { newCardDetails } from './session-body.ts';
import type { SimSession } from './sessions.ts';
import type { SimulatorState } from './state.ts';
import { terminalView, type TerminalView } from './terminal-display.ts';
import { timingsFor } from './transactions.ts';
import { CodedError } from '../../domain/coded-error.ts';

/**
 * The simulator's control surface: the same operations in-process (`control`) and over HTTP
 * under /_sim/. Inputs are checked with zod; a bad input throws `SimulatorControlError` and
 * changes nothing.
 */
export class SimulatorControlError extends CodedError<'invalid' | 'not-found' | 'conflict'> {
  override name = 'SimulatorControlError';
}

const declineEventId = z.union(DECLINE_EVENT_IDS.map((id) => z.literal(id)));
const scenarioName = z.enum(SCENARIO_NAMES);
const duration = z.number().int().min(0);

const scenarioSchema = z.strictObject({
  name: scenarioName,
  eventId: declineEventId.optional(),
  early404Ms: duration.optional(),
  flipAfterMs: duration.optional(),
});

export const scenarioRequestSchema = z.strictObject({
  /** A scenario name, or a scenario with its parameters. */
  scenario: z.union([scenarioName, scenarioSchema]),
  /** Omit for every terminal. */
  terminalId: z.string().min(1).optional(),
  /** How many of the next requests (default 1), or 'always' for a standing default. */
  times: z.union([z.number().int().min(1).max(10_000), z.literal('always')]).optional(),
  eventId: declineEventId.optional(),
  early404Ms: duration.optional(),
  flipAfterMs: duration.optional(),
});
export type ScenarioRequest = z.input<typeof scenarioRequestSchema>;

export const customerActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('tap') }),
  z.strictObject({ action: z.literal('cancel') }),
  z.strictObject({ action: z.literal('decline'), eventId: declineEventId.optional() }),
]);
export type CustomerAction = z.input<typeof customerActionSchema>;

export const terminalSettingsSchema = z.strictObject({
  /** null = back to the global customer time. */
  customerTimeMs: duration.nullable().optional(),
  /** null = back to approve. */
  defaultScenario: z.union([scenarioName, scenarioSchema]).nullable().optional(),
  statusId: z.number().int().min(0).max(7).optional(),
});
export type TerminalSettings = z.input<typeof terminalSettingsSchema>;

const SEED_OUTCOMES = ['approved', 'declined', 'cancelled', 'timed-out', 'aborted'] as const;

export const seedSessionSchema = z.strictObject({
  sessionId: z.string().min(1).optional(),
  kind: z.enum(['sale', 'preauth', 'refund', 'unreferenced-refund', 'preauth-completion']).optional(),
  terminalId: z.string().min(1).optional(),
  cashRegisterId: z.string().min(1).optional(),
  /** Total in minor units, tip included. */
  amount: z.number().int().positive(),
  tipAmount: z.number().int().min(0).optional(),
  currencyCode: z.string().regex(/^\d{3}$/).optional(),
  merchantReference: z.string().nullable().optional(),
  parentSessionId: z.string().nullable().optional(),
  /** When the session was created (ISO 8601); default now. Its UTC date buckets it in sessions?date=. */
  createdAt: z.iso.datetime({ offset: true }).optional(),
  outcome: z.enum(SEED_OUTCOMES).optional(),
  /** For outcome 'declined' (default 1006). */
  eventId: declineEventId.optional(),
  /** Its entry in the day list does not parse (nulls where values belong); GET still reads it. */
  unreadableInList: z.boolean().optional(),
});
export type SeedSessionInput = z.input<typeof seedSessionSchema>;

const faultStatus = z.union([
  z.literal(429),
  z.literal(500),
  z.literal(502),
  z.literal(503),
  z.literal(504),
  z.literal('drop'),
  z.literal('garbled'),
]);

export const faultInputSchema = z.strictObject({
  count: z.number().int().min(1).max(10_000).optional(),
  /** One status or several used in turn (default 503); 'drop' destroys the connection. */
  status: z.union([faultStatus, z.array(faultStatus).min(1)]).optional(),
  afterProcessing: z.boolean().optional(),
  retryAfterSec: z.number().int().min(0).optional(),
}) satisfies z.ZodType<FaultInput>;

export const sessionFilterSchema = z.strictObject({
  terminalId: z.string().optional(),
  /** UTC date of creation, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type SimSessionFilter = z.input<typeof sessionFilterSchema>;

export interface SimulatorControl {
  config(): SimulatorConfig;
  configure(patch: Partial<SimulatorConfig>): SimulatorConfig;
  /** The scenario for the next request(s) on a terminal, or on every terminal. */
  setScenario(request: ScenarioRequest): void;
  clearScenarios(terminalId?: string): void;
  configureTerminal(terminalId: string, settings: TerminalSettings): TerminalView;
  terminals(): TerminalView[];
  /** What the terminal shows now. */
  terminal(terminalId: string): TerminalView;
  /** The customer acts on the session waiting on the terminal. */
  customer(terminalId: string, action: CustomerAction): SimSessionRecord;
  /** The true record, oldest first. */
  sessions(filter?: SimSessionFilter): SimSessionRecord[];
  session(sessionId: string): SimSessionRecord | undefined;
  /** Counts and sums of money that moved. */
  ledger(): Ledger;
  /** Adds a finished session straight into Viva's record (e.g. from another cash register). */
  seedSession(input: SeedSessionInput): SimSessionRecord;
  /** Invalidates every token issued so far; returns how many were valid. */
  expireTokens(): number;
  /** Queues 5xx answers or dropped connections for the next API requests; returns the queue length. */
  injectFaults(input: FaultInput): number;
  reset(): void;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new SimulatorControlError('invalid', { id: 'simulator.invalid', detail: z.prettifyError(result.error) });
  return result.data;
}

function asScenario(value: z.output<typeof scenarioSchema> | z.output<typeof scenarioName>): Scenario {
  return typeof value === 'string' ? { name: value } : stripUndefined(value);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function createControl(state: SimulatorState): SimulatorControl {
  const terminalOrThrow = (terminalId: string) => {
    const terminal = state.terminals.get(terminalId);
    if (!terminal) throw new SimulatorControlError('not-found', { id: 'simulator.no-terminal', params: { terminal: terminalId } });
    return terminal;
  };
  const record = (session: SimSession) => sessionRecord(session, state.sessions.resolve(session, state.clock.now()));

  return {
    config: () => ({ ...state.config }),

    configure(patch) {
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        throw new SimulatorControlError('invalid', { id: 'simulator.settings-not-object' });
      }
      try {
        state.config = mergeConfig(state.config, patch);
      } catch (error) {
        if (error instanceof SimulatorConfigError) throw new SimulatorControlError('invalid', { id: 'simulator.invalid', detail: error.message });
        throw error;
      }
      return { ...state.config };
    },

    setScenario(request) {
      const r = parse(scenarioRequestSchema, request);
      if (r.terminalId !== undefined) terminalOrThrow(r.terminalId);
      const scenario = { ...asScenario(r.scenario), ...stripUndefined({ eventId: r.eventId, early404Ms: r.early404Ms, flipAfterMs: r.flipAfterMs }) };
      state.scenarios.set(scenario, { terminalId: r.terminalId, times: r.times });
      state.logger.info('simulator: scenario set', { scenario: scenario.name, terminalId: r.terminalId ?? '*', times: r.times ?? 1 });
    },

    clearScenarios(terminalId) {
      if (terminalId !== undefined) terminalOrThrow(terminalId);
      state.scenarios.clear(terminalId);
    },

    configureTerminal(terminalId, settings) {
      const terminal = terminalOrThrow(terminalId);
      const s = parse(terminalSettingsSchema, settings);
      const next = { ...terminal };
      if (s.customerTimeMs !== undefined) next.customerTimeMs = s.customerTimeMs ?? undefined;
      if (s.statusId !== undefined) next.statusId = s.statusId;
      if (s.defaultScenario !== undefined) {
        state.scenarios.setTerminalDefault(terminalId, s.defaultScenario === null ? undefined : asScenario(s.defaultScenario));
      }
      state.terminals.set(terminalId, next);
      return terminalView(state, next);
    },

    terminals: () => [...state.terminals.values()].map((t) => terminalView(state, t)),

    terminal: (terminalId) => terminalView(state, terminalOrThrow(terminalId)),

    customer(terminalId, action) {
      terminalOrThrow(terminalId);
      const a = parse(customerActionSchema, action);
      const result: Result =
        a.action === 'tap' ? APPROVED : a.action === 'cancel' ? failed(EVENT.cancelledByUser) : failed(a.eventId ?? EVENT.declinedByServer, true);
      const session = state.sessions.customerActs(terminalId, result, state.clock.now());
      if (!session) throw new SimulatorControlError('conflict', { id: 'simulator.terminal-idle', params: { terminal: terminalId } });
      state.logger.info('simulator: customer acted', { terminalId, sessionId: session.sessionId, action: a.action });
      return record(session);
    },

    sessions(filter = {}) {
      const f = parse(sessionFilterSchema, filter);
      return state.sessions
        .all()
        .filter((s) => f.terminalId === undefined || s.terminalId === f.terminalId)
        .filter((s) => f.date === undefined || new Date(s.createdAt).toISOString().startsWith(f.date))
        .map(record);
    },

    session(sessionId) {
      const session = state.sessions.get(sessionId);
      return session ? record(session) : undefined;
    },

    ledger: () => ledger(state.sessions, state.clock.now()),

    seedSession(input) {
      const s = parse(seedSessionSchema, input);
      const sessionId = s.sessionId ?? state.newId();
      if (state.sessions.get(sessionId)) throw new SimulatorControlError('conflict', { id: 'simulator.session-exists', params: { session: sessionId } });
      const createdAt = s.createdAt === undefined ? state.clock.now() : Date.parse(s.createdAt);
      const outcome = s.outcome ?? 'approved';
      const timings = { ...timingsFor(state, undefined), early404Ms: 0, abortAckMs: 0 };
      const result: Result = {
        approved: APPROVED,
        declined: failed(s.eventId ?? EVENT.declinedByServer, true),
        cancelled: failed(EVENT.cancelledByUser),
        'timed-out': failed(EVENT.terminalTimedOut),
        aborted: failed(EVENT.aborted),
      }[outcome];
      const aborted = outcome === 'aborted';
      const plan = {
        ...planFor({ name: 'approve' }, timings),
        scenario: `seeded ${outcome}`,
        result,
        timing: aborted ? ('never' as const) : ('immediate' as const),
        delivered: false,
        unreadableInList: s.unreadableInList ?? false,
      };
      const session: SimSession = {
        sessionId,
        kind: s.kind ?? 'sale',
        terminalId: s.terminalId ?? [...state.terminals.keys()][0] ?? '16000001',
        cashRegisterId: s.cashRegisterId ?? 'OTHER-REGISTER',
        amount: s.amount,
        tipAmount: s.tipAmount ?? 0,
        currencyCode: s.currencyCode ?? '978',
        merchantReference: s.merchantReference ?? null,
        customerTrns: null,
        parentSessionId: s.parentSessionId ?? null,
        showTransactionResult: true,
        showReceipt: true,
        skipSurcharge: false,
        interappCallback: null,
        createdAt,
        source: 'seeded',
        plan,
        blockedBy: null,
        abort: aborted ? { at: createdAt } : null,
        customer: null,
        card: newCardDetails(state.random, state.newId),
        responseLost: false,
      };
      state.sessions.add(session);
      return record(session);
    },

    expireTokens: () => state.tokens.expireAll(),

    injectFaults(input) {
      const f = parse(faultInputSchema, input);
      try {
        return state.faults.add(f);
      } catch (error) {
        if (error instanceof FaultError) throw new SimulatorControlError('invalid', { id: 'simulator.invalid', detail: error.message });
        throw error;
      }
    },

    reset: () => state.reset(),
  };
}
