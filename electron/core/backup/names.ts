import type { JournalEnvironment } from '../journal/index.ts';

/**
 * A backup's file name says what it holds without opening it: the environment (training data
 * never mixes with real money), when it was taken (UTC) and the chain's head (its first 12 hex
 * digits); one taken at Close day also names the Z report, which retention keeps for ever.
 * `journal-production-2026-12-01T101500Z-1f3a9c0b2d4e-z12.sqlite`
 */
export interface BackupName {
  environment: JournalEnvironment;
  /** UTC, to the second: the sort key of retention. */
  takenAt: Date;
  head12: string;
  zNumber: number | null;
}

const PATTERN = /^journal-(simulator|demo|production)-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z-([0-9a-f]{12})(?:-z(\d+))?\.sqlite$/;

export function backupFileName(name: Omit<BackupName, 'takenAt'> & { takenAtMs: number }): string {
  const stamp = new Date(name.takenAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '');
  return `journal-${name.environment}-${stamp}-${name.head12}${name.zNumber === null ? '' : `-z${name.zNumber}`}.sqlite`;
}

/** Undefined for anything that is not a backup's name (temporary files, other programs' files). */
export function parseBackupFileName(fileName: string): BackupName | undefined {
  const match = PATTERN.exec(fileName);
  if (!match) return undefined;
  const [, environment, y, mo, d, h, mi, s, head12, z] = match as unknown as string[];
  const takenAt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (Number.isNaN(takenAt.getTime())) return undefined;
  return { environment: environment as JournalEnvironment, takenAt, head12: head12 as string, zNumber: z === undefined ? null : Number(z) };
}
