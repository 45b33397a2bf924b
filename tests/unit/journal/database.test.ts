import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { classifyOpenError, journalFile, openJournal } from '../../../electron/core/journal/database.ts';
import { JournalError } from '../../../electron/core/journal/errors.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '../../../electron/core/journal/migrations.ts';
import { onCleanup, rawConnection, saleRequest, sha256File, tempDir, testJournal } from './helpers.ts';

function refusal(fn: () => unknown): JournalError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    return error as JournalError;
  }
  throw new Error('expected a JournalError, nothing was thrown');
}

describe('openJournal: the connection', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on its connection', () => {
    const { journal } = testJournal();
    expect(journal.pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 2, // FULL
      foreignKeys: 1,
      busyTimeout: 5000,
      userVersion: LATEST_SCHEMA_VERSION,
    });
  });

  it('keeps one file per environment, so training and real payments never share a file', () => {
    const dataDir = tempDir();
    const simulator = testJournal({ dataDir, environment: 'simulator' }).journal;
    const production = testJournal({ dataDir, environment: 'production' }).journal;
    expect(simulator.file).toBe(path.join(dataDir, 'journal-simulator.sqlite'));
    expect(production.file).toBe(journalFile(dataDir, 'production'));
    const request = saleRequest();
    simulator.createSession(request);
    expect(simulator.getSession(request.sessionId)).toBeDefined();
    expect(production.getSession(request.sessionId)).toBeUndefined();
  });

  it('refuses a file that belongs to another environment', () => {
    const dataDir = tempDir();
    testJournal({ dataDir, environment: 'demo' }).journal.close();
    fs.renameSync(journalFile(dataDir, 'demo'), journalFile(dataDir, 'production'));
    const error = refusal(() => openJournal({ dataDir, environment: 'production' }));
    expect(error.code).toBe('wrong-environment');
    expect(error.message).toContain('demo');
  });

  it('creates a missing data folder', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const { journal } = testJournal({ dataDir });
    expect(fs.existsSync(journal.file)).toBe(true);
  });

  it('refuses an unknown environment and a bad business-day setting before touching the disk', () => {
    const dataDir = path.join(tempDir(), 'never-created');
    expect(refusal(() => openJournal({ dataDir, environment: 'staging' as never })).code).toBe('invalid-input');
    expect(refusal(() => openJournal({ dataDir, environment: 'demo', businessDay: { timeZone: 'Mars/Olympus', cutoffHour: 4 } })).code).toBe(
      'invalid-business-day',
    );
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('answers a call after close() with a typed error', () => {
    const { journal } = testJournal();
    journal.close();
    expect(journal.isOpen).toBe(false);
    expect(refusal(() => journal.getSession('x')).code).toBe('closed');
    expect(refusal(() => journal.createSession(saleRequest())).code).toBe('closed');
    journal.close(); // twice is harmless
  });

  it('logs what it opened', () => {
    const logger = recordingLogger();
    testJournal({ logger });
    expect(logger.records.find((r) => r.message === 'journal opened')?.fields).toMatchObject({ environment: 'simulator', schema: LATEST_SCHEMA_VERSION });
  });
});

