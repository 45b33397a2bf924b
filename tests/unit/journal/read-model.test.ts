import { describe, expect, it } from 'vitest';
import type { SessionHistory } from '../../../electron/core/journal/event-store.ts';
import type { EventInput } from '../../../electron/core/journal/event-schemas.ts';
import type { Journal } from '../../../electron/core/journal/journal.ts';
import type { SessionRecord } from '../../../electron/core/journal/projection.ts';
import { buildListQuery, type SessionFilter } from '../../../electron/core/journal/read-model.ts';
import type { FinalState, SessionKind } from '../../../electron/domain/session-states.ts';
import { rawConnection, saleRequest, testJournal, vivaBody } from './helpers.ts';

const DAY = 86_400_000;
const DAY0 = Date.UTC(2026, 2, 1, 8, 0);
const OUTCOMES: (FinalState | 'pending' | 'unknown')[] = ['approved', 'approved', 'declined', 'approved', 'cancelled', 'pending', 'approved', 'unknown', 'aborted', 'failed'];
const TERMINALS = ['16000001', '16000002', '16000003'];

/** 130 sessions over 5 days and 3 terminals, several sharing one instant, imported in one transaction. */
function dataset(journal: Journal): SessionRecord[] {
  const histories: SessionHistory[] = [];
  for (let index = 0; index < 130; index += 1) {
    const kind: SessionKind = index % 13 === 5 ? 'unreferenced-refund' : 'sale';
    // Groups of three share the same creation instant: the session_id must break the tie.
    const createdAtMs = DAY0 + Math.floor(index / 26) * DAY + Math.floor(index / 3) * 60_000;
    const request = saleRequest({
      kind,
      terminalId: TERMINALS[index % 3],
      merchantReference: `R-${String(index).padStart(3, '0')}`,
      amount: 100 + index,
    });
    const outcome = OUTCOMES[index % OUTCOMES.length] ?? 'approved';
    const events: EventInput[] = [{ type: 'dispatching' }];
    if (outcome === 'unknown') events.push({ type: 'dispatch-uncertain', errorClass: 'timeout' });
    else events.push({ type: 'dispatched' });
    if (outcome !== 'pending' && outcome !== 'unknown') {
      const pan = `414746XXXXXX${String(1000 + index).slice(-4)}`;
      events.push({ type: 'poll-result', outcome, viva: vivaBody(request.sessionId, outcome, { primaryAccountNumberMasked: outcome === 'approved' ? pan : null }) });
    }
    histories.push({ request, createdAtMs, events: events.map((event, step) => ({ atMs: createdAtMs + 1000 * (step + 1), event })) });
  }
  expect(journal.importSessions(histories)).toBe(130);
  return histories.map((h) => journal.getSession(h.request.sessionId)).filter((s): s is SessionRecord => s !== undefined);
}

/** The order the screens promise: newest business day first, then newest first, then sessionId. */
function newestFirst(a: SessionRecord, b: SessionRecord): number {
  const key = (s: SessionRecord) => [s.businessDay, s.createdAt, s.sessionId] as const;
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return (x[i] ?? '') < (y[i] ?? '') ? 1 : -1;
  return 0;
}

function allPages(journal: Journal, filter: SessionFilter, limit: number): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = journal.listSessions({ ...filter, limit, cursor });
    expect(page.sessions.length).toBeLessThanOrEqual(limit);
    ids.push(...page.sessions.map((s) => s.sessionId));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 1000);
  return { ids, pages };
}

