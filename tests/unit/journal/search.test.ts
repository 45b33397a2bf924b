import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, type Journal, type SessionFilter, type SessionRecord } from '../../../electron/core/journal/index.ts';
import { matchesSearch } from '../../../electron/domain/session-search.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';

// The journal's search (issue 12 item 8) on a real SQLite file: substrings of references and
// session ids ignoring case, card endings and totals, alone and with the other filters. Every
// search is walked page by page through its cursors and must give exactly what the domain's
// rule gives over every session (narrow searches from the substring index, broad ones by the
// bounded walk), newest first, each once.
let journal: Journal;
let all: SessionRecord[];
const dir = mkdtempSync(join(tmpdir(), 'ecr-search-'));
const BUSINESS_DAY = { timeZone: 'UTC', cutoffHour: 0 };

function sale(amount: number, merchantReference: string | null, extra: { tipAmount?: number } = {}): string {
  const sessionId = randomUUID();
  journal.createSession({ sessionId, kind: 'sale', amount, currency: 'EUR', terminalId: '16000009', cashRegisterId: 'POS09', merchantReference, ...extra });
  return sessionId;
}

beforeAll(() => {
  journal = openJournal({ dataDir: dir, environment: 'simulator', businessDay: BUSINESS_DAY });
  // References INV-00000001 .. INV-00012000 (oldest first), amounts 1.00 .. 400.00, version-7 ids.
  seedJournal(journal, { sessions: 12_000, days: 10, terminals: 3, startMs: Date.UTC(2026, 0, 1), random: seededRandom(11) });
  // The cashier's examples: lower-case references, a 44.00 sale, references with LIKE's wildcards.
  sale(1990, 'INV-3301');
  sale(4400, 'table-7');
  sale(4000, 'tip-table', { tipAmount: 400 });
  sale(1250, '50%_off');
  sale(1250, '50 off');
  sale(1250, null);
  all = everySession();
}, 120_000);

afterAll(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

function everySession(): SessionRecord[] {
  const sessions: SessionRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = journal.listSessions({ limit: 500, ...(cursor ? { cursor } : {}) });
    sessions.push(...page.sessions);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return sessions;
}

function walk(filter: SessionFilter): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = journal.listSessions({ ...filter, limit: 50, ...(cursor ? { cursor } : {}) });
    ids.push(...page.sessions.map((s) => s.sessionId));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 5_000);
  return { ids, pages };
}

/** What the domain's rule finds among every session, with the other filters, newest first (as listSessions orders). */
function expected(filter: SessionFilter): string[] {
  return all
    .filter((s) => matchesSearch(s, { ...(filter.text !== undefined ? { text: filter.text } : {}), ...(filter.amount !== undefined ? { amount: filter.amount } : {}) }))
    .filter((s) => (filter.state === undefined || s.state === filter.state) && (filter.terminalId === undefined || s.terminalId === filter.terminalId))
    .map((s) => s.sessionId);
}

function referenceOf(sessionId: string): string | null | undefined {
  return all.find((s) => s.sessionId === sessionId)?.merchantReference;
}

