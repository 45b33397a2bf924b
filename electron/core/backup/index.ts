/**
 * Verified backups of the journal and restores from them (issue 13 §1): what the core, the CLI
 * and main import.
 */
export { createBackup, type BackupResult, type BackupTrigger, type CreateBackupOptions } from './create-backup.ts';
export { restoreJournal, RESTORE_LOG, type RestoreOptions, type RestoreResult } from './restore.ts';
export { createBackupSchedule, type BackupFailure, type BackupSchedule, type BackupScheduleOptions } from './schedule.ts';
export { backupSettingsOf, DEFAULT_BACKUP_HOUR, type BackupSettings } from './settings.ts';
export { DEFAULT_BACKUP_RETENTION, pruneBackups } from './retention.ts';
export { backupFileName, parseBackupFileName, type BackupName } from './names.ts';
export { BackupError, isBackupError, type BackupErrorCode } from './errors.ts';
