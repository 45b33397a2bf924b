import { EVENT } from './event-ids.ts';
import type { DeclineEventId } from '../../domain/event-ids.ts';

/**
 * What a simulated terminal (and the cloud in front of it) does with one request. A scenario is
 * chosen when the request arrives and turned into a `Plan`, which fixes the timings of that
 * session so later configuration changes never rewrite history.
 */
export const SCENARIO_NAMES = [
  'approve',
  'decline',
  'cancel',
  'timeout',
  'busy',
  'never-delivered',
  'manual',
  'flip',
  'abort-ignored',
  'success-after-abort',
  'lost-response',
  'early-404',
  'late-success',
  'unreadable-in-list',
  'foreign-body',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  name: ScenarioName;
  /** For `decline` (default 1006). */
  eventId?: DeclineEventId;
  /** For `early-404`: how long GET answers 404 after dispatch (default 2000 ms). */
  early404Ms?: number;
  /** For `flip` and `late-success`: how long after the decline the session turns approved (default: config.flipAfterMs / lateSuccessMs). */
  flipAfterMs?: number;
}

export const SCENARIO_DESCRIPTIONS: Readonly<Record<ScenarioName, string>> = {
  approve: 'the customer taps after the customer time; approved (eventId 0)',
  decline: 'declined after the customer time (eventId 1006 by default, or 1007 / 1020 ...)',
  cancel: 'the cardholder presses cancel after the customer time (eventId 1000)',
  timeout: 'the customer never acts; the session ends at its lifetime (eventId 1003)',
  busy: 'the terminal answers at once that it is busy (eventId 1100)',
  'never-delivered': 'the request never reaches the device: 202 forever (even after an abort), the terminal stays idle',
  manual: 'waits on the terminal until POST /_sim/terminals/{id}/customer says what the customer does',
  flip: 'reported declined (1006) after the customer time, then the same session turns approved',
  'abort-ignored': 'the customer never acts; an abort is accepted (200) but ignored: 202 forever',
  'success-after-abort': 'the customer never acts until the abort arrives; the abort gets 200 but the session ends approved',
  'lost-response': 'approved like `approve`, but the dispatch answer is lost (the connection is destroyed)',
  'early-404': 'approved like `approve`, but GET answers 404 for a while after the dispatch (spec §10.8)',
  'late-success': 'reported "Invalid card" (1010) after the customer time, then minutes later success:true with a transactionId (Viva #2461)',
  'unreadable-in-list': 'approved like `approve`, but its entry in the day list has nulls where values belong (amount, currencyCode, success)',
  'foreign-body': 'approved like `approve`, but until then GET answers 200 with the final body of another session (a proxy or cache mix-up)',
};

/** The terminal's answer when it comes: approved, or a failure with Viva's eventId. */
export type Result = { success: true } | { success: false; eventId: number; cardRead: boolean };

export const APPROVED: Result = { success: true };

export function failed(eventId: number, cardRead = false): Result {
  return { success: false, eventId, cardRead };
}

/**
 * When the planned result lands:
 * - customer: at start + customerTimeMs (or a 1003 timeout at the lifetime if the customer is slower)
 * - immediate: at the start
 * - idle: nobody acts; 1003 at the lifetime unless the customer endpoint or an abort ends it first
 * - never: no result at all (202 forever)
 */
export type PlanTiming = 'customer' | 'immediate' | 'idle' | 'never';

/** What the terminal does with an abort: end the session 1016, ignore it, or approve anyway. */
export type AbortBehaviour = 'honour' | 'ignore' | 'approve';

export interface Plan {
  /** Name recorded in the simulator's true record. */
  scenario: string;
  result: Result;
  timing: PlanTiming;
  /** False when the request never reached a device: it does not occupy the terminal. */
  delivered: boolean;
  abort: AbortBehaviour;
  flipAfterMs: number | null;
  loseResponse: boolean;
  early404Ms: number;
  /** The day list shows this session with nulls where the schema wants values. */
  unreadableInList: boolean;
  /** While pending, GET answers with a final body that names another session. */
  foreignBody: boolean;
  customerTimeMs: number;
  lifetimeMs: number;
  abortAckMs: number;
}

export interface PlanTimings {
  customerTimeMs: number;
  lifetimeMs: number;
  abortAckMs: number;
  flipAfterMs: number;
  early404Ms: number;
  lateSuccessMs: number;
}

