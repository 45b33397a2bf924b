/**
 * What the checkout shows for a payment session, as pure functions of the journal's record (so
 * the component, the tests and a restart after a crash all agree): the phase, the live timeline,
 * the outcome, Viva's reason in plain words, and the clocks.
 */
import type { SessionRecord } from '../../../electron/domain/session-record.ts';
import { isInFlightState, isOpenState } from '../../../electron/domain/session-states.ts';
import { eventReasonKey } from '../../../electron/domain/event-ids.ts';
import type { MessageKey } from './i18n/en.ts';

/** Viva's terminal gives up on a session about a minute after it reached it (spec §2.5). */
export const TERMINAL_SESSION_MS = 60_000;

export type Phase = 'paying' | 'result';
export type Outcome = 'approved' | 'declined' | 'cancelled' | 'failed' | 'aborted' | 'unknown';
export type StepStatus = 'todo' | 'active' | 'done' | 'failed';

export interface TimelineStep {
  key: 'sent' | 'waiting' | 'result';
  status: StepStatus;
}

export function isInFlight(record: Pick<SessionRecord, 'state'>): boolean {
  return isInFlightState(record.state);
}

export function isOpen(record: Pick<SessionRecord, 'state'>): boolean {
  return isOpenState(record.state);
}

/**
 * The sentence for a payment's alert: the core raises 'paid-after-abort' and 'late-success' (the
 * customer was charged although the till had given the payment up); null for any other kind.
 */
export function alertKey(alert: string | null): MessageKey | null {
  if (alert === 'paid-after-abort') return 'result.paidAfterAbort';
  if (alert === 'late-success') return 'result.lateSuccess';
  return null;
}

export function phaseOf(record: SessionRecord): Phase {
  return isInFlight(record) ? 'paying' : 'result';
}

export function outcomeOf(record: SessionRecord): Outcome | null {
  return isInFlight(record) ? null : (record.state as Outcome);
}

/** sent to Viva -> waiting for the customer on the terminal -> result. */
export function timelineOf(record: SessionRecord): TimelineStep[] {
  const state = record.state;
  const sent: StepStatus = state === 'created' || state === 'dispatching' ? 'active' : state === 'failed' && record.vivaEventId === null ? 'failed' : 'done';
  let waiting: StepStatus;
  if (state === 'created' || state === 'dispatching') waiting = 'todo';
  else if (state === 'pending' || state === 'aborting') waiting = 'active';
  else if (sent === 'failed') waiting = 'todo';
  else waiting = 'done';
  let result: StepStatus;
  if (isInFlight(record)) result = 'todo';
  else if (state === 'approved') result = 'done';
  else result = 'failed';
  return [
    { key: 'sent', status: sent },
    { key: 'waiting', status: waiting },
    { key: 'result', status: result },
  ];
}

/** Whole seconds since the session was created (never negative). */
export function elapsedSeconds(record: Pick<SessionRecord, 'createdAt'>, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(record.createdAt)) / 1000));
}

/** Seconds until the terminal's own session (~60 s) runs out, counted from creation. */
export function countdownSeconds(record: Pick<SessionRecord, 'createdAt'>, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(record.createdAt) + TERMINAL_SESSION_MS - now) / 1000));
}

/** The total the customer pays (the tip is part of it). */
export function totalOf(record: Pick<SessionRecord, 'amount' | 'tipAmount'>): number {
  return record.amount + record.tipAmount;
}

/** Viva's eventId in plain words (the domain's table, spec §5.1); null for an id it does not know, which shows Viva's own message. */
export function reasonKey(eventId: number | null): MessageKey | null {
  return eventReasonKey(eventId);
}

/** The record to keep when two copies of a session arrive (events and answers may cross). */
export function newer(a: SessionRecord | null | undefined, b: SessionRecord): SessionRecord {
  return a && a.sessionId === b.sessionId && a.lastSeq > b.lastSeq ? a : b;
}
