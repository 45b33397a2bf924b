import { describe, expect, it } from 'vitest';
import {
  FINAL_STATES,
  IN_FLIGHT_STATES,
  OPEN_STATES,
  SESSION_STATES,
  isFinalState,
  isInFlightState,
  isOpenState,
} from '../../../electron/domain/session-states.ts';
import { EVENT_TYPES } from '../../../electron/core/journal/index.ts';
import { nextState } from '../../../electron/core/journal/transitions.ts';

// The groups every layer reads (crash recovery, the terminal lock, closing the day, the checkout's
// phase, the journal's "open" filter): a state in the wrong group would block a terminal forever
// or let a day close over a live payment.
describe('session state groups', () => {
  it('puts every state in exactly one of final, in flight or unknown', () => {
    for (const state of SESSION_STATES) {
      const groups = [isFinalState(state), isInFlightState(state), state === 'unknown'].filter(Boolean);
      expect(groups, state).toHaveLength(1);
    }
    expect(FINAL_STATES.length + IN_FLIGHT_STATES.length + 1).toBe(SESSION_STATES.length);
  });

  it('calls open exactly what is not final', () => {
    for (const state of SESSION_STATES) expect(isOpenState(state), state).toBe(!isFinalState(state));
    expect([...OPEN_STATES].sort()).toEqual(SESSION_STATES.filter((s) => !isFinalState(s)).sort());
  });

  it('names the in-flight states, the ones that own a terminal', () => {
    expect([...IN_FLIGHT_STATES].sort()).toEqual(['aborting', 'created', 'dispatching', 'pending']);
    expect(isInFlightState('unknown')).toBe(false);
    expect(isInFlightState('approved')).toBe(false);
    expect(isInFlightState('not-a-state')).toBe(false);
  });

  it("agrees with the state machine: an in-flight state can move on by itself, a final state only by late-success (or a person's 'not paid' at reconciliation)", () => {
    const leaves = (state: (typeof SESSION_STATES)[number]) =>
      EVENT_TYPES.filter((type) => {
        try {
          return nextState(state, { type, payload: { outcome: 'approved' } } as never) !== state;
        } catch {
          return false;
        }
      });
    for (const state of IN_FLIGHT_STATES) expect(leaves(state).length, state).toBeGreaterThan(0);
    for (const state of FINAL_STATES) expect(leaves(state).filter((t) => t !== 'late-success' && !(t === 'not-paid' && state === 'approved')), state).toEqual([]);
  });
});
