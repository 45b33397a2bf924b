import { EVENT } from './event-ids.ts';
import { APPROVED, failed, type Plan, type Result } from './scenarios.ts';
import type { CardDetails } from './session-body.ts';
import type { SessionKind } from '../../domain/session-states.ts';

/**
 * The session store and lifecycle. A session's state is never stored: it is computed from the
 * clock at each look (state = f(now)) from the facts recorded when things happened (created,
 * abort requested, customer acted). No timers, so tests drive time with a manual clock and
 * every answer is deterministic.
 */
export interface SimSession {
  sessionId: string;
  kind: SessionKind;
  terminalId: string;
  cashRegisterId: string;
  /** The total in minor units, tip included (what Viva reports as `amount`). */
  amount: number;
  tipAmount: number;
  currencyCode: string;
  merchantReference: string | null;
  customerTrns: string | null;
  parentSessionId: string | null;
  showTransactionResult: boolean;
  showReceipt: boolean;
  skipSurcharge: boolean;
  interappCallback: string | null;
  createdAt: number;
  source: 'api' | 'seeded';
  plan: Plan;
  /** Set when the terminal was busy and `busyBecomesOutcome` lets this one run after `blockedBy`. */
  blockedBy: string | null;
  abort: { at: number } | null;
  customer: { at: number; result: Result } | null;
  card: CardDetails;
  /** The dispatch answer was dropped on purpose (lost-response scenario or a drop fault). */
  responseLost: boolean;
}

/** How the session ended: its plan, the customer on the virtual terminal, an abort, or busy. */
export type EndedBy = 'plan' | 'customer' | 'abort' | 'busy';

export type Resolution =
  | { state: 'pending'; start: number; occupying: boolean }
  | {
      state: 'final';
      finishedAt: number;
      /** What Viva reports now (a flip changes it over time). */
      result: Result;
      endedBy: EndedBy;
      abortAckAt: number | null;
      /** Reads 1100 only because another session holds the terminal; will run later. */
      provisional: boolean;
      /** The truth: whether money actually moved at the acquirer. */
      moneyMoved: boolean;
    };

export type FinalResolution = Extract<Resolution, { state: 'final' }>;

export type AbortAnswer = 'accepted' | 'already-final' | 'forbidden' | 'already-aborting';

interface Candidate {
  at: number;
  result: Result;
  endedBy: EndedBy;
}

export class SessionStore {
  #sessions = new Map<string, SimSession>();
  #byTerminal = new Map<string, SimSession[]>();

  get(sessionId: string): SimSession | undefined {
    return this.#sessions.get(sessionId);
  }

