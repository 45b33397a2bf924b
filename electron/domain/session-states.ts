/**
 * The vocabulary of a payment session (design.md §2): what it is and where it stands. In the
 * domain because the core, the CLI, the contract and the renderer all group states the same way
 * (what is on a terminal, what is open, what is final), and a copy drifts.
 */
export const SESSION_KINDS = ['sale', 'refund', 'unreferenced-refund', 'preauth', 'preauth-completion'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Kinds that point at an earlier session through `parentSessionId`. */
export const KINDS_WITH_PARENT: readonly SessionKind[] = ['refund', 'preauth-completion'];

export const SESSION_STATES = [
  'created',
  'dispatching',
  'pending',
  'aborting',
  'approved',
  'declined',
  'cancelled',
  'failed',
  'aborted',
  'unknown',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const FINAL_STATES = ['approved', 'declined', 'cancelled', 'failed', 'aborted'] as const;
export type FinalState = (typeof FINAL_STATES)[number];

/**
 * States in which a request may be live on the terminal right now. `unknown` is not among
 * them: it is not final either (it gets resolved later), but it no longer owns the terminal.
 */
export const IN_FLIGHT_STATES = ['created', 'dispatching', 'pending', 'aborting'] as const;
export type InFlightState = (typeof IN_FLIGHT_STATES)[number];

/** Everything that is not final: what crash recovery must resume. */
export const OPEN_STATES = [...IN_FLIGHT_STATES, 'unknown'] as const;

export function isInFlightState(state: string): state is InFlightState {
  return (IN_FLIGHT_STATES as readonly string[]).includes(state);
}

/** Open = not final: on a terminal, or unknown (someone must still find out what happened). */
export function isOpenState(state: string): boolean {
  return (OPEN_STATES as readonly string[]).includes(state);
}

export function isFinalState(state: SessionState): state is FinalState {
  return (FINAL_STATES as readonly string[]).includes(state);
}

export function isSessionState(value: unknown): value is SessionState {
  return typeof value === 'string' && (SESSION_STATES as readonly string[]).includes(value);
}

export function isSessionKind(value: unknown): value is SessionKind {
  return typeof value === 'string' && (SESSION_KINDS as readonly string[]).includes(value);
}
