import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, accessSync, constants, openSync, fsyncSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../clock.ts';
import { journalFile, type ChainHead, type Journal } from '../journal/index.ts';
import { nullLogger, type Logger } from '../logger.ts';
import { BackupError, isBackupError, type BackupErrorCode } from './errors.ts';
import { backupFileName } from './names.ts';
import { DEFAULT_BACKUP_RETENTION, pruneBackups } from './retention.ts';
import { openJournalCopy, verifyCopy } from './verify-copy.ts';

export type BackupTrigger = 'manual' | 'close-day' | 'daily';

/** What a caller shows (End of day, an attention item, the CLI): when, where, and ok or why not. */
export type BackupResult =
  | { ok: true; trigger: BackupTrigger; at: string; file: string; head: ChainHead; removed: string[] }
  | { ok: false; trigger: BackupTrigger; at: string; file: null; error: { code: BackupErrorCode; message: string } };

export interface CreateBackupOptions {
  journal: Journal;
  toDir: string;
  clock: Clock;
  logger?: Logger;
  trigger?: BackupTrigger;
  /** How many backups to keep besides the Z days' (retention.ts); default 30. */
  keep?: number;
  /** The Z report this backup is taken for (Close day): it is then kept for ever. */
  zNumber?: number;
}

/**
 * One verified backup of the journal into `toDir`: SQLite's online backup on the journal's own
 * connection (Journal.backupTo) into a folder of its own, turned into a self-contained file
 * (rollback journal, so it reads from a read-only stick with no -wal or -shm beside it),
 * verified (verify-copy.ts) against the head the journal had when the copy finished, and only
 * then renamed into place: a file with a backup's name is always a verified one. Then retention.
 *
 * Never throws and never writes to the journal: a failed backup is a result to show, and a
 * payment or a Close day never waits for one or fails because of one.
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const { journal, clock } = options;
  const logger = options.logger ?? nullLogger;
  const trigger = options.trigger ?? 'manual';
  const at = new Date(clock.now()).toISOString();
  let staging: string | undefined;
  try {
    if (typeof options.toDir !== 'string' || options.toDir.trim() === '') throw new BackupError('no-folder', { id: 'backup.no-folder' });
    const toDir = resolve(options.toDir);
    staging = prepareFolder(toDir);
    const copy = journalFile(staging, journal.environment);
    let head: ChainHead;
    try {
      head = await journal.backupTo(copy);
    } catch (error) {
      throw new BackupError('backup-failed', { id: 'backup.copy-failed', params: { folder: toDir }, detail: (error as Error).message }, { cause: error });
    }
    selfContained(copy);
    const verified = openJournalCopy(staging, journal.environment, { readOnly: true });
    try {
      verifyCopy(verified, head);
    } finally {
      verified.close();
    }
    const file = join(toDir, backupFileName({ environment: journal.environment, takenAtMs: clock.now(), head12: head.head.slice(0, 12), zNumber: options.zNumber ?? null }));
    renameSync(copy, file);
    syncFolder(toDir);
    const removed = pruneBackups(toDir, {
      environment: journal.environment,
      keep: options.keep ?? DEFAULT_BACKUP_RETENTION,
      zHeads: journal.zReports().map((z) => z.anchor.head),
    });
    logger.info('journal backed up', { file, trigger, events: head.events, removed: removed.length });
    return { ok: true, trigger, at, file, head, removed };
  } catch (error) {
    const coded = isBackupError(error) ? error : new BackupError('backup-failed', { id: 'backup.failed', detail: (error as Error)?.message ?? String(error) }, { cause: error });
    logger.error('journal backup failed', { trigger, code: coded.code, message: coded.message });
    return { ok: false, trigger, at, file: null, error: { code: coded.code, message: coded.message } };
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

function prepareFolder(toDir: string): string {
  try {
    mkdirSync(toDir, { recursive: true });
    accessSync(toDir, constants.W_OK);
    const staging = join(toDir, `.backup-in-progress-${randomUUID()}`);
    mkdirSync(staging);
    return staging;
  } catch (error) {
    throw new BackupError('folder-unwritable', { id: 'backup.folder-unwritable', params: { folder: toDir }, detail: `(${(error as Error).message})` }, { cause: error });
  }
}

/** The copy carries the journal's WAL flag in its header; a rollback-journal file stands alone. */
function selfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** The rename is durable only once the folder's entry is on disk too (where the platform allows). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; its rename is durable on its own.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
