import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../../electron/core/journal/event-schemas.ts';
import { applyEvent, replaySession, vivaFields } from '../../../electron/core/journal/projection.ts';
import { saleRequest, testJournal, vivaBody } from './helpers.ts';

/** Every road through design.md §2, as the engine would write it. */
function paths(id: string): Record<string, EventInput[]> {
  return {
    'approved sale': [{ type: 'dispatching' }, { type: 'dispatched' }, { type: 'poll-result', outcome: 'approved', viva: vivaBody(id, 'approved') }],
    'declined, re-checked, late success': [
      { type: 'dispatching' },
      { type: 'dispatched' },
      { type: 'poll-result', outcome: 'declined', viva: vivaBody(id, 'declined') },
      { type: 'recheck', source: 'recheck', observed: 'declined' },
      { type: 'late-success', source: 'reconciliation', viva: vivaBody(id, 'approved') },
      { type: 'alert', alert: 'late-success' },
    ],
    'never sent': [{ type: 'dispatch-refused', reason: 'terminal-busy', message: 'Terminal 16000010 is busy' }],
    'uncertain dispatch recovered': [
      { type: 'dispatching' },
      { type: 'dispatch-uncertain', errorClass: 'timeout', httpStatus: 504 },
      { type: 'abort-requested', reason: 'recovery' },
      { type: 'abort-result', accepted: false, httpStatus: 404 },
      { type: 'deadline-passed' },
      { type: 'recovered', outcome: 'approved', source: 'sessions-by-date', viva: vivaBody(id, 'approved') },
    ],
    'deadline, abort, unknown, operator': [
      { type: 'dispatching' },
      { type: 'dispatched' },
      { type: 'abort-requested', reason: 'deadline' },
      { type: 'abort-result', accepted: true },
      { type: 'deadline-passed', message: 'No answer 15 s after the abort' },
      { type: 'resolved-by-operator', outcome: 'cancelled', reason: 'Customer paid cash', operator: 'eleni' },
      { type: 'recheck', source: 'reconciliation', observed: 'not-found' },
    ],
    'paid after abort': [
      { type: 'dispatching' },
      { type: 'dispatched' },
      { type: 'abort-requested', reason: 'cashier', operator: 'eleni' },
      { type: 'poll-result', outcome: 'approved', viva: vivaBody(id, 'approved') },
      { type: 'abort-result', accepted: true },
      { type: 'alert', alert: 'paid-after-abort', message: 'The customer paid after the abort' },
    ],
  };
}

describe('replaySession', () => {
  it('rebuilds exactly the stored projection row, on every path', () => {
    const { journal, clock } = testJournal();
    for (const [name, events] of Object.entries(paths('placeholder'))) {
      const request = saleRequest({ merchantReference: name });
      journal.createSession(request);
      const forThisSession = paths(request.sessionId)[name] ?? [];
      expect(forThisSession.length).toBe(events.length);
      for (const event of forThisSession) {
        clock.advance(700);
        journal.append(request.sessionId, event);
      }
      const stored = journal.getSession(request.sessionId);
      expect(replaySession(journal.eventsOf(request.sessionId)), name).toEqual(stored);
    }
    expect(journal.verify()).toMatchObject({ ok: true, sessions: 6 });
  });

  it('keeps what each path means', () => {
    const { journal } = testJournal();
    const results: Record<string, ReturnType<typeof journal.append>> = {};
    for (const name of Object.keys(paths('x'))) {
      const request = saleRequest();
      journal.createSession(request);
      let last = journal.getSession(request.sessionId);
      for (const event of paths(request.sessionId)[name] ?? []) last = journal.append(request.sessionId, event);
      if (last) results[name] = last;
    }
    expect(results['declined, re-checked, late success']).toMatchObject({ state: 'approved', resolution: 'reconciliation', alert: 'late-success', cardBrand: 'VISA' });
    expect(results['never sent']).toMatchObject({ state: 'failed', error: 'terminal-busy', message: 'Terminal 16000010 is busy' });
    expect(results['uncertain dispatch recovered']).toMatchObject({ state: 'approved', resolution: 'sessions-by-date', abortRequested: true, vivaEventId: 0 });
    expect(results['deadline, abort, unknown, operator']).toMatchObject({ state: 'cancelled', resolution: 'operator', resolvedBy: 'eleni', error: 'deadline-passed' });
    expect(results['deadline, abort, unknown, operator']?.recheckedAt).not.toBeNull();
    expect(results['paid after abort']).toMatchObject({ state: 'approved', alert: 'paid-after-abort', abortRequested: true });
  });

  it('refuses a history with a gap, or that does not start with created', () => {
    const { journal } = testJournal();
    const request = saleRequest();
    journal.createSession(request);
    journal.append(request.sessionId, { type: 'dispatching' });
    journal.append(request.sessionId, { type: 'dispatched' });
    const [created, dispatching, sent] = journal.eventsOf(request.sessionId);
    if (!created || !dispatching || !sent) throw new Error('setup');
    expect(() => replaySession([created, sent])).toThrow(/seq 3 where 2 was expected/);
    expect(() => replaySession([dispatching])).toThrow();
    expect(() => replaySession([])).toThrow();
    expect(() => applyEvent(replaySession([created]), { ...dispatching, sessionId: 'other' })).toThrow(/belongs to session other/);
  });
});

describe('vivaFields', () => {
  it('reads what it can and never guesses', () => {
    expect(vivaFields({ eventId: '0', message: '  ', applicationLabel: 42, primaryAccountNumberMasked: '414746XXXXXXABCD' })).toEqual({
      vivaEventId: null,
      message: null,
      transactionId: null,
      authorizationId: null,
      cardBrand: null,
      maskedPan: '414746XXXXXXABCD',
      panLast4: null,
    });
    expect(vivaFields({ eventId: 1006, message: 'Transaction declined by server' })).toMatchObject({ vivaEventId: 1006, message: 'Transaction declined by server' });
  });
});
