import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.ts';
import { journalFile, openJournal } from '../../../electron/core/journal/database.ts';
import { JournalError } from '../../../electron/core/journal/errors.ts';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/journal/migrations.ts';
import { dispatched, makeImmutable, onCleanup, saleRequest, sha256File, tempDir, testJournal, vivaBody } from '../../unit/journal/helpers.ts';

/**
 * Read-only work opens the file read-only. The tests run as root, which chmod does not stop, so
 * the file (and, where said, its folder) get the immutable flag (helpers.ts makeImmutable): a
 * write to it, or a new file in the folder (the WAL index), fails with EPERM for root too, as on
 * a read-only disk.
 */
function refusal(fn: () => unknown): JournalError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    return error as JournalError;
  }
  throw new Error('expected a JournalError, nothing was thrown');
}

/** A closed journal with one approved sale on 2026-03-10, its WAL checkpointed away. */
function closedJournal(): { dataDir: string; file: string; sessionId: string } {
  const { journal, dataDir } = testJournal();
  const session = dispatched(journal, saleRequest({ terminalId: '16000010' }));
  journal.append(session.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(session.sessionId, 'approved') });
  journal.close();
  return { dataDir, file: journalFile(dataDir, 'simulator'), sessionId: session.sessionId };
}

function readOnly(dataDir: string) {
  const journal = openJournal({ dataDir, environment: 'simulator', readOnly: true, businessDay: { timeZone: 'UTC', cutoffHour: 0 } });
  onCleanup(() => journal.close());
  return journal;
}

async function ecr(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += `${text}\n`),
    stderr: (text) => (stderr += `${text}\n`),
    env: {},
    waitForInterrupt: () => new Promise(() => {}),
  });
  return { code, stdout, stderr };
}

describe('openJournal({ readOnly: true })', () => {
  it('refuses a missing file with not-found and creates nothing', () => {
    const dataDir = path.join(tempDir(), 'never-created');
    const error = refusal(() => openJournal({ dataDir, environment: 'simulator', readOnly: true }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('There is no simulator journal at');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('reads, refuses every write as read-only, and leaves the file byte-identical', () => {
    const { dataDir, file, sessionId } = closedJournal();
    const before = sha256File(file);
    const journal = readOnly(dataDir);
    expect(journal.readOnly).toBe(true);
    expect(journal.getSession(sessionId)?.state).toBe('approved');
    expect(journal.verify()).toMatchObject({ ok: true, integrity: { ok: true } });
    const error = refusal(() => journal.createSession(saleRequest()));
    expect(error.code).toBe('read-only');
    expect(error.message).toContain('opened for reading only');
    expect(refusal(() => journal.append(sessionId, { type: 'note', text: 'x' } as never)).code).toMatch(/read-only|invalid-input/);
    expect(() => journal.releaseEngineLock('nobody')).not.toThrow();
    journal.close();
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a newer schema and another environment, as the read-write open does', () => {
    const { dataDir, file } = closedJournal();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expect(refusal(() => readOnly(dataDir)).code).toBe('newer-schema');
    const other = closedJournal();
    fs.renameSync(other.file, journalFile(other.dataDir, 'production'));
    expect(refusal(() => openJournal({ dataDir: other.dataDir, environment: 'production', readOnly: true })).code).toBe('wrong-environment');
  });

  it('works on a read-only file', () => {
    const { dataDir, file, sessionId } = closedJournal();
    makeImmutable(file);
    // The read-write open cannot use it: the proof that the file really is read-only to this process.
    expect(refusal(() => openJournal({ dataDir, environment: 'simulator' })).code).toBe('read-only');
    const journal = readOnly(dataDir);
    expect(journal.getSession(sessionId)?.state).toBe('approved');
    expect(journal.verify().ok).toBe(true);
  });

  it('works on a read-only folder while the WAL files are there (the app has the journal open)', () => {
    const { dataDir, file, sessionId } = closedJournal();
    const app = testJournal({ dataDir }).journal;
    app.getSession(sessionId);
    makeImmutable(dataDir);
    const journal = readOnly(dataDir);
    expect(journal.getSession(sessionId)?.state).toBe('approved');
    expect(journal.verify().ok).toBe(true);
    expect(fs.existsSync(`${file}-shm`)).toBe(true);
  });

  it('refuses a read-only folder without WAL files as read-only, saying what to do (SQLite must create the -shm even to read)', () => {
    const { dataDir, file } = closedJournal();
    makeImmutable(file);
    makeImmutable(dataDir);
    const error = refusal(() => readOnly(dataDir));
    expect(error.code).toBe('read-only');
    expect(error.message).toContain('Copy the file into a folder you can write');
  });
});

describe('the read-only CLI commands on a read-only journal file', () => {
  it('journal list, journal verify, status and report work on a read-only journal file', async () => {
    const { dataDir, file, sessionId } = closedJournal();
    makeImmutable(file);
    const global = ['--data-dir', dataDir, '--env', 'simulator'];

    const list = await ecr(['journal', 'list', ...global, '--json']);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(1);

    const verify = await ecr(['journal', 'verify', ...global]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('Journal intact: SQLite integrity check ok');

    const status = await ecr(['status', sessionId, ...global]);
    expect(status.code).toBe(0);

    const day = '2026-03-10';
    const report = await ecr(['report', '--date', day, '--format', 'json', ...global]);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(sessionId);
  });

  it('journal verify reports a damaged file and exits 1', async () => {
    const { dataDir, file } = closedJournal();
    const { corruptPage } = await import('../../unit/journal/helpers.ts');
    // Enough rows for the index to have its own page to damage.
    const { journal } = testJournal({ dataDir });
    journal.importSessions(Array.from({ length: 500 }, (_, i) => ({ request: saleRequest(), createdAtMs: Date.UTC(2026, 2, 10, 10) + i, events: [] })));
    journal.close();
    corruptPage(file, 'sessions_by_terminal');
    const verify = await ecr(['journal', 'verify', '--data-dir', dataDir, '--env', 'simulator']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain("Journal DAMAGED");
    expect(verify.stderr).toContain('Keep a copy of the file');
  });
});
