import type { Settings } from '../settings/schema.ts';
import { DEFAULT_BACKUP_RETENTION } from './retention.ts';

/** The daily backup's hour when none is set: late evening, after most shops close. */
export const DEFAULT_BACKUP_HOUR = 23;

export interface BackupSettings {
  folder: string;
  /** 0..23, the shop's local time. */
  hour: number;
  keep: number;
}

/** The backup part of the till's settings; null while no backup folder is set (backups off). */
export function backupSettingsOf(settings: Pick<Settings, 'backupFolder' | 'backupHour' | 'backupRetention'>): BackupSettings | null {
  if (!settings.backupFolder) return null;
  return { folder: settings.backupFolder, hour: settings.backupHour ?? DEFAULT_BACKUP_HOUR, keep: settings.backupRetention ?? DEFAULT_BACKUP_RETENTION };
}
