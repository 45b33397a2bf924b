import { describe, expect, it } from 'vitest';
import { replaySession } from '../../../electron/core/journal/projection.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { testJournal } from './helpers.ts';

describe('seedJournal', () => {
  it('writes realistic finished sessions that verify() accepts', () => {
    const { journal } = testJournal({ businessDay: { timeZone: 'Europe/Athens', cutoffHour: 4 } });
    const result = seedJournal(journal, {
      sessions: 3000,
      days: 10,
      terminals: 3,
      startMs: Date.UTC(2025, 5, 1),
      random: seededRandom(7),
      batchSize: 700,
    });
    expect(result.sessions).toBe(3000);
    expect(journal.head().events).toBe(result.events);
    expect(journal.verify()).toMatchObject({ ok: true, sessions: 3000, events: result.events });
    expect(journal.openSessions()).toEqual([]);

    const days = new Set<string>();
    const states = new Map<string, number>();
    const kinds = new Set<string>();
    for (let page = journal.listSessions({ limit: 500 }); ; page = journal.listSessions({ limit: 500, cursor: page.nextCursor })) {
      for (const s of page.sessions) {
        days.add(s.businessDay);
        states.set(s.state, (states.get(s.state) ?? 0) + 1);
        kinds.add(s.kind);
        if (s.kind === 'refund') expect(journal.refundedAmount(s.parentSessionId ?? '')).toBeLessThanOrEqual(journal.getSession(s.parentSessionId ?? '')?.amount ?? 0);
      }
      if (!page.nextCursor) break;
    }
    expect(days.size).toBe(10);
    expect(kinds).toEqual(new Set(['sale', 'refund', 'unreferenced-refund', 'preauth', 'preauth-completion']));
    expect([...states.keys()].sort()).toEqual(['aborted', 'approved', 'cancelled', 'declined', 'failed']);
    expect((states.get('approved') ?? 0) / 3000).toBeGreaterThan(0.8);

    const sample = journal.listSessions({ state: 'approved', limit: 1 }).sessions[0];
    expect(sample?.cardBrand).not.toBeNull();
    expect(replaySession(journal.eventsOf(sample?.sessionId ?? ''))).toEqual(sample);
  });

  it('is repeatable: the same seed gives the same chain', () => {
    const heads = [1, 2].map(() => {
      const { journal } = testJournal();
      seedJournal(journal, { sessions: 200, days: 2, terminals: 2, startMs: Date.UTC(2025, 0, 1), random: seededRandom(99) });
      return journal.head();
    });
    expect(heads[0]).toEqual(heads[1]);
    expect(heads[0]?.events).toBeGreaterThanOrEqual(800);
  });

  it('refuses nonsense sizes', () => {
    const { journal } = testJournal();
    const base = { sessions: 1, days: 1, terminals: 1, startMs: 0, random: seededRandom(1) };
    expect(() => seedJournal(journal, { ...base, sessions: -1 })).toThrow(RangeError);
    expect(() => seedJournal(journal, { ...base, days: 0 })).toThrow(RangeError);
    expect(() => seedJournal(journal, { ...base, terminals: 0 })).toThrow(RangeError);
  });
});