  add(session: SimSession): void {
    if (this.#sessions.has(session.sessionId)) throw new Error(`Session ${session.sessionId} already exists.`);
    this.#sessions.set(session.sessionId, session);
    const list = this.#byTerminal.get(session.terminalId);
    if (list) list.push(session);
    else this.#byTerminal.set(session.terminalId, [session]);
  }

  /** All sessions by creation time (seeded ones may be dated before sessions added earlier). */
  all(): SimSession[] {
    return [...this.#sessions.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The sessions sent to one terminal, in the order they arrived. */
  onTerminal(terminalId: string): readonly SimSession[] {
    return this.#byTerminal.get(terminalId) ?? [];
  }

  clear(): void {
    this.#sessions.clear();
    this.#byTerminal.clear();
  }

  resolve(session: SimSession, now: number): Resolution {
    let start = session.createdAt;
    if (session.blockedBy !== null) {
      const blocker = this.#sessions.get(session.blockedBy);
      const held = blocker ? this.resolve(blocker, now) : undefined;
      const blockerDone = held?.state === 'final' && !held.provisional;
      const abortedWhileBlocked = session.abort !== null && (!blockerDone || session.abort.at < held.finishedAt);
      if (!blockerDone || abortedWhileBlocked) {
        // Reads 1100 while the other session runs; an abort in that phase makes it stay so.
        return busyEnd(session, !abortedWhileBlocked);
      }
      start = held.finishedAt;
    }

    const winner = earliest(candidates(session, start));
    if (!winner || winner.at > now) {
      return { state: 'pending', start, occupying: session.plan.delivered && now < start + session.plan.lifetimeMs };
    }
    if (winner.endedBy === 'busy') return busyEnd(session, false);

    const flips = winner.endedBy === 'plan' && session.plan.flipAfterMs !== null;
    const flipped = flips && now >= winner.at + (session.plan.flipAfterMs ?? 0);
    return {
      state: 'final',
      finishedAt: winner.at,
      result: flipped ? APPROVED : winner.result,
      endedBy: winner.endedBy,
      abortAckAt: winner.endedBy === 'abort' ? winner.at : null,
      provisional: false,
      moneyMoved: winner.result.success || flips,
    };
  }

  /** The session the terminal is busy with (showing the amount), if any. */
  occupant(terminalId: string, now: number): SimSession | undefined {
    return this.onTerminal(terminalId).find((s) => {
      const r = this.resolve(s, now);
      return r.state === 'pending' && r.occupying;
    });
  }

  /**
   * What a new request to this terminal would have to wait for: the occupant, or (with
   * busyBecomesOutcome) the last session already queued behind it. Undefined = the terminal is free.
   */
  blockerFor(terminalId: string, now: number): SimSession | undefined {
    const busy = this.onTerminal(terminalId).filter((s) => {
      const r = this.resolve(s, now);
      return (r.state === 'pending' && r.occupying) || (r.state === 'final' && r.provisional);
    });
    return busy.at(-1);
  }

  /** DELETE /sessions/{id}: records the abort if the session can still be aborted. */
  abort(session: SimSession, cashRegisterId: string, now: number): AbortAnswer {
    if (session.cashRegisterId !== cashRegisterId) return 'forbidden';
    if (session.abort !== null) return 'already-aborting';
    const r = this.resolve(session, now);
    if (r.state === 'final' && !r.provisional) return 'already-final';
    session.abort = { at: now };
    return 'accepted';
  }

  /** The customer acts on the terminal; returns the session it applied to, if one was waiting. */
  customerActs(terminalId: string, result: Result, now: number): SimSession | undefined {
    const session = this.occupant(terminalId, now);
    if (session) session.customer = { at: now, result };
    return session;
  }
}

function busyEnd(session: SimSession, provisional: boolean): FinalResolution {
  return {
    state: 'final',
    finishedAt: session.createdAt,
    result: failed(EVENT.busy),
    endedBy: 'busy',
    abortAckAt: null,
    provisional,
    moneyMoved: false,
  };
}

function candidates(session: SimSession, start: number): Candidate[] {
  const plan = session.plan;
  const list: Candidate[] = [];
  const endOfLife = start + plan.lifetimeMs;
  const timedOut = failed(EVENT.terminalTimedOut);
  switch (plan.timing) {
    case 'immediate':
      list.push({ at: start, result: plan.result, endedBy: plan.result.success === false && plan.result.eventId === EVENT.busy ? 'busy' : 'plan' });
      break;
    case 'customer':
      if (plan.customerTimeMs < plan.lifetimeMs) list.push({ at: start + plan.customerTimeMs, result: plan.result, endedBy: 'plan' });
      else list.push({ at: endOfLife, result: timedOut, endedBy: 'plan' });
      break;
    case 'idle':
      list.push({ at: endOfLife, result: timedOut, endedBy: 'plan' });
      break;
    case 'never':
      break;
  }
  if (session.customer) list.push({ at: session.customer.at, result: session.customer.result, endedBy: 'customer' });
  if (session.abort) {
    const abortAt = session.abort.at;
    const ackAt = abortAt + plan.abortAckMs;
    if (plan.abort === 'honour') list.push({ at: ackAt, result: failed(EVENT.aborted), endedBy: 'abort' });
    if (plan.abort === 'approve') list.push({ at: ackAt, result: APPROVED, endedBy: 'abort' });
    // Ignored: the device never reports again; only a customer who still pays ends it.
    if (plan.abort === 'ignore') return list.filter((c) => c.endedBy === 'customer' || c.at <= abortAt);
  }
  return list;
}

function earliest(list: Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of list) if (!best || candidate.at < best.at) best = candidate;
  return best;
}
