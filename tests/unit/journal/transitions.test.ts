import { describe, expect, it } from 'vitest';
import { JournalError } from '../../../electron/core/journal/errors.ts';
import { EVENT_TYPES, type EventBody, type EventType } from '../../../electron/core/journal/event-schemas.ts';
import { FINAL_STATES, SESSION_STATES, type FinalState, type SessionState } from '../../../electron/domain/session-states.ts';
import { nextState } from '../../../electron/core/journal/transitions.ts';
import { dispatched, saleRequest, testJournal, vivaBody } from './helpers.ts';

/** A representative body of each type; for the outcome-carrying ones, `outcome` picks it. */
function body(type: EventType, outcome: FinalState = 'approved'): EventBody {
  switch (type) {
    case 'created':
      return {
        type,
        payload: {
          kind: 'sale',
          amount: 100,
          tipAmount: 0,
          currencyCode: '978',
          terminalId: 't',
          cashRegisterId: 'c',
          merchantReference: null,
          customerTrns: null,
          parentSessionId: null,
          businessDay: '2026-01-01',
        },
      };
    case 'poll-result':
      return { type, payload: { outcome, viva: {} } };
    case 'recovered':
      return { type, payload: { outcome, source: 'get-session' } };
    case 'resolved-by-operator':
      return { type, payload: { outcome, reason: 'Customer showed the receipt', operator: 'maria' } };
    case 'dispatch-uncertain':
      return { type, payload: { errorClass: 'timeout' } };
    case 'dispatch-refused':
      return { type, payload: { reason: 'validation' } };
    case 'abort-requested':
      return { type, payload: { reason: 'cashier' } };
    case 'abort-result':
      return { type, payload: { accepted: true } };
    case 'late-success':
      return { type, payload: { source: 'recheck' } };
    case 'alert':
      return { type, payload: { alert: 'paid-after-abort' } };
    case 'recheck':
      return { type, payload: { source: 'recheck', observed: 'declined' } };
    case 'imported': {
      const created = (body('created') as Extract<EventBody, { type: 'created' }>).payload;
      return {
        type,
        payload: {
          ...created,
          source: 'reconciliation',
          disposition: 'own',
          outcome,
          occurredAt: null,
          viva: {},
          operator: 'maria',
        },
      };
    }
    case 'explained':
      return { type, payload: { source: 'reconciliation', difference: 'local-only', reason: 'Test payment, voided on the terminal', operator: 'maria' } };
    case 'amount-corrected':
      return { type, payload: { source: 'reconciliation', amount: 100, tipAmount: 0, currencyCode: '978', viva: {}, differences: ['amount-mismatch'], operator: 'maria' } };
    case 'abort-wanted':
      return { type, payload: { reason: 'cashier' } };
    case 'not-paid':
      return { type, payload: { source: 'reconciliation', checkedDates: ['2026-03-10'], operator: 'maria' } };
    case 'decision':
      return { type, payload: { decision: 'keep-payment', operator: 'maria' } };
    case 'anomaly':
      return { type, payload: { anomaly: 'other-session', fields: [{ field: 'sessionId', expected: 'a', received: 'b' }] } };
    default:
      return { type, payload: {} } as EventBody;
  }
}

const FINAL: SessionState[] = [...FINAL_STATES];
const OUTCOMES: FinalState[] = [...FINAL_STATES];
const ALL: SessionState[] = [...SESSION_STATES];

/**
 * design.md §2, written out independently of transitions.ts: event type -> the states it may
 * follow, and where it leads ('same' = stays, 'outcome' = the final state the event carries).
 */
const EXPECTED: Record<Exclude<EventType, 'created' | 'imported'>, { from: SessionState[]; to: SessionState | 'same' | 'outcome' }> = {
  dispatching: { from: ['created'], to: 'dispatching' },
  dispatched: { from: ['dispatching'], to: 'pending' },
  'dispatch-uncertain': { from: ['dispatching'], to: 'unknown' },
  'dispatch-refused': { from: ['created', 'dispatching'], to: 'failed' },
  'poll-result': { from: ['pending', 'aborting'], to: 'outcome' },
  'abort-wanted': { from: ['created', 'dispatching'], to: 'same' },
  'abort-requested': { from: ['pending', 'unknown'], to: 'aborting' },
  'abort-result': { from: ['aborting', 'unknown', ...FINAL], to: 'same' },
  'deadline-passed': { from: ['pending', 'aborting'], to: 'unknown' },
  recovered: { from: ['unknown'], to: 'outcome' },
  'resolved-by-operator': { from: ['unknown'], to: 'outcome' },
  'late-success': { from: ['declined', 'cancelled', 'failed', 'aborted'], to: 'approved' },
  alert: { from: ALL, to: 'same' },
  recheck: { from: ['unknown', ...FINAL], to: 'same' },
  explained: { from: ['unknown', ...FINAL], to: 'same' },
  'amount-corrected': { from: ['approved'], to: 'same' },
  anomaly: { from: ALL, to: 'same' },
  'not-paid': { from: ['approved', 'unknown'], to: 'failed' },
  decision: { from: ['unknown', ...FINAL], to: 'same' },
};

