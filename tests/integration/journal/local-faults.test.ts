import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { JournalError, isJournalWriteFault, isRetryableJournalFault, WRITE_FAULT_CODES } from '../../../electron/core/journal/errors.ts';
import type { Journal } from '../../../electron/core/journal/journal.ts';
import { classifySqliteError } from '../../../electron/core/journal/sqlite-errors.ts';
import { dispatched, saleRequest, testJournal, vivaBody } from '../../unit/journal/helpers.ts';

function refusal(fn: () => unknown): JournalError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    return error as JournalError;
  }
  throw new Error('expected a JournalError, nothing was thrown');
}

/**
 * PRAGMA max_page_count holds for one connection only, so the cap must be set on the journal's
 * own: reached through the private field (the app has no reason to cap its journal).
 */
function connectionOf(journal: Journal): Database.Database {
  return (journal as unknown as { db: Database.Database }).db;
}

const context = { operation: 'journal.op.record-event' as const, file: '/data/journal-simulator.sqlite', write: true };
const sqlite = (code: string) => Object.assign(new Error(`sqlite says ${code}`), { code });

describe('SQLite faults become typed journal errors', () => {
  it.each([
    ['SQLITE_FULL', 'disk-full', true],
    ['SQLITE_BUSY', 'busy', true],
    ['SQLITE_BUSY_SNAPSHOT', 'busy', true],
    ['SQLITE_LOCKED', 'busy', true],
    ['SQLITE_READONLY', 'read-only', true],
    ['SQLITE_READONLY_DBMOVED', 'read-only', true],
    ['EROFS', 'read-only', true],
    ['EACCES', 'read-only', true],
    ['SQLITE_CORRUPT', 'corrupt', false],
    ['SQLITE_CORRUPT_INDEX', 'corrupt', false],
    ['SQLITE_NOTADB', 'corrupt', false],
    ['SQLITE_IOERR', 'io', true],
    ['SQLITE_IOERR_FSYNC', 'io', true],
  ])('%s -> %s (retryable: %s), with a sentence and the original as cause', (code, expected, retryable) => {
    const original = sqlite(code);
    const error = classifySqliteError(original, context) as JournalError;
    expect(error).toBeInstanceOf(JournalError);
    expect(error.code).toBe(expected);
    expect(error.cause).toBe(original);
    expect(error.retryable).toBe(retryable);
    expect(isJournalWriteFault(error)).toBe(true);
    expect(isRetryableJournalFault(error)).toBe(retryable);
    expect(error.message).toMatch(/^Cloud ECR could not record a session event: .+ Nothing was written\. .+\./);
    expect(error.message).toContain(context.file);
  });

  it("leaves the journal's own refusals and programming errors as they are", () => {
    const own = new JournalError('illegal-transition', 'no');
    expect(classifySqliteError(own, context)).toBe(own);
    const bug = new TypeError('This database connection is busy executing a query');
    expect(classifySqliteError(bug, context)).toBe(bug);
    const constraint = sqlite('SQLITE_CONSTRAINT_TRIGGER');
    expect(classifySqliteError(constraint, context)).toBe(constraint);
  });

  it('isJournalWriteFault is true for exactly the five fault codes', () => {
    expect([...WRITE_FAULT_CODES].sort()).toEqual(['busy', 'corrupt', 'disk-full', 'io', 'read-only']);
    expect(isJournalWriteFault(new JournalError('illegal-transition', 'x'))).toBe(false);
    expect(isJournalWriteFault(new JournalError('unknown-session', 'x'))).toBe(false);
    expect(isJournalWriteFault(sqlite('SQLITE_FULL'))).toBe(false);
    expect(isJournalWriteFault(new JournalError('busy', 'x'))).toBe(true);
  });
});

describe('a full disk (a journal capped with max_page_count)', () => {
  it("refuses the write as disk-full with a sentence, writes nothing, and works again once there is room", () => {
    const { journal } = testJournal();
    const session = dispatched(journal);
    const db = connectionOf(journal);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);

    // Sessions until one needs a page past the cap.
    let full: JournalError | undefined;
    let refused: ReturnType<typeof saleRequest> | undefined;
    let head = journal.head();
    for (let i = 0; i < 2000 && !full; i += 1) {
      const request = saleRequest({ customerTrns: 'c'.repeat(200) });
      try {
        journal.createSession(request);
        head = journal.head();
      } catch (error) {
        full = error as JournalError;
        refused = request;
      }
    }
    if (!full || !refused) throw new Error('the capped journal never filled up');
    expect(full).toBeInstanceOf(JournalError);
    expect(full.code).toBe('disk-full');
    expect(full.message).toContain('the disk that holds the journal is full');
    expect(full.message).toContain('Free some disk space, then try again.');
    expect((full.cause as { code?: string }).code).toBe('SQLITE_FULL');
    expect(isJournalWriteFault(full) && full.retryable).toBe(true);
    // Rolled back whole: no event, no projection row, and no transaction left open on the connection.
    expect(db.inTransaction).toBe(false);
    expect(journal.head()).toEqual(head);
    expect(journal.getSession(refused.sessionId)).toBeUndefined();
    expect(refusal(() => journal.append(session.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(session.sessionId, 'approved', { message: 'm'.repeat(500) }) })).code).toBe(
      'disk-full',
    );
    expect(journal.getSession(session.sessionId)).toEqual(session);

    db.pragma('max_page_count = 1000000000');
    // The same request again: it was not half-written (no duplicate-session).
    expect(journal.createSession(refused).state).toBe('created');
    expect(journal.append(session.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(session.sessionId, 'approved') }).state).toBe('approved');
    expect(journal.head().events).toBe(head.events + 2);
    expect(journal.verify()).toMatchObject({ ok: true, integrity: { ok: true } });
  });
});

describe('the write lock held by another process past busy_timeout', () => {
  it('refuses the write as busy after the busy timeout, writes nothing, and succeeds once the lock is released', async () => {
    const { journal } = testJournal();
    const session = dispatched(journal);
    const head = journal.head();

    // A real second process, as another till or a backup tool would be: it takes the write lock and keeps it.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import Database from 'better-sqlite3';
         const db = new Database(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n');
         process.stdin.on('data', () => {});
         process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`,
        journal.file,
      ],
      { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve) => holder.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
    });
    try {
      const started = performance.now();
      const busy = refusal(() => journal.append(session.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(session.sessionId, 'approved') }));
      expect(performance.now() - started).toBeGreaterThan(4000); // it waited busy_timeout (5 s) first
      expect(busy.code).toBe('busy');
      expect(busy.message).toContain("another program held the journal's write lock");
      expect((busy.cause as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
      expect(busy.retryable).toBe(true);
      expect(journal.head()).toEqual(head);
    } finally {
      holder.stdin.end();
      await exited;
    }
    expect(journal.append(session.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(session.sessionId, 'approved') }).state).toBe('approved');
    expect(journal.verify().ok).toBe(true);
  }, 30_000);
});