export function planFor(scenario: Scenario, timings: PlanTimings): Plan {
  const base: Plan = {
    scenario: scenario.name,
    result: APPROVED,
    timing: 'customer',
    delivered: true,
    abort: 'honour',
    flipAfterMs: null,
    loseResponse: false,
    early404Ms: timings.early404Ms,
    unreadableInList: false,
    foreignBody: false,
    customerTimeMs: timings.customerTimeMs,
    lifetimeMs: timings.lifetimeMs,
    abortAckMs: timings.abortAckMs,
  };
  switch (scenario.name) {
    case 'approve':
      return base;
    case 'decline':
      return { ...base, result: failed(scenario.eventId ?? EVENT.declinedByServer, true) };
    case 'cancel':
      return { ...base, result: failed(EVENT.cancelledByUser) };
    case 'timeout':
    case 'manual':
      return { ...base, timing: 'idle', result: failed(EVENT.terminalTimedOut) };
    case 'busy':
      return { ...base, timing: 'immediate', delivered: false, result: failed(EVENT.busy) };
    case 'never-delivered':
      // No device has the request, so none can acknowledge an abort either (spec §2.7, #2434).
      return { ...base, timing: 'never', delivered: false, abort: 'ignore' };
    case 'flip':
      return {
        ...base,
        result: failed(EVENT.declinedByServer, true),
        flipAfterMs: scenario.flipAfterMs ?? timings.flipAfterMs,
      };
    case 'abort-ignored':
      return { ...base, timing: 'idle', result: failed(EVENT.terminalTimedOut), abort: 'ignore' };
    case 'success-after-abort':
      return { ...base, timing: 'idle', result: failed(EVENT.terminalTimedOut), abort: 'approve' };
    case 'lost-response':
      return { ...base, loseResponse: true };
    case 'early-404':
      return { ...base, early404Ms: scenario.early404Ms ?? 2000 };
    case 'late-success':
      return { ...base, result: failed(EVENT.invalidCard, true), flipAfterMs: scenario.flipAfterMs ?? timings.lateSuccessMs };
    case 'unreadable-in-list':
      return { ...base, unreadableInList: true };
    case 'foreign-body':
      return { ...base, foreignBody: true };
  }
}

interface Queued {
  scenario: Scenario;
  remaining: number;
}

/**
 * Scenarios queued through the control endpoint, and standing defaults. Precedence for a new
 * request: queued for its terminal, queued globally, magic amount, the terminal's default, the
 * global default, approve. A per-request choice (queue, magic amount) beats a standing default.
 */
export class ScenarioBook {
  #perTerminal = new Map<string, Queued[]>();
  #global: Queued[] = [];
  #terminalDefaults = new Map<string, Scenario>();
  #globalDefault: Scenario | undefined;

  /** `times: 'always'` makes it the standing default; a number queues it for that many requests. */
  set(scenario: Scenario, target: { terminalId?: string | undefined; times?: number | 'always' | undefined } = {}): void {
    const times = target.times ?? 1;
    if (times === 'always') {
      if (target.terminalId === undefined) this.#globalDefault = scenario;
      else this.#terminalDefaults.set(target.terminalId, scenario);
      return;
    }
    const queue = target.terminalId === undefined ? this.#global : this.#queueOf(target.terminalId);
    queue.push({ scenario, remaining: times });
  }

  /** Takes the next queued scenario for a request to this terminal, if one is queued. */
  takeQueued(terminalId: string): Scenario | undefined {
    return take(this.#perTerminal.get(terminalId)) ?? take(this.#global);
  }

  standingDefault(terminalId: string): Scenario | undefined {
    return this.#terminalDefaults.get(terminalId) ?? this.#globalDefault;
  }

  /** Sets (or with undefined removes) a terminal's standing default, leaving its queue alone. */
  setTerminalDefault(terminalId: string, scenario: Scenario | undefined): void {
    if (scenario) this.#terminalDefaults.set(terminalId, scenario);
    else this.#terminalDefaults.delete(terminalId);
  }

  queued(terminalId?: string): Scenario[] {
    const queue = terminalId === undefined ? this.#global : (this.#perTerminal.get(terminalId) ?? []);
    return queue.flatMap((q) => Array.from({ length: q.remaining }, () => q.scenario));
  }

  clear(terminalId?: string): void {
    if (terminalId === undefined) {
      this.#perTerminal.clear();
      this.#global = [];
      this.#terminalDefaults.clear();
      this.#globalDefault = undefined;
    } else {
      this.#perTerminal.delete(terminalId);
      this.#terminalDefaults.delete(terminalId);
    }
  }

  #queueOf(terminalId: string): Queued[] {
    let queue = this.#perTerminal.get(terminalId);
    if (!queue) {
      queue = [];
      this.#perTerminal.set(terminalId, queue);
    }
    return queue;
  }
}

function take(queue: Queued[] | undefined): Scenario | undefined {
  const head = queue?.[0];
  if (!queue || !head) return undefined;
  head.remaining -= 1;
  if (head.remaining <= 0) queue.shift();
  return head.scenario;
}
