import { randomUUID } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Clock } from '../clock.ts';
import { isJournalError, journalFile, openJournal, processAlive, type ChainHead, type EngineLockHolder, type Journal, type JournalEnvironment, type ZReportRow } from '../journal/index.ts';
import { englishOf, type MessageRef } from '../../domain/messages.ts';
import { nullLogger, type Logger } from '../logger.ts';
import { BackupError, isBackupError } from './errors.ts';
import { openJournalCopy, verifyCopy } from './verify-copy.ts';

/** Beside the journals: one JSON line per restore, so a replaced journal is never a silent event. */
export const RESTORE_LOG = 'restores.log';

export interface RestoreOptions {
  dataDir: string;
  environment: JournalEnvironment;
  /** The backup file to restore. */
  from: string;
  clock: Clock;
  /** Restore although the current journal holds what the backup lacks (or cannot be read); the reason is recorded. */
  force?: { reason: string; operator: string };
  logger?: Logger;
  /** Whether a process of this machine is alive; the engine lock's own test (tests replace it). */
  isAlive?: (pid: number) => boolean;
}

export interface RestoreResult {
  file: string;
  from: string;
  head: ChainHead;
  /** The journal that was there before, or null when there was none. */
  previous: { head: ChainHead | null; movedTo: string } | null;
  forced: { reason: string; operator: string } | null;
  /** What the current journal held that the backup lacks (empty unless forced), in English: what `ecr restore --force` prints. */
  lost: string[];
}

/**
 * `ecr restore FROM`: puts a verified backup in place of the environment's journal.
 *
 * Newer data is never lost by accident. The chain decides what "holds events the backup lacks"
 * means: a head hashes every event before it, so the current journal holds nothing the backup
 * lacks exactly when its head (event n, hash h) is event n of the backup with hash h (or it has
 * no events), and every Z report it holds is in the backup too. A journal that went on from the
 * backup's point, or forked from it, or cannot be read, is refused unless forced with a reason.
 * Even then nothing is deleted: the replaced journal is moved aside beside it.
 *
 * Refused, whatever the force, while a payment engine holds the journal (the app, `ecr sale`);
 * and the restored file carries this process's engine lock until it has been verified in place,
 * so an engine that starts meanwhile waits rather than takes payments on a half-done restore.
 */
