import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toIpcError } from '../../../electron/main/ipc.ts';
import { errorSentence } from '../../../renderer/src/lib/errors.ts';
import { createBackup, isBackupError, type BackupError, parseBackupFileName, restoreJournal, RESTORE_LOG, type BackupResult } from '../../../electron/core/backup/index.ts';
import { systemClock } from '../../../electron/core/clock.ts';
import { journalFile, openJournal, type Journal } from '../../../electron/core/journal/index.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { startedHarness, type Harness } from '../payments/harness.ts';

const dirs: string[] = [];
const journals: Journal[] = [];
let h: Harness | undefined;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function journalIn(dataDir: string): Journal {
  const journal = openJournal({ dataDir, environment: 'simulator' });
  journals.push(journal);
  return journal;
}

function seeded(dataDir: string, sessions: number, seed = 1): Journal {
  const journal = journalIn(dataDir);
  seedJournal(journal, { sessions, days: 3, terminals: 2, startMs: Date.UTC(2026, 10, 1), random: seededRandom(seed) });
  return journal;
}

function ok(result: BackupResult): Extract<BackupResult, { ok: true }> {
  if (!result.ok) throw new Error(`backup failed: ${result.error.code}: ${result.error.message}`);
  return result;
}

function refusal(run: () => unknown): BackupError {
  try {
    run();
  } catch (error) {
    if (isBackupError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const journal of journals.splice(0)) if (journal.isOpen) journal.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a backup', () => {
  it('taken during a sale, while the engine journals the outcome, is consistent and verified', async () => {
    h = await startedHarness({ config: { deadlineMs: 20_000 }, simulator: { sessionLifetimeMs: 20_000 } });
    // A journal of many pages, so the online backup takes many turns of the event loop.
    seedJournal(h.journal, { sessions: 3_000, days: 2, terminals: 2, startMs: Date.UTC(2026, 10, 1), random: seededRandom(7) });
    const sale = await h.engine.sale({ amount: 1001, terminalId: '16000003' }); // the customer is at the terminal
    const toDir = tempDir('ecr-backups-');
    const backup = createBackup({ journal: h.journal, toDir, clock: systemClock });
    h.simulator.control.customer('16000003', { action: 'tap' });
    const approved = h.engine.settled(sale.sessionId);
    const result = ok(await backup);
    expect((await approved).state).toBe('approved');

    // Named by environment, date and head; nothing else left in the folder.
    expect(readdirSync(toDir)).toEqual([result.file.split('/').at(-1)]);
    expect(parseBackupFileName(result.file.split('/').at(-1) as string)).toMatchObject({ environment: 'simulator', head12: result.head.head.slice(0, 12) });
    // The copy is a moment of the journal: its head is in the journal's chain, and it verifies on its own.
    expect(h.journal.verify({ anchors: [{ events: result.head.events, head: result.head.head }], projection: false, integrity: false }).ok).toBe(true);
    const restoredDir = tempDir('ecr-restored-');
    const restored = restoreJournal({ dataDir: restoredDir, environment: 'simulator', from: result.file, clock: systemClock });
    expect(restored.head).toEqual(result.head);
    const copy = journalIn(restoredDir);
    expect(copy.verify()).toMatchObject({ ok: true, events: result.head.events });
    expect(['pending', 'approved']).toContain(copy.getSession(sale.sessionId)?.state);
  });

  it('fails as a result (never a throw) when the folder cannot be written, and leaves the journal as it was', async () => {
    const journal = seeded(tempDir('ecr-data-'), 10);
    const before = journal.head();
    const blocker = join(tempDir('ecr-x-'), 'a-file');
    // A file where the folder should be.
    closeSync(openSync(blocker, 'w'));
    const result = await createBackup({ journal, toDir: join(blocker, 'backups'), clock: systemClock });
    expect(result).toMatchObject({ ok: false, file: null, error: { code: 'folder-unwritable' } });
    expect(journal.head()).toEqual(before);
  });
});

describe('a corrupted backup', () => {
  it('is refused by restore and by the verification, and the current journal is left untouched', async () => {
    const source = seeded(tempDir('ecr-data-'), 400);
    const backup = ok(await createBackup({ journal: source, toDir: tempDir('ecr-backups-'), clock: systemClock }));
    // 4 KiB of garbage over a page in the middle of the file.
    const pages = statSync(backup.file).size / 4096;
    const fd = openSync(backup.file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(pages / 2) * 4096);
    closeSync(fd);

    const dataDir = tempDir('ecr-current-');
    const current = seeded(dataDir, 5, 2);
    current.close();
    const bytes = readFileSync(journalFile(dataDir, 'simulator'));
    for (const force of [undefined, { reason: 'disk died', operator: 'maria' }]) {
      const refused = refusal(() => restoreJournal({ dataDir, environment: 'simulator', from: backup.file, clock: systemClock, ...(force ? { force } : {}) }));
      expect(refused.code).toBe('not-verified');
    }
    expect(readFileSync(journalFile(dataDir, 'simulator')).equals(bytes)).toBe(true);
    // No staging folder or moved file left behind (only SQLite's own side files of the read-only look).
    expect(readdirSync(dataDir).filter((name) => !/^journal-simulator\.sqlite(-wal|-shm)?$/.test(name))).toEqual([]);
  });
});

