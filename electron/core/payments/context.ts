import type { Clock } from '../clock.ts';
import type { EventInput, Journal, SessionRecord } from '../journal/index.ts';
import type { Logger } from '../logger.ts';
import type { VivaClient } from '../viva/index.ts';
import type { EngineConfig } from './config.ts';
import type { EngineEmitter } from './engine-events.ts';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * What the engine's parts share: the dependencies passed in (journal, client, clock, timers,
 * randomness) and the little in-memory state that is not in the journal because it can be
 * rebuilt from it after a crash (who is following which session, when the background last looked).
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
  /** Sessions whose poll loop is running, so none is followed twice. */
  followers: Map<string, Promise<void>>;
  /** When the background last asked Viva about an unknown session. */
  lastChecked: Map<string, number>;
  /** Sessions the cashier aborted while their request was still being sent. */
  abortWanted: Set<string>;
  /** Journal one event and tell the listeners; the only way the engine writes. */
  append(sessionId: string, event: EventInput): SessionRecord;
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

/** When the abort of a session was requested (from its history, so it survives a restart). */
export function abortRequestedAt(context: EngineContext, sessionId: string): number | undefined {
  const events = context.journal.eventsOf(sessionId);
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (event?.type === 'abort-requested') return Date.parse(event.at);
  }
  return undefined;
}
