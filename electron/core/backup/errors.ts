import { CodedError } from '../../domain/coded-error.ts';

/**
 * Every refusal of a backup or a restore is a BackupError with a stable `code` the CLI, IPC and
 * tests switch on, and a message a person can act on. A refused restore changed nothing. A
 * CodedError like every error the till means, so the CLI and IPC keep its code without a list.
 */
export type BackupErrorCode =
  /** No backup folder was given or set. */
  | 'no-folder'
  /** The backup folder cannot be created or written (a USB stick removed, a NAS share offline, permissions). */
  | 'folder-unwritable'
  /** SQLite's backup itself failed (the journal could not be read, the disk filled up...). */
  | 'backup-failed'
  /** The copy failed its verification (quick_check, the hash chain, the head): it does not count. */
  | 'not-verified'
  /** The file to restore is missing or is not a readable journal of this environment. */
  | 'not-a-backup'
  /** The current journal holds events or Z reports the backup lacks: restoring would lose them. */
  | 'newer-data'
  /** The current journal cannot be read, so what it holds cannot be compared with the backup. */
  | 'current-unreadable'
  /** A payment engine (the app, `ecr sale`) holds the journal. */
  | 'engine-running'
  /** The restored journal failed its check after the swap; the previous journal was put back. */
  | 'restore-failed'
  /** A malformed argument (a reason missing with --force...). */
  | 'invalid-input';

export class BackupError extends CodedError<BackupErrorCode> {
  override name = 'BackupError';
}

export function isBackupError(error: unknown, code?: BackupErrorCode): error is BackupError {
  return error instanceof BackupError && (code === undefined || error.code === code);
}
