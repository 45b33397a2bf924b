import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { openJournal, type OpenJournalOptions } from '../../../electron/core/journal/database.ts';
import type { NewSessionRequest } from '../../../electron/core/journal/event-schemas.ts';
import type { Journal } from '../../../electron/core/journal/journal.ts';

const cleanups: (() => void)[] = [];

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-journal-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs after the test (before the temp folders go). */
export function onCleanup(fn: () => void): void {
  cleanups.push(fn);
}

export const START = Date.UTC(2026, 2, 10, 9, 0, 0);

/** A journal on a temp folder with a manual clock (UTC business days unless told otherwise). */
export function testJournal(overrides: Partial<OpenJournalOptions> = {}) {
  const clock = manualClock(START);
  const dataDir = overrides.dataDir ?? tempDir();
  const journal = openJournal({
    dataDir,
    environment: 'simulator',
    clock,
    businessDay: { timeZone: 'UTC', cutoffHour: 0 },
    ...overrides,
  });
  onCleanup(() => journal.close());
  return { journal, clock, dataDir };
}

let counter = 0;

/** A valid sale request; override any field. */
export function saleRequest(overrides: Partial<NewSessionRequest> = {}): NewSessionRequest {
  counter += 1;
  return {
    sessionId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    kind: 'sale',
    amount: 1250,
    currency: 'EUR',
    terminalId: '16000010',
    cashRegisterId: 'POS01',
    merchantReference: `INV-${counter}`,
    ...overrides,
  };
}

/** A Viva session body for `sessionId` as GET /ecr/v1/sessions/{id} returns it. */
export function vivaBody(sessionId: string, outcome: 'approved' | 'declined' | 'cancelled' | 'aborted' | 'failed', extra: Record<string, unknown> = {}) {
  const approved = outcome === 'approved';
  return {
    sessionId,
    terminalId: '16000010',
    cashRegisterId: 'POS01',
    amount: 1250,
    currencyCode: '978',
    tipAmount: 0,
    success: approved,
    eventId: { approved: 0, declined: 1006, cancelled: 1000, aborted: 1016, failed: 3000 }[outcome],
    message: approved ? 'Transaction successful' : 'Transaction declined by server',
    transactionId: approved ? 'b1e0d1f4-3f1b-4a7e-9d0c-5b7a2c1e9f00' : null,
    authorizationId: approved ? 'A1B2C3' : null,
    applicationLabel: approved ? 'VISA' : null,
    primaryAccountNumberMasked: approved ? '414746XXXXXX0133' : null,
    orderCode: approved ? '1234567890123456' : '0',
    ...extra,
  };
}

/** Drives a session through created -> dispatching -> pending (200 on dispatch). */
export function dispatched(journal: Journal, request: NewSessionRequest = saleRequest()) {
  journal.createSession(request);
  journal.append(request.sessionId, { type: 'dispatching' });
  return journal.append(request.sessionId, { type: 'dispatched' });
}

/** A second, raw connection to the journal file: what a tamperer (or another process) sees. */
export function rawConnection(file: string): Database.Database {
  const db = new Database(file);
  onCleanup(() => db.close());
  return db;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * 4 KiB of random bytes over the root page of one index (or table), as a failing disk or a
 * careless tool would leave it. The WAL is checkpointed into the file first, so the page written
 * over is the one SQLite will read.
 */
export function corruptPage(file: string, name: string): void {
  const db = new Database(file);
  let root: number;
  let pageSize: number;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    pageSize = db.pragma('page_size', { simple: true }) as number;
    const row = db.prepare<[string], { rootpage: number }>('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(name);
    if (!row) throw new Error(`no index or table ${name}`);
    root = row.rootpage;
  } finally {
    db.close();
  }
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, randomBytes(4096), 0, 4096, (root - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * chmod does not stop root (the tests run as root here), so root gets the immutable flag, which
 * stops root too: opening the file (or creating a file in the folder) for writing fails with
 * EPERM, as on a read-only disk. Undone after the test so the temp folder can be removed.
 */
export function makeImmutable(target: string): void {
  if (process.getuid?.() !== 0) {
    const mode = fs.statSync(target).mode & 0o777;
    fs.chmodSync(target, fs.statSync(target).isDirectory() ? 0o555 : 0o444);
    onCleanup(() => fs.chmodSync(target, mode));
    return;
  }
  execFileSync('chattr', ['+i', target]);
  onCleanup(() => execFileSync('chattr', ['-i', target]));
}