describe('migrations', () => {
  it('are numbered 1..n without gaps, so the order can never be ambiguous', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('build a fresh file up to the latest version, and re-opening changes nothing', () => {
    const dataDir = tempDir();
    const first = testJournal({ dataDir });
    const request = saleRequest();
    first.journal.createSession(request);
    const head = first.journal.head();
    first.journal.close();

    const db = rawConnection(journalFile(dataDir, 'simulator'));
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual([
      'engine_lock',
      'events',
      'meta',
      'reconciliations',
      // The journal search's FTS5 index and its shadow tables (migration 6).
      'session_search',
      'session_search_config',
      'session_search_data',
      'session_search_docsize',
      'session_search_idx',
      'sessions',
      'z_reports',
    ]);
    const schemaBefore = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').pluck().all();
    db.close();

    const second = testJournal({ dataDir });
    expect(second.journal.pragmas().userVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(second.journal.head()).toEqual(head);
    expect(second.journal.getSession(request.sessionId)?.state).toBe('created');
    const again = rawConnection(journalFile(dataDir, 'simulator'));
    expect(again.prepare('SELECT sql FROM sqlite_schema ORDER BY name').pluck().all()).toEqual(schemaBefore);
  });

  it('apply each step in its own transaction and stop at a failing one, leaving the earlier ones', () => {
    const db = new Database(':memory:');
    onCleanup(() => db.close());
    const steps = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER) STRICT;' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE two (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, steps)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(['one']);
  });

  it('refuse a file written by a newer Cloud ECR and leave it byte-identical', () => {
    const dataDir = tempDir();
    const { journal } = testJournal({ dataDir });
    journal.createSession(saleRequest());
    journal.close();
    const file = journalFile(dataDir, 'simulator');
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 6}`);
    // Say the newer version gave up WAL: switching it back on would rewrite the file header.
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = sha256File(file);

    const error = refusal(() => openJournal({ dataDir, environment: 'simulator' }));
    expect(error.code).toBe('newer-schema');
    expect(error.message).toBe(
      `This journal was written by a newer version of Cloud ECR (schema ${LATEST_SCHEMA_VERSION + 6}, this version knows ${LATEST_SCHEMA_VERSION}). Update the app; the file was not changed.`,
    );
    expect(sha256File(file)).toBe(before);
  });
});

describe('files that cannot be used', () => {
  it('refuses a file that is not a database, and leaves it as it was', () => {
    const dataDir = tempDir();
    const file = journalFile(dataDir, 'simulator');
    fs.writeFileSync(file, 'this is not a SQLite database, it is a shopping list: milk, eggs, bread, coffee\n'.repeat(100));
    const before = sha256File(file);
    const error = refusal(() => openJournal({ dataDir, environment: 'simulator' }));
    expect(error.code).toBe('corrupt');
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a data folder that is a file', () => {
    const notADir = path.join(tempDir(), 'data');
    fs.writeFileSync(notADir, '');
    expect(refusal(() => openJournal({ dataDir: notADir, environment: 'simulator' })).code).toBe('cannot-open');
  });

  it('refuses a folder it cannot write to, with a read-only error', () => {
    const dataDir = tempDir();
    makeReadOnly(dataDir);
    const error = refusal(() => openJournal({ dataDir, environment: 'simulator' }));
    expect(error.code).toBe('read-only');
    expect(error.message).toContain(dataDir);
  });

  it('classifies SQLite and file-system failures', () => {
    const sqlite = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyOpenError(sqlite('SQLITE_NOTADB'), '/d', '/d/f').code).toBe('corrupt');
    expect(classifyOpenError(sqlite('SQLITE_CORRUPT'), '/d', '/d/f').code).toBe('corrupt');
    expect(classifyOpenError(sqlite('SQLITE_READONLY_DIRECTORY'), '/d', '/d/f').code).toBe('read-only');
    expect(classifyOpenError(sqlite('EROFS'), '/d', '/d/f').code).toBe('read-only');
    expect(classifyOpenError(sqlite('SQLITE_CANTOPEN'), tempDir(), '/d/f').code).toBe('cannot-open');
    expect(classifyOpenError(new Error('something else'), '/d', '/d/f').code).toBe('cannot-open');
  });
});

/**
 * chmod does not stop root (CI runs tests as root here), so root gets the immutable flag,
 * which stops root too. Undone after the test so the temp folder can be removed.
 */
function makeReadOnly(dir: string): void {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o555);
    onCleanup(() => fs.chmodSync(dir, 0o755));
    return;
  }
  execFileSync('chattr', ['+i', dir]);
  onCleanup(() => execFileSync('chattr', ['-i', dir]));
}