export function restoreJournal(options: RestoreOptions): RestoreResult {
  const { dataDir, environment, clock } = options;
  const logger = options.logger ?? nullLogger;
  const isAlive = options.isAlive ?? processAlive;
  const from = resolve(options.from);
  if (options.force && options.force.reason.trim() === '') throw new BackupError('invalid-input', { id: 'backup.force-needs-reason' });
  if (!existsSync(from) || !statSync(from).isFile()) throw new BackupError('not-a-backup', { id: 'backup.no-file', params: { file: from } });
  mkdirSync(dataDir, { recursive: true });
  const target = journalFile(dataDir, environment);
  const owner = { id: `restore-${randomUUID()}`, pid: process.pid, host: hostname() };

  const current = inspectCurrent(target, dataDir, environment, isAlive);
  const staging = join(dataDir, `.restore-${randomUUID()}`);
  mkdirSync(staging);
  try {
    const staged = journalFile(staging, environment);
    copyFileSync(from, staged);
    const backup = openJournalCopy(staging, environment, { readOnly: false });
    let head: ChainHead;
    let lost: MessageRef[];
    try {
      head = verifyCopy(backup);
      lost = current.kind === 'readable' ? lacking(backup, current.head, current.zReports) : current.kind === 'unreadable' ? [current.problem] : [];
      if (lost.length > 0 && !options.force) throw new BackupError(current.kind === 'unreadable' ? 'current-unreadable' : 'newer-data', notRestored(lost));
      // Whatever lock the copy carries is the past's; this restore's own holds off a starting engine.
      const taken = backup.acquireEngineLock(owner, { nowMs: clock.now(), isAlive: () => false, isStale: () => true });
      if (!taken.acquired) throw new BackupError('restore-failed', { id: 'backup.lock-not-taken' });
    } finally {
      backup.close();
    }

    const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '');
    const movedTo = current.kind === 'missing' ? null : `${target}.replaced-${stamp}`;
    if (movedTo) moveWithSideFiles(target, movedTo);
    moveWithSideFiles(staged, target);
    try {
      const restored = openJournal({ dataDir, environment, integrityCheck: 'open', logger });
      try {
        verifyCopy(restored, head);
        restored.releaseEngineLock(owner.id);
      } finally {
        restored.close();
      }
    } catch (error) {
      // Put the previous journal back: a restore that cannot be verified in place did not happen.
      moveWithSideFiles(target, `${target}.failed-restore-${stamp}`);
      if (movedTo) moveWithSideFiles(movedTo, target);
      throw new BackupError('restore-failed', { id: 'backup.put-back', detail: `(${(error as Error).message})` }, { cause: error });
    }

    const result: RestoreResult = {
      file: target,
      from,
      head,
      previous: movedTo ? { head: current.kind === 'readable' ? current.head : null, movedTo } : null,
      forced: options.force && lost.length > 0 ? options.force : null,
      // In English, as `ecr restore --force` prints what it set aside.
      lost: lost.map(englishOf),
    };
    appendFileSync(join(dataDir, RESTORE_LOG), `${JSON.stringify({ at: new Date(clock.now()).toISOString(), environment, ...result, ...(options.force ? { reason: options.force.reason, operator: options.force.operator } : {}) })}\n`, { flush: true });
    logger.warn('journal restored from a backup', { environment, from, events: head.events, forced: result.forced !== null, lost: lost.length });
    return result;
  } catch (error) {
    if (isBackupError(error)) throw error;
    throw new BackupError('restore-failed', { id: 'backup.restore-failed', detail: (error as Error).message }, { cause: error });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

type CurrentJournal =
  | { kind: 'missing' }
  | { kind: 'readable'; head: ChainHead; zReports: ZReportRow[] }
  | { kind: 'unreadable'; problem: MessageRef };

function inspectCurrent(target: string, dataDir: string, environment: JournalEnvironment, isAlive: (pid: number) => boolean): CurrentJournal {
  if (!existsSync(target)) return { kind: 'missing' };
  let journal: Journal;
  try {
    journal = openJournal({ dataDir, environment, readOnly: true, integrityCheck: 'open' });
  } catch (error) {
    if (isJournalError(error, 'corrupt') || isJournalError(error, 'cannot-open')) {
      return { kind: 'unreadable', problem: { id: 'backup.lost.current-unreadable', detail: `(${(error as Error).message})` } };
    }
    throw error;
  }
  try {
    const holder = journal.engineLockHolder();
    if (holder && engineAlive(holder, isAlive)) {
      throw new BackupError('engine-running', { id: 'backup.engine-running', params: { pid: holder.pid, host: holder.host, environment } });
    }
    if (!journal.integrity.ok) return { kind: 'unreadable', problem: { id: 'backup.lost.current-damaged', detail: `(${journal.integrity.problems[0] ?? 'quick_check failed'})` } };
    try {
      return { kind: 'readable', head: journal.head(), zReports: journal.zReports() };
    } catch (error) {
      if (isJournalError(error, 'corrupt')) return { kind: 'unreadable', problem: { id: 'backup.lost.current-unreadable', detail: `(${error.message})` } };
      throw error;
    }
  } finally {
    journal.close();
  }
}

/** Another machine's engine cannot be asked whether it lives: its lock is respected. */
function engineAlive(holder: EngineLockHolder, isAlive: (pid: number) => boolean): boolean {
  return holder.host !== hostname() || isAlive(holder.pid);
}

/** What the current journal holds that the backup does not: empty when the backup contains it all. */
function lacking(backup: Journal, head: ChainHead, zReports: readonly ZReportRow[]): MessageRef[] {
  const lost: MessageRef[] = [];
  if (head.events > 0) {
    // An anchor is exactly "event n still has hash h": the backup's chain contains the current one.
    const contained = backup.verify({ anchors: [{ events: head.events, head: head.head, label: 'the current journal\'s head' }], projection: false, integrity: false });
    if (!contained.ok) {
      const backupHead = backup.head();
      lost.push(
        backupHead.events < head.events
          ? { id: 'backup.lost.events', params: { events: head.events, backupEvents: backupHead.events } }
          : { id: 'backup.lost.diverged', params: { events: head.events } },
      );
    }
  }
  const backupZ = new Map(backup.zReports().map((z) => [z.number, z]));
  const missing = zReports.filter((z) => {
    const b = backupZ.get(z.number);
    return !b || b.businessDay !== z.businessDay || b.anchor.head !== z.anchor.head;
  });
  if (missing.length > 0) lost.push({ id: 'backup.lost.z-reports', params: { reports: missing.map((z) => `${z.number} (${z.businessDay})`).join(', ') } });
  return lost;
}

/**
 * The refusal of a restore that would lose something: each loss is a phrase of the sentence (at
 * most two: the chain and the Z reports; or the current journal could not be compared), their
 * params side by side, their technical detail (SQLite's words) English-only at the end.
 */
function notRestored(lost: readonly MessageRef[]): MessageRef {
  const [first, second] = lost as [MessageRef, MessageRef | undefined];
  const params = { ...first.params, ...second?.params, lostPhrase: first.id, ...(second ? { alsoPhrase: second.id } : {}) };
  const detail = lost.flatMap((l) => (l.detail ? [l.detail] : [])).join(' ');
  return { id: second ? 'backup.not-restored-both' : 'backup.not-restored', params, ...(detail ? { detail } : {}) };
}

/** Renames a SQLite file with its -wal, -shm and -journal files (a restore from a backup or from the head office). */
export function moveWithSideFiles(from: string, to: string): void {
  renameSync(from, to);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
  }
}
