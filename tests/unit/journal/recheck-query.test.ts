import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { saleRequest, testJournal, vivaBody } from './helpers.ts';

function finished(journal: ReturnType<typeof testJournal>['journal'], outcome: 'approved' | 'declined' | 'aborted') {
  const { sessionId } = journal.createSession(saleRequest());
  journal.append(sessionId, { type: 'dispatching' });
  journal.append(sessionId, { type: 'dispatched' });
  return journal.append(sessionId, { type: 'poll-result', outcome, viva: vivaBody(sessionId, outcome) });
}

describe('sessionsDueForRecheck', () => {
  it('lists unpaid sessions Viva reported on, not yet re-checked, inside the window', () => {
    const { journal, clock } = testJournal();
    const declined = finished(journal, 'declined');
    const aborted = finished(journal, 'aborted');
    finished(journal, 'approved');
    const refused = journal.createSession(saleRequest());
    journal.append(refused.sessionId, { type: 'dispatch-refused', reason: 'validation' });
    clock.advance(60_000);
    const later = finished(journal, 'declined');
    const window = { finishedAfter: new Date(clock.now() - 3_600_000).toISOString(), finishedBefore: new Date(clock.now() - 30_000).toISOString(), limit: 10 };

    expect(journal.sessionsDueForRecheck(window).map((s) => s.sessionId).sort()).toEqual([declined.sessionId, aborted.sessionId].sort());
    journal.append(declined.sessionId, { type: 'recheck', source: 'recheck', observed: 'declined', viva: vivaBody(declined.sessionId, 'declined') });
    expect(journal.sessionsDueForRecheck(window).map((s) => s.sessionId)).toEqual([aborted.sessionId]);
    expect(journal.sessionsDueForRecheck({ ...window, finishedBefore: new Date(clock.now() + 1).toISOString() }).map((s) => s.sessionId)).toContain(later.sessionId);
  });

  it('has a partial index that serves the query (INDEXED BY fails to prepare if the index cannot)', () => {
    const { journal } = testJournal();
    const db = new Database(journal.file, { readonly: true });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM sessions INDEXED BY sessions_awaiting_recheck WHERE rechecked_at IS NULL AND state IN ('declined', 'cancelled', 'failed', 'aborted')
           AND viva_event_id IS NOT NULL AND finished_at >= ? AND finished_at < ? ORDER BY finished_at LIMIT ?`,
      )
      .all('a', 'b', 1) as { detail: string }[];
    db.close();
    expect(plan.map((p) => p.detail).join(' ')).toContain('sessions_awaiting_recheck');
  });
});

describe('exclusive', () => {
  it('rolls back everything written inside it when the work throws', () => {
    const { journal } = testJournal();
    expect(() =>
      journal.exclusive(() => {
        journal.createSession(saleRequest());
        throw new Error('admission refused');
      }),
    ).toThrow('admission refused');
    expect(journal.listSessions({}).sessions).toHaveLength(0);
    expect(journal.head().events).toBe(0);
  });
});
