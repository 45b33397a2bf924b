import { describe, expect, it } from 'vitest';
import { journalFile, openJournal } from '../../../electron/core/journal/database.ts';
import { JournalError } from '../../../electron/core/journal/errors.ts';
import type { Journal } from '../../../electron/core/journal/journal.ts';
import fs from 'node:fs';
import { corruptPage, dispatched, onCleanup, saleRequest, sha256File, START, testJournal } from './helpers.ts';

/** A closed journal of `sessions` sales on two terminals: enough rows for every index to span many pages. */
function filledJournal(sessions = 2000): { dataDir: string; file: string; ids: string[] } {
  const { journal, dataDir } = testJournal();
  const requests = Array.from({ length: sessions }, (_, i) => saleRequest({ terminalId: i % 2 === 0 ? '16000010' : '16000011' }));
  // One transaction: a write per session (synchronous=FULL) would take seconds.
  journal.importSessions(requests.map((request, i) => ({ request, createdAtMs: START + i * 1000, events: [] })));
  const ids = requests.map((r) => r.sessionId);
  journal.close();
  return { dataDir, file: journalFile(dataDir, 'simulator'), ids };
}

function reopen(dataDir: string, options: { integrityCheck?: 'open' | 'background' | 'skip' } = {}): Journal {
  const journal = openJournal({ dataDir, environment: 'simulator', businessDay: { timeZone: 'UTC', cutoffHour: 0 }, ...options });
  onCleanup(() => journal.close());
  return journal;
}

function refusal(fn: () => unknown): JournalError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    return error as JournalError;
  }
  throw new Error('expected a JournalError, nothing was thrown');
}

describe('integrity: quick_check when the journal opens', () => {
  it('finds a healthy file ok, and a fresh one needs no check', () => {
    const { dataDir } = filledJournal(50);
    expect(reopen(dataDir).integrity).toEqual({ ok: true });
    expect(testJournal().journal.integrity).toEqual({ ok: true });
  });

  it('garbage over an index page: opens for reading, refuses every write as corrupt, and changes nothing in the file', () => {
    const { dataDir, file, ids } = filledJournal();
    corruptPage(file, 'sessions_by_terminal');
    const before = sha256File(file);

    const journal = reopen(dataDir);
    expect(journal.integrity.ok).toBe(false);
    const problems = journal.integrity.ok ? [] : journal.integrity.problems;
    expect(problems.join('\n')).toMatch(/sessions_by_terminal|Tree \d+ page \d+/);

    // Reading what is intact still works: the list, one session, a day.
    expect(journal.getSession(ids[0] as string)?.state).toBe('created');
    expect(journal.listSessions({ limit: 50 }).sessions).toHaveLength(50);

    // Every write is refused before it reaches SQLite, with what to do.
    const create = refusal(() => journal.createSession(saleRequest()));
    expect(create.code).toBe('corrupt');
    expect(create.message).toContain('Keep a copy of the file, restore the journal from a backup or contact support');
    expect(create.message).toContain('reading and exporting what it holds still works');
    expect(create.retryable).toBe(false);
    expect(refusal(() => journal.append(ids[0] as string, { type: 'dispatching' })).code).toBe('corrupt');
    expect(refusal(() => journal.exclusive(() => 1)).code).toBe('corrupt');
    expect(refusal(() => journal.recordReconciliation({ businessDay: '2026-03-10', checkedAt: new Date().toISOString(), summary: '{}' })).code).toBe('corrupt');
    expect(refusal(() => journal.acquireEngineLock({ id: 'e1', pid: process.pid, host: 'h' }, { nowMs: Date.now(), isAlive: () => true, isStale: () => false })).code).toBe(
      'corrupt',
    );
    expect(() => journal.releaseEngineLock('e1')).not.toThrow();
    journal.close();
    expect(sha256File(file)).toBe(before);
  });

  it("without the check (today's behaviour), the same damage surfaces as SQLite's raw error on the first sale: the check is what prevents it", () => {
    const { dataDir, file } = filledJournal();
    corruptPage(file, 'sessions_by_terminal');
    const journal = reopen(dataDir, { integrityCheck: 'skip' });
    expect(journal.integrity).toEqual({ ok: true });
    const error = refusal(() => journal.createSession(saleRequest({ terminalId: '16000010' })));
    // Classified all the same, and from then on the journal knows it is damaged.
    expect(error.code).toBe('corrupt');
    expect((error.cause as { code?: string }).code).toMatch(/^SQLITE_CORRUPT/);
    expect(journal.integrity.ok).toBe(false);
    expect(refusal(() => journal.createSession(saleRequest())).code).toBe('corrupt');
  });

  it("'background' runs quick_check on a worker thread; once it resolves, the damage it found refuses writes", async () => {
    const { dataDir, file } = filledJournal();
    corruptPage(file, 'sessions_by_terminal');
    const journal = reopen(dataDir, { integrityCheck: 'background' });
    const result = await journal.checkIntegrity();
    expect(result.ok).toBe(false);
    expect(journal.integrity).toEqual(result);
    expect(refusal(() => journal.createSession(saleRequest())).code).toBe('corrupt');
    // Asked again, the same check answers.
    expect(await journal.checkIntegrity()).toEqual(result);
  });

  it('a file SQLite cannot open at all (its first page overwritten) is refused as before', () => {
    const { dataDir, file } = filledJournal(50);
    fs.writeFileSync(file, Buffer.alloc(4096, 0x5a), { flag: 'r+' });
    expect(refusal(() => reopen(dataDir)).code).toBe('corrupt');
  });
});

describe('integrity: journal verify', () => {
  it('garbage over an index page is damage, not "intact", with what integrity_check said', () => {
    const { dataDir, file } = filledJournal();
    corruptPage(file, 'sessions_by_terminal');
    const journal = reopen(dataDir, { integrityCheck: 'skip' });
    const result = journal.verify();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.firstBroken.reason).toBe('file-damaged');
    expect(result.firstBroken.detail).toContain("SQLite's integrity check found the journal file damaged");
    expect(result.integrity?.ok).toBe(false);
    // Found by verify, the damage refuses writes too.
    expect(refusal(() => journal.createSession(saleRequest())).code).toBe('corrupt');
  });

  it('garbage over the sessions primary-key index is reported, and the connection stays usable (no "busy executing a query")', () => {
    const { dataDir, file, ids } = filledJournal();
    corruptPage(file, 'sqlite_autoindex_sessions_1');
    const journal = reopen(dataDir, { integrityCheck: 'skip' });
    const result = journal.verify();
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: 'file-damaged' }, integrity: { ok: false } });
    // The chain walk and the projection merge closed their cursors: later calls still run.
    expect(journal.listSessions({ limit: 5 }).sessions).toHaveLength(5);
    expect(journal.verify({ integrity: false }).ok).toBe(false);
    // A read through the damaged index fails, as a typed error rather than SQLite's raw one.
    expect(refusal(() => journal.getSession(ids[1] as string)).code).toBe('corrupt');
    expect(() => journal.close()).not.toThrow();
  });

  it('the projection walk closes its cursors when a page it reads is damaged (integrity_check skipped)', () => {
    const { dataDir, file } = filledJournal();
    corruptPage(file, 'sqlite_autoindex_sessions_1');
    const journal = reopen(dataDir, { integrityCheck: 'skip' });
    const result = journal.verify({ integrity: false });
    expect(result).toMatchObject({ ok: false, firstBroken: { reason: 'file-damaged' } });
    expect(() => dispatched(journal)).toThrow(JournalError);
    expect(() => journal.close()).not.toThrow();
  });
});