describe('listSessions: keyset pages', () => {
  const filters: [string, SessionFilter, (s: SessionRecord) => boolean][] = [
    ['no filter', {}, () => true],
    ['one business day', { businessDay: '2026-03-03' }, (s) => s.businessDay === '2026-03-03'],
    ['a range of days', { fromDay: '2026-03-02', toDay: '2026-03-04' }, (s) => s.businessDay >= '2026-03-02' && s.businessDay <= '2026-03-04'],
    ['one state', { state: 'approved' }, (s) => s.state === 'approved'],
    ['several states', { states: ['declined', 'aborted', 'unknown'] }, (s) => ['declined', 'aborted', 'unknown'].includes(s.state)],
    ['a terminal', { terminalId: '16000002' }, (s) => s.terminalId === '16000002'],
    ['a kind', { kind: 'unreferenced-refund' }, (s) => s.kind === 'unreferenced-refund'],
    [
      'terminal + state + days',
      { terminalId: '16000001', state: 'approved', fromDay: '2026-03-02' },
      (s) => s.terminalId === '16000001' && s.state === 'approved' && s.businessDay >= '2026-03-02',
    ],
    ['a reference prefix', { text: 'R-01' }, (s) => s.merchantReference?.startsWith('R-01') === true],
    ['last 4 of the card', { text: '1006' }, (s) => s.panLast4 === '1006'],
  ];

  it.each(filters)('walks every page of %s exactly once, newest first', (_name, filter, matches) => {
    const { journal } = testJournal();
    const all = dataset(journal);
    const expected = all.filter(matches).sort(newestFirst).map((s) => s.sessionId);
    expect(expected.length).toBeGreaterThan(0);
    for (const limit of [1, 7, 50, 500]) {
      const { ids, pages } = allPages(journal, filter, limit);
      expect(ids, `limit ${limit}`).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
    }
  });

  it('finds a session by a prefix of its sessionId', () => {
    const { journal } = testJournal();
    const all = dataset(journal);
    const target = all[42];
    if (!target) throw new Error('setup');
    const page = journal.listSessions({ text: target.sessionId.slice(0, -1) });
    expect(page.sessions.map((s) => s.sessionId)).toContain(target.sessionId);
    expect(page.sessions.every((s) => s.sessionId.startsWith(target.sessionId.slice(0, -1)))).toBe(true);
  });

  it('keeps its place when new sessions arrive between pages (no duplicates, no skips)', () => {
    const { journal, clock } = testJournal();
    const all = dataset(journal);
    const first = journal.listSessions({ limit: 20 });
    clock.set(DAY0 + 10 * DAY);
    journal.createSession(saleRequest());
    const second = journal.listSessions({ limit: 20, cursor: first.nextCursor });
    const expected = all.sort(newestFirst).map((s) => s.sessionId);
    expect([...first.sessions, ...second.sessions].map((s) => s.sessionId)).toEqual(expected.slice(0, 40));
  });

  it('reads every filtered page straight off an index, never sorting (page 1000 costs what page 1 costs)', () => {
    const { journal } = testJournal();
    dataset(journal);
    const cursor = journal.listSessions({ limit: 3 }).nextCursor;
    const db = rawConnection(journal.file);
    const single: SessionFilter[] = [{}, { businessDay: '2026-03-03' }, { fromDay: '2026-03-01', toDay: '2026-03-05' }, { state: 'approved' }, { terminalId: 'x' }, { kind: 'sale' }];
    for (const filter of single) {
      const query = buildListQuery({ ...filter, cursor });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan, JSON.stringify(filter)).toMatch(/USING INDEX sessions_by_/);
      expect(plan, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('refuses malformed filters with a typed error', () => {
    const { journal } = testJournal();
    const bad: [SessionFilter, string][] = [
      [{ limit: 0 }, 'invalid-input'],
      [{ limit: 501 }, 'invalid-input'],
      [{ limit: 2.5 }, 'invalid-input'],
      [{ state: 'approved', states: ['declined'] }, 'invalid-input'],
      [{ states: [] }, 'invalid-input'],
      [{ state: 'paid' as never }, 'invalid-input'],
      [{ kind: 'gift' as never }, 'invalid-input'],
      [{ terminalId: ' ' }, 'invalid-input'],
      [{ text: '' }, 'invalid-input'],
      [{ cursor: 'not-a-cursor' }, 'invalid-input'],
      [{ cursor: Buffer.from('[1,2]').toString('base64url') }, 'invalid-input'],
      [{ businessDay: '2026-02-30' }, 'invalid-business-day'],
      [{ fromDay: 'last week' }, 'invalid-business-day'],
    ];
    for (const [filter, code] of bad) {
      expect(() => journal.listSessions(filter), JSON.stringify(filter)).toThrow(expect.objectContaining({ code }));
    }
  });
});

describe("the engine's and the reports' queries", () => {
  it('openSessions lists every non-final session, unknown included, oldest first', () => {
    const { journal } = testJournal();
    const all = dataset(journal);
    const open = journal.openSessions();
    const expected = all
      .filter((s) => ['created', 'dispatching', 'pending', 'aborting', 'unknown'].includes(s.state))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.sessionId < b.sessionId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
    expect(open.map((s) => s.sessionId)).toEqual(expected.map((s) => s.sessionId));
    expect(new Set(open.map((s) => s.state))).toEqual(new Set(['pending', 'unknown']));
  });

  it('openSessionForTerminal finds the session holding a terminal, and only that', () => {
    const { journal, clock } = testJournal();
    const request = saleRequest({ terminalId: 'T-1' });
    expect(journal.openSessionForTerminal('T-1')).toBeUndefined();
    journal.createSession(request);
    expect(journal.openSessionForTerminal('T-1')?.sessionId).toBe(request.sessionId);
    expect(journal.openSessionForTerminal('T-2')).toBeUndefined();
    journal.append(request.sessionId, { type: 'dispatching' });
    journal.append(request.sessionId, { type: 'dispatch-uncertain', errorClass: 'timeout' });
    expect(journal.openSessionForTerminal('T-1')).toBeUndefined();
    expect(journal.openSessionForTerminal('T-1', { includeUnknown: true })?.sessionId).toBe(request.sessionId);
    clock.advance(1000);
    const next = saleRequest({ terminalId: 'T-1' });
    journal.createSession(next);
    expect(journal.openSessionForTerminal('T-1', { includeUnknown: true })?.sessionId).toBe(next.sessionId);
    const db = rawConnection(journal.file);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM sessions INDEXED BY sessions_by_state WHERE terminal_id = ? AND state IN ('created','dispatching','pending','aborting')",
      )
      .all('T-1') as { detail: string }[];
    expect(plan.map((r) => r.detail).join()).toMatch(/sessions_by_state/);
  });

  it('refundedAmount counts approved refunds and, by default, refunds that may still succeed', () => {
    const { journal } = testJournal();
    const sale = saleRequest({ amount: 10_000 });
    journal.createSession(sale);
    const refund = (amount: number, outcome: FinalState | 'pending' | 'unknown') => {
      const request = saleRequest({ kind: 'refund', parentSessionId: sale.sessionId, amount });
      journal.createSession(request);
      journal.append(request.sessionId, { type: 'dispatching' });
      if (outcome === 'unknown') {
        journal.append(request.sessionId, { type: 'dispatch-uncertain', errorClass: 'network' });
        return;
      }
      journal.append(request.sessionId, { type: 'dispatched' });
      if (outcome !== 'pending') journal.append(request.sessionId, { type: 'poll-result', outcome, viva: vivaBody(request.sessionId, outcome) });
    };
    expect(journal.refundedAmount(sale.sessionId)).toBe(0);
    refund(1000, 'approved');
    refund(2000, 'declined');
    refund(300, 'pending');
    refund(40, 'unknown');
    refund(5, 'aborted');
    expect(journal.refundedAmount(sale.sessionId)).toBe(1340);
    expect(journal.refundedAmount(sale.sessionId, { includeOpen: true })).toBe(1340);
    expect(journal.refundedAmount(sale.sessionId, { includeOpen: false })).toBe(1000);
    expect(journal.refundedAmount('another-sale')).toBe(0);
  });

  it('sessionsOfBusinessDay yields the whole day, oldest first, lazily', () => {
    const { journal } = testJournal();
    const all = dataset(journal);
    const day = '2026-03-02';
    const iterator = journal.sessionsOfBusinessDay(day);
    const first = iterator.next();
    expect(first.done).toBe(false);
    // While a report is reading, the connection cannot write (better-sqlite3): finish first.
    expect(() => journal.createSession(saleRequest())).toThrow(/busy/);
    const rest = [...iterator];
    const seen = [first.value as SessionRecord, ...rest].map((s) => s.sessionId);
    const expected = all
      .filter((s) => s.businessDay === day)
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.sessionId < b.sessionId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
      .map((s) => s.sessionId);
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(26);
    journal.createSession(saleRequest());
    expect(() => journal.sessionsOfBusinessDay('March 2nd')).toThrow(expect.objectContaining({ code: 'invalid-business-day' }));
  });

  it('getSession and eventsOf answer for unknown ids without throwing', () => {
    const { journal } = testJournal();
    expect(journal.getSession('nope')).toBeUndefined();
    expect(journal.eventsOf('nope')).toEqual([]);
  });
});