describe('nextState: the transition table', () => {
  it('starts every history with created (or, for a session taken from Viva, imported), and only with those', () => {
    expect(nextState(null, body('created'))).toBe('created');
    for (const outcome of OUTCOMES) expect(nextState(null, body('imported', outcome))).toBe(outcome);
    for (const type of EVENT_TYPES.filter((t) => t !== 'created' && t !== 'imported')) {
      expect(() => nextState(null, body(type))).toThrow(JournalError);
    }
    for (const state of ALL) {
      expect(() => nextState(state, body('created'))).toThrow(/cannot follow/);
      expect(() => nextState(state, body('imported'))).toThrow(/cannot follow/);
    }
  });

  for (const [type, rule] of Object.entries(EXPECTED) as [Exclude<EventType, 'created' | 'imported'>, (typeof EXPECTED)[keyof typeof EXPECTED]][]) {
    it(`'${type}': allowed exactly from ${rule.from.length === ALL.length ? 'any state' : rule.from.join(', ')}`, () => {
      for (const state of ALL) {
        const outcomes: FinalState[] = rule.to === 'outcome' ? OUTCOMES : ['approved'];
        for (const outcome of outcomes) {
          const event = body(type, outcome);
          if (!rule.from.includes(state)) {
            expect(() => nextState(state, event), `${state} -${type}-> refused`).toThrow(
              expect.objectContaining({ code: 'illegal-transition' }),
            );
            continue;
          }
          const expected = rule.to === 'same' ? state : rule.to === 'outcome' ? outcome : rule.to;
          expect(nextState(state, event), `${state} -${type}(${outcome})->`).toBe(expected);
        }
      }
    });
  }

  it('records a success after an abort as approved (paid after abort)', () => {
    expect(nextState('aborting', body('poll-result', 'approved'))).toBe('approved');
  });

  it("never lets a final state turn into another final state, except a late success and a person's 'not paid' at reconciliation", () => {
    for (const from of FINAL) {
      for (const type of EVENT_TYPES) {
        for (const outcome of OUTCOMES) {
          let to: SessionState;
          try {
            to = nextState(from, body(type, outcome));
          } catch {
            continue;
          }
          if (to !== from) {
            expect([type, to]).toEqual(type === 'not-paid' ? ['not-paid', 'failed'] : ['late-success', 'approved']);
            if (type === 'not-paid') expect(from).toBe('approved');
          }
        }
      }
    }
  });

  it('refuses a re-check that saw an approval the journal does not have: it must be a late-success or a recovery', () => {
    const sawApproval: EventBody = { type: 'recheck', payload: { source: 'recheck', observed: 'approved' } };
    expect(() => nextState('declined', sawApproval)).toThrow(/late-success/);
    expect(() => nextState('unknown', sawApproval)).toThrow(/recovered/);
    expect(nextState('approved', sawApproval)).toBe('approved');
    expect(nextState('declined', { type: 'recheck', payload: { source: 'recheck', observed: 'not-found' } })).toBe('declined');
  });
});

describe('the journal applies the table', () => {
  it('walks the abort path to a late approval and raises the alert without changing state', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    dispatched(journal, request);
    expect(journal.append(request.sessionId, { type: 'abort-requested', reason: 'cashier' })).toMatchObject({ state: 'aborting', abortRequested: true });
    expect(journal.append(request.sessionId, { type: 'abort-result', accepted: true }).state).toBe('aborting');
    expect(journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(request.sessionId, 'approved') }).state).toBe(
      'approved',
    );
    expect(journal.append(request.sessionId, { type: 'alert', alert: 'paid-after-abort', message: 'Paid after abort' })).toMatchObject({
      state: 'approved',
      alert: 'paid-after-abort',
    });
  });

  it('resolves an uncertain dispatch only through recovery or an operator', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    journal.createSession(request);
    journal.append(request.sessionId, { type: 'dispatching' });
    expect(journal.append(request.sessionId, { type: 'dispatch-uncertain', errorClass: 'timeout', message: 'No answer in 30 s' })).toMatchObject({
      state: 'unknown',
      error: 'timeout',
      finishedAt: null,
    });
    expect(() => journal.append(request.sessionId, { type: 'poll-result', outcome: 'approved', viva: {} })).toThrow(/cannot follow state 'unknown'/);
    expect(
      journal.append(request.sessionId, { type: 'resolved-by-operator', outcome: 'declined', reason: 'Terminal shows no payment', operator: 'nikos' }),
    ).toMatchObject({ state: 'declined', resolution: 'operator', resolvedBy: 'nikos', resolutionReason: 'Terminal shows no payment' });
  });

  it('records a late success found by a re-check of a declined session', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    dispatched(journal, request);
    journal.append(request.sessionId, { type: 'poll-result', outcome: 'declined', viva: vivaBody(request.sessionId, 'declined') });
    expect(journal.append(request.sessionId, { type: 'recheck', source: 'recheck', observed: 'declined' }).state).toBe('declined');
    const late = journal.append(request.sessionId, { type: 'late-success', source: 'recheck', viva: vivaBody(request.sessionId, 'approved') });
    expect(late).toMatchObject({ state: 'approved', resolution: 'recheck', transactionId: 'b1e0d1f4-3f1b-4a7e-9d0c-5b7a2c1e9f00' });
    expect(() => journal.append(request.sessionId, { type: 'late-success', source: 'recheck' })).toThrow(/cannot follow state 'approved'/);
  });

  it("recovers a session Viva never saw ('not-found') only as failed", () => {
    const { journal } = testJournal();
    const request = saleRequest();
    journal.createSession(request);
    journal.append(request.sessionId, { type: 'dispatching' });
    journal.append(request.sessionId, { type: 'dispatch-uncertain', errorClass: 'network' });
    expect(() => journal.append(request.sessionId, { type: 'recovered', source: 'not-found', outcome: 'declined' })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(journal.append(request.sessionId, { type: 'recovered', source: 'not-found', outcome: 'failed' })).toMatchObject({
      state: 'failed',
      resolution: 'not-found',
    });
  });
});
