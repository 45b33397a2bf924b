import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, type Journal } from '../../../electron/core/journal/index.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';

// A text search must stay fast whatever the prefix: a narrow one sorts its few matches, a broad
// one walks the newest-first index a bounded stretch per page. Either way, following the cursors
// must give exactly the matching sessions, newest first, each once.
let journal: Journal;
const dir = mkdtempSync(join(tmpdir(), 'ecr-search-'));

afterAll(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  journal = openJournal({ dataDir: dir, environment: 'simulator', businessDay: { timeZone: 'UTC', cutoffHour: 0 } });
  // References are INV-00000000 upwards, oldest first.
  seedJournal(journal, { sessions: 32_000, days: 20, terminals: 4, startMs: Date.UTC(2026, 0, 1), random: seededRandom(3) });
  // Seeding 32,000 sessions with their search index takes seconds, more on a shared machine.
}, 120_000);

function expected(prefix: string): string[] {
  const db = new Database(journal.file, { readonly: true });
  const ids = db
    .prepare(
      `SELECT session_id FROM sessions WHERE merchant_reference >= ? AND merchant_reference < ?
        ORDER BY business_day DESC, created_at DESC, session_id DESC`,
    )
    .all(prefix, `${prefix}\u{10FFFF}`) as { session_id: string }[];
  db.close();
  return ids.map((r) => r.session_id);
}

function walk(text: string): { ids: string[]; pages: number; emptyPages: number; slowestMs: number } {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let emptyPages = 0;
  let slowestMs = 0;
  do {
    const started = performance.now();
    const page = journal.listSessions({ text, limit: 50, ...(cursor ? { cursor } : {}) });
    slowestMs = Math.max(slowestMs, performance.now() - started);
    pages += 1;
    if (page.sessions.length === 0) emptyPages += 1;
    ids.push(...page.sessions.map((s) => s.sessionId));
    cursor = page.nextCursor;
  } while (cursor !== null && pages < 2_000);
  return { ids, pages, emptyPages, slowestMs };
}

describe('text search', () => {
  it('a narrow prefix returns its matches in order', () => {
    const result = walk('INV-0000012');
    expect(result.ids).toEqual(expected('INV-0000012'));
    expect(result.ids).toHaveLength(10);
  });

  it('a broad prefix matching everything pages through every session, newest first, each once', () => {
    const result = walk('INV-000');
    expect(result.ids).toEqual(expected('INV-000'));
    expect(result.ids).toHaveLength(32_000);
    expect(result.emptyPages).toBe(0);
  });

  it('a broad prefix whose matches are all old walks past the newer sessions in bounded steps', () => {
    const result = walk('INV-0000');
    expect(result.ids).toEqual(expected('INV-0000'));
    expect(result.ids).toHaveLength(9_999); // INV-00000001 .. INV-00009999
    // 22,000 newer sessions do not match: the first page spends its scan budget and says where to go on.
    expect(result.emptyPages).toBeGreaterThanOrEqual(1);
  });
});
