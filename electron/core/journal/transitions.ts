import { JournalError } from './errors.ts';
import type { EventBody, EventType } from './event-schemas.ts';
import { FINAL_STATES, SESSION_STATES, type SessionState } from '../../domain/session-states.ts';

/**
 * The session state machine (design.md §2) as one table: for each event type, the states it
 * may follow and the state it leads to. Anything not in the table is refused, so the journal
 * can never record, say, a decline after an approval.
 *
 *   created       -dispatching->        dispatching
 *   dispatching   -dispatched (200)->   pending
 *   dispatching   -dispatch-uncertain-> unknown   (timeout, network, 5xx: it may have arrived)
 *   created|dispatching -dispatch-refused-> failed (provably never accepted: never sent, 4xx)
 *   pending|aborting -poll-result->     the outcome (approved after aborting = paid after abort)
 *   pending|unknown -abort-requested->  aborting  (from unknown: make sure an uncertain dispatch
 *                                                  cannot still charge the card)
 *   pending|aborting -deadline-passed-> unknown
 *   unknown       -recovered | resolved-by-operator-> the outcome
 *   declined|cancelled|failed|aborted -late-success-> approved   (promise 7: a re-check or the
 *                                                  reconciliation found the payment went through)
 *   abort-result  keeps the state; only after an abort was requested (aborting, unknown, final:
 *                 Viva's answer to the DELETE may arrive after the poll that ended the session)
 *   recheck       keeps the state; only once a session has ended (unknown or final). A re-check
 *                 that observed an approval the journal does not have is refused: it must be
 *                 written as late-success (or recovered, for unknown) so the state follows.
 *   abort-wanted  keeps the state (created|dispatching): the abort is sent once Viva accepted the request
 *   alert, anomaly keep the state; any time.
 *   (none)        -imported->           the outcome Viva recorded: a session this till never
 *                                       journaled, taken from Viva's record at reconciliation
 *   explained     keeps the state; once a session has ended: a reconciliation difference settled
 *                 by a person (a reason, or the refund that settles it)
 *   amount-corrected keeps the state (approved only): the operator accepts what Viva charged
 *   approved|unknown -not-paid->        failed   (a person, at reconciliation: Viva has no record,
 *                                                  the card was not charged)
 *   decision      keeps the state; once a session has ended (unknown or final): a person's
 *                 decision about an attention-list item (keep the payment, set it aside)
 */
const FINAL: readonly SessionState[] = FINAL_STATES;
const SAME = 'same' as const;
const OUTCOME = 'outcome' as const;

interface Rule {
  from: readonly SessionState[];
  /** A state, the current one ('same') or the outcome the event carries ('outcome'). */
  to: SessionState | typeof SAME | typeof OUTCOME;
}

const RULES: Record<EventType, Rule> = {
  created: { from: [], to: 'created' },
  dispatching: { from: ['created'], to: 'dispatching' },
  dispatched: { from: ['dispatching'], to: 'pending' },
  'dispatch-uncertain': { from: ['dispatching'], to: 'unknown' },
  'dispatch-refused': { from: ['created', 'dispatching'], to: 'failed' },
  'poll-result': { from: ['pending', 'aborting'], to: OUTCOME },
  'abort-wanted': { from: ['created', 'dispatching'], to: SAME },
  'abort-requested': { from: ['pending', 'unknown'], to: 'aborting' },
  'abort-result': { from: ['aborting', 'unknown', ...FINAL], to: SAME },
  'deadline-passed': { from: ['pending', 'aborting'], to: 'unknown' },
  recovered: { from: ['unknown'], to: OUTCOME },
  'resolved-by-operator': { from: ['unknown'], to: OUTCOME },
  'late-success': { from: ['declined', 'cancelled', 'failed', 'aborted'], to: 'approved' },
  alert: { from: SESSION_STATES, to: SAME },
  recheck: { from: ['unknown', ...FINAL], to: SAME },
  imported: { from: [], to: OUTCOME },
  explained: { from: ['unknown', ...FINAL], to: SAME },
  'amount-corrected': { from: ['approved'], to: SAME },
  anomaly: { from: SESSION_STATES, to: SAME },
  'not-paid': { from: ['approved', 'unknown'], to: 'failed' },
  decision: { from: ['unknown', ...FINAL], to: SAME },
};

/**
 * The state after `event`, given the current state (null before the session exists).
 * Throws JournalError 'illegal-transition' when the table does not allow it.
 */
export function nextState(current: SessionState | null, event: EventBody): SessionState {
  if (current === null) {
    if (event.type === 'created') return 'created';
    if (event.type === 'imported') return event.payload.outcome;
    throw new JournalError('illegal-transition', { id: 'journal.bad-first-event', params: { type: event.type } });
  }
  const rule = RULES[event.type];
  if (!rule.from.includes(current)) {
    throw new JournalError('illegal-transition', { id: 'journal.illegal-transition', params: { type: event.type, state: current } });
  }
  if (event.type === 'recheck' && event.payload.observed === 'approved' && current !== 'approved') {
    const instead = current === 'unknown' ? 'recovered' : 'late-success';
    throw new JournalError('illegal-transition', { id: 'journal.recheck-approval', params: { state: current, instead } });
  }
  if (rule.to === SAME) return current;
  if (rule.to === OUTCOME) {
    if ('outcome' in event.payload) return event.payload.outcome;
    throw new Error(`transition table: '${event.type}' has no outcome`);
  }
  return rule.to;
}
