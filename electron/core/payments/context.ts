import type { Clock } from '../clock.ts';
import type { EventInput, Journal, SessionRecord } from '../journal/index.ts';
import type { Logger } from '../logger.ts';
import type { VivaClient } from '../viva/index.ts';
import type { EngineConfig } from './config.ts';
import type { EngineEmitter } from './engine-events.ts';
import type { JournalWriter } from './journal-writer.ts';
import type { DayLists } from './day-lists.ts';
import type { SessionClocks } from './session-clocks.ts';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * What the engine's parts share: the dependencies passed in (journal, client, clock, timers,
 * randomness) and the little in-memory state that is not in the journal because it can be
 * rebuilt from it after a crash (who is following which session, when the background last looked,
 * when each session started on the monotonic clock, writes held while the journal refuses them).
 */
export interface EngineContext {
  journal: Journal;
  viva: VivaClient;
  config: EngineConfig;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  logger: Logger;
  emitter: EngineEmitter;
  /** Aborted by stop(): every loop ends at its next wait. */
  signal: AbortSignal;
  /** This till's cash register id: a final body must name it (or none). */
  cashRegisterId: string;
  /** The engine's only way to write: journals, or holds in memory while the journal refuses writes. */
  writer: JournalWriter;
  /** Monotonic start and abort times of open sessions (deadlines, grace periods). */
  clocks: SessionClocks;
  /** Viva's day lists, shared by the background's checks (day-lists.ts). */
  dayLists: DayLists;
  /** Sessions whose poll loop is running, so none is followed twice. */
  followers: Map<string, Promise<void>>;
  /** Sessions whose request is on the wire in this process (the watchdog leaves them alone). */
  sending: Set<string>;
  /** When the background last asked Viva about an unknown session (monotonic). */
  lastChecked: Map<string, number>;
  /** Anomaly kinds already journaled per session (once per kind per session). */
  anomalies: Map<string, Set<string>>;
  /** Failures inside the engine's own loops (journal, bugs), retried; for status and tests. */
  stats: { loopErrors: number };
  /** Journal one event (or hold it while the journal cannot be written); returns the session as it now stands. */
  append(sessionId: string, event: EventInput): SessionRecord;
  /** The session as it stands: the journal plus any write held for it. */
  view(sessionId: string): SessionRecord | undefined;
  /** Starts the poll loop of a session unless one runs already. */
  follow(sessionId: string): void;
  /** Records whether Viva answered; a return to online retries unknown sessions at once. */
  reachable(online: boolean): void;
}

export function isStopped(context: EngineContext): boolean {
  return context.signal.aborted;
}

/** Viva's session body as plain JSON for the journal (the client's object may hold undefined). */
export function vivaBody(session: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
}

/** Whether a DELETE was ever sent for the session (an `abort-wanted` alone has not sent one yet). */
export function abortSent(context: EngineContext, sessionId: string): boolean {
  return context.journal.eventsOf(sessionId).some((event) => event.type === 'abort-requested');
}

/** Milliseconds since the session's abort was requested, on the monotonic clock. */
export function sinceAbort(context: EngineContext, sessionId: string): number | undefined {
  return context.clocks.sinceAbort(sessionId, () => context.journal.eventsOf(sessionId));
}

/**
 * A day list that can speak for this session: read after its not-found grace had passed (on the
 * monotonic clock), so a session Viva received is in it.
 */
export function dayListFor(context: EngineContext, record: SessionRecord, date: string) {
  const notBefore = context.clock.monotonic() - context.clocks.age(record) + context.config.notFoundGraceMs;
  return context.dayLists.get(date, notBefore);
}
