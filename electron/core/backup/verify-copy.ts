import { isJournalError, openJournal, type ChainHead, type Journal, type JournalEnvironment } from '../journal/index.ts';
import { BackupError } from './errors.ts';

/**
 * What makes a copy of the journal count as a backup (or a file fit to restore): SQLite opens it,
 * its quick_check passes (at open), and the journal's own verify() passes on it: integrity_check,
 * the whole hash chain, every session against its events, every Z report's head still in the
 * chain. With `expected`, its head must also be exactly that one (the journal's at backup time).
 *
 * The copy must be named as a journal (journal-<env>.sqlite) in a folder of its own: openJournal
 * finds a journal by its folder, and SQLite's side files (-wal, -shm) then stay in that folder.
 */
export function openJournalCopy(dir: string, environment: JournalEnvironment, options: { readOnly: boolean }): Journal {
  try {
    return openJournal({ dataDir: dir, environment, integrityCheck: 'open', ...(options.readOnly ? { readOnly: true } : {}) });
  } catch (error) {
    if (isJournalError(error, 'wrong-environment') || isJournalError(error, 'corrupt') || isJournalError(error, 'newer-schema') || isJournalError(error, 'cannot-open')) {
      throw new BackupError('not-verified', { id: 'backup.copy-not-a-journal', params: { environment }, detail: (error as Error).message }, { cause: error });
    }
    throw error;
  }
}

export function verifyCopy(journal: Journal, expected?: ChainHead): ChainHead {
  const integrity = journal.integrity;
  if (!integrity.ok) {
    throw new BackupError('not-verified', { id: 'backup.copy-damaged', detail: `${integrity.problems.slice(0, 3).join('; ')}.` });
  }
  let result;
  try {
    result = journal.verify();
  } catch (error) {
    if (isJournalError(error)) throw new BackupError('not-verified', { id: 'backup.copy-unreadable', detail: error.message }, { cause: error });
    throw error;
  }
  if (!result.ok) {
    const broken = result.firstBroken;
    throw new BackupError('not-verified', { id: 'backup.copy-broken', params: { event: broken.eventId ?? '-', reason: broken.reason }, detail: broken.detail });
  }
  if (expected && (result.events !== expected.events || result.head !== expected.head)) {
    throw new BackupError('not-verified', {
      id: 'backup.copy-head-differs',
      params: { events: result.events, head: result.head.slice(0, 12), expectedEvents: expected.events, expectedHead: expected.head.slice(0, 12) },
    });
  }
  return { events: result.events, head: result.head };
}
