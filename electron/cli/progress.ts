import { setTimeout as sleep } from 'node:timers/promises';
import type { Core } from '../core/app.ts';
import type { SessionRecord } from '../domain/session-record.ts';
import { isInFlightState, type SessionState } from '../domain/session-states.ts';
import type { CliIo } from './io.ts';
import { progressLine } from './outcome.ts';

/**
 * Prints each state change of the sessions `wanted` selects on stderr (stdout stays the result),
 * and every alert about them ("paid after abort"...). Returns the unsubscribe function.
 */
export function printProgress(core: Core, io: CliIo, wanted: (record: SessionRecord) => boolean): () => void {
  const lastState = new Map<string, SessionState>();
  const offSession = core.engine.on('session', (record) => {
    if (!wanted(record) || lastState.get(record.sessionId) === record.state) return;
    lastState.set(record.sessionId, record.state);
    io.stderr(progressLine(record));
  });
  const offAlert = core.engine.on('alert', (alert) => {
    if (wanted(alert.session)) io.stderr(`${alert.sessionId} ALERT ${alert.alert}: ${alert.message}`);
  });
  return () => {
    offSession();
    offAlert();
  };
}

export function isInFlight(state: SessionState): boolean {
  return isInFlightState(state);
}

/**
 * Waits for a session's outcome: until this engine stops polling it (final, or unknown handed to
 * the background), then, if another process is still driving it (its sale, its abort), by reading
 * the shared journal, for at most `boundMs`.
 */
export async function waitForOutcome(core: Core, sessionId: string, boundMs: number): Promise<SessionRecord> {
  let record = await core.engine.settled(sessionId);
  const until = performance.now() + boundMs;
  while (isInFlight(record.state) && performance.now() < until) {
    await sleep(50);
    record = core.engine.session(sessionId) ?? record;
  }
  return record;
}