describe('journal search', () => {
  it('finds a reference by any part of it, whatever the case', () => {
    for (const text of ['INV-3301', 'inv-3301', 'Inv-33', 'v-330']) {
      expect(walk({ text }).ids.map(referenceOf)).toEqual(['INV-3301']);
    }
    // "3301" is also in the seeded INV-00003301 and INV-00013301-like references and maybe in ids: all of them, and INV-3301.
    const found = walk({ text: '3301' }).ids;
    expect(found.map(referenceOf)).toContain('INV-3301');
    expect(found.map(referenceOf)).toContain('INV-00003301');
    expect(found).toEqual(expected({ text: '3301' }));
  });

  it('finds a session by any part of its id, whatever the case', () => {
    const target = all[all.length - 100] as SessionRecord;
    for (const text of [target.sessionId.slice(9, 23), target.sessionId.slice(-12).toUpperCase(), target.sessionId]) {
      const found = walk({ text }).ids;
      expect(found).toContain(target.sessionId);
      expect(found).toEqual(expected({ text }));
    }
  });

  it('finds sessions by their total (amount + tip), the text read as an amount', () => {
    const found = walk({ text: '44', amount: 4400 }).ids.map(referenceOf);
    expect(found).toEqual(expect.arrayContaining(['table-7', 'tip-table']));
    expect(walk({ text: '44', amount: 4400 }).ids).toEqual(expected({ text: '44', amount: 4400 }));
    expect(walk({ amount: 4400 }).ids).toEqual(expected({ amount: 4400 }));
    // A frequent total (1.00 is the seed's floor) goes through the bounded walk and still finds every one.
    expect(walk({ text: '1', amount: 100 }).ids).toEqual(expected({ text: '1', amount: 100 }));
  });

  it('takes LIKE wildcards literally', () => {
    expect(walk({ text: '50%_' }).ids.map(referenceOf)).toEqual(['50%_off']);
    // The index is asked for "off" only (see searchWindow): LIKE alone must not read % and _ as wildcards.
    expect(walk({ text: '0%_off' }).ids.map(referenceOf)).toEqual(['50%_off']);
  });

  it('finds nothing by text shorter than 3 characters unless it is an amount', () => {
    expect(walk({ text: 'in' }).ids).toEqual([]);
    expect(walk({ text: '7f' }).ids).toEqual([]);
  });

  it('gives exactly the rule\'s matches, newest first, for narrow and broad searches, alone and with filters', () => {
    const terminal = (all[0] as SessionRecord).terminalId;
    const cases: SessionFilter[] = [
      { text: 'INV-0000' }, // 9,999 seeded references: a broad walk
      { text: 'inv-00000' }, // 999
      { text: 'NV-0001' }, // 1,000
      { text: 'INV-0000123' }, // 10
      { text: '0123', amount: 12300 },
      { text: 'INV-000', state: 'declined' },
      { text: 'INV-0000', terminalId: terminal },
      { text: '-7', amount: undefined },
      { text: 'TABLE' },
    ];
    for (const filter of cases) {
      const clean = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as SessionFilter;
      expect(walk(clean).ids, JSON.stringify(clean)).toEqual(expected(clean));
    }
  });

  it('refuses an amount that is not a positive whole number of minor units', () => {
    for (const amount of [0, -5, 12.5, Number.NaN]) {
      expect(() => journal.listSessions({ amount }), String(amount)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    }
  });
});

describe('search index of a journal written before it existed (migration 6)', () => {
  it('indexes every session already there, and the ones written after', () => {
    const older = mkdtempSync(join(tmpdir(), 'ecr-search-old-'));
    try {
      let first = openJournal({ dataDir: older, environment: 'simulator', businessDay: BUSINESS_DAY });
      const before = randomUUID();
      first.createSession({ sessionId: before, kind: 'sale', amount: 4400, currency: 'EUR', terminalId: '16000001', cashRegisterId: 'POS01', merchantReference: 'Order-9917' });
      const file = first.file;
      first.close();
      // Back to schema 5: what a file of the previous version holds (migration 6 only adds these).
      const db = new Database(file);
      db.exec('DROP TRIGGER sessions_search_insert; DROP TRIGGER sessions_search_update; DROP TABLE session_search; DROP INDEX sessions_by_total; PRAGMA user_version = 5;');
      db.close();

      first = openJournal({ dataDir: older, environment: 'simulator', businessDay: BUSINESS_DAY });
      expect(first.pragmas().userVersion).toBe(6);
      const after = randomUUID();
      first.createSession({ sessionId: after, kind: 'sale', amount: 990, currency: 'EUR', terminalId: '16000001', cashRegisterId: 'POS01', merchantReference: 'order-9918' });
      expect(first.listSessions({ text: 'der-99' }).sessions.map((s) => s.sessionId)).toEqual([after, before]);
      expect(first.listSessions({ text: '44', amount: 4400 }).sessions.map((s) => s.sessionId)).toEqual([before]);
      first.close();
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });
});