describe('restore over newer data', () => {
  it('is refused, allowed with --force and a reason, and recorded; the replaced journal is kept', async () => {
    const dataDir = tempDir('ecr-data-');
    const journal = seeded(dataDir, 20);
    const backup = ok(await createBackup({ journal, toDir: tempDir('ecr-backups-'), clock: systemClock }));
    // The till goes on after the backup: a new session the backup lacks.
    seedJournal(journal, { sessions: 1, days: 1, terminals: 1, startMs: Date.UTC(2026, 11, 5), random: seededRandom(9) });
    const newer = journal.head();
    journal.close();
    const bytes = readFileSync(journalFile(dataDir, 'simulator'));

    const refused = refusal(() => restoreJournal({ dataDir, environment: 'simulator', from: backup.file, clock: systemClock }));
    expect(refused.code).toBe('newer-data');
    expect(refused.message).toMatch(new RegExp(`holds ${newer.events} events; the backup ends at event ${backup.head.events}`));
    // What a Greek screen shows: the same refusal, its loss a phrase of the sentence, in Greek.
    expect(errorSentence(toIpcError(refused), 'el')).toBe(
      `Το αντίγραφο ασφαλείας δεν επαναφέρθηκε: Το τρέχον βιβλίο συναλλαγών έχει ${newer.events} συμβάντα· το αντίγραφο τελειώνει στο συμβάν ${backup.head.events}. ` +
        'Με την επαναφορά του, αυτό θα χανόταν. Για επαναφορά παρ’ όλα αυτά, δώστε --force --reason "..." (το τρέχον βιβλίο συναλλαγών φυλάσσεται δίπλα του).',
    );
    expect(readFileSync(journalFile(dataDir, 'simulator')).equals(bytes)).toBe(true);
    expect(existsSync(join(dataDir, RESTORE_LOG))).toBe(false);

    const forced = restoreJournal({ dataDir, environment: 'simulator', from: backup.file, clock: systemClock, force: { reason: 'till rolled back by support, ticket 12', operator: 'maria' } });
    expect(forced.head).toEqual(backup.head);
    expect(forced.forced).toEqual({ reason: 'till rolled back by support, ticket 12', operator: 'maria' });
    const restored = journalIn(dataDir);
    expect(restored.head()).toEqual(backup.head);
    expect(restored.verify().ok).toBe(true);
    restored.close();
    // Nothing deleted: the newer journal is kept beside, whole.
    expect(readFileSync(forced.previous?.movedTo as string).equals(bytes)).toBe(true);
    const log = readFileSync(join(dataDir, RESTORE_LOG), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ environment: 'simulator', head: backup.head, previous: { head: newer }, reason: 'till rolled back by support, ticket 12', operator: 'maria' });
  });

  it('a journal that forked from the backup (same length, other events) is newer data too', async () => {
    const dataDir = tempDir('ecr-data-');
    const journal = seeded(dataDir, 10, 1);
    const backup = ok(await createBackup({ journal, toDir: tempDir('ecr-backups-'), clock: systemClock }));
    journal.close();
    rmSync(journalFile(dataDir, 'simulator'));
    const other = seeded(dataDir, 10, 2);
    expect(other.head().events).toBe(backup.head.events);
    other.close();
    expect(refusal(() => restoreJournal({ dataDir, environment: 'simulator', from: backup.file, clock: systemClock })).code).toBe('newer-data');
  });

  it('a journal the backup contains (an older state) is restored without force', async () => {
    const dataDir = tempDir('ecr-data-');
    const journal = seeded(dataDir, 10);
    const older = journal.head();
    journal.close();
    const later = journalIn(dataDir);
    seedJournal(later, { sessions: 3, days: 1, terminals: 1, startMs: Date.UTC(2026, 11, 5), random: seededRandom(4) });
    const backup = ok(await createBackup({ journal: later, toDir: tempDir('ecr-backups-'), clock: systemClock }));
    later.close();
    // The till's file as it was before the 3 later sessions: the same seed writes the same 10.
    rmSync(journalFile(dataDir, 'simulator'));
    seeded(dataDir, 10).close();
    expect(journalIn(dataDir).head()).toEqual(older);
    journals.at(-1)?.close();
    expect(restoreJournal({ dataDir, environment: 'simulator', from: backup.file, clock: systemClock }).head).toEqual(backup.head);
  });

  it('is refused while a payment engine holds the journal, even with --force', async () => {
    h = await startedHarness();
    const backup = ok(await createBackup({ journal: h.journal, toDir: tempDir('ecr-backups-'), clock: systemClock }));
    const refused = refusal(() =>
      restoreJournal({ dataDir: h!.dir, environment: 'simulator', from: backup.file, clock: systemClock, force: { reason: 'x', operator: 'y' } }),
    );
    expect(refused.code).toBe('engine-running');
  });
});
