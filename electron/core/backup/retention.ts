import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEnvironment } from '../journal/index.ts';
import { parseBackupFileName } from './names.ts';

export const DEFAULT_BACKUP_RETENTION = 30;

/**
 * Which backups of one environment to delete: all but the newest `keep`, except a Z day's
 * (taken at Close day, or whose head is a Z report's head), which are kept for ever: they are
 * what a closed day can be proved from. Files that are not backups (another environment's, a
 * user's own) are never touched. Returns the removed files.
 */
export function pruneBackups(dir: string, options: { environment: JournalEnvironment; keep: number; zHeads: readonly string[] }): string[] {
  const zHeads = new Set(options.zHeads.map((head) => head.slice(0, 12)));
  const backups = readdirSync(dir)
    .map((name) => ({ name, parsed: parseBackupFileName(name) }))
    .filter((b): b is { name: string; parsed: NonNullable<typeof b.parsed> } => b.parsed?.environment === options.environment)
    // Newest first; the name breaks a tie of the same second so the order is stable.
    .sort((a, b) => b.parsed.takenAt.getTime() - a.parsed.takenAt.getTime() || (a.name < b.name ? 1 : -1));
  const removed: string[] = [];
  for (const [index, backup] of backups.entries()) {
    if (index < options.keep || backup.parsed.zNumber !== null || zHeads.has(backup.parsed.head12)) continue;
    const file = join(dir, backup.name);
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}
