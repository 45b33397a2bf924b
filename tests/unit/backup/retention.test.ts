import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFileName, parseBackupFileName, pruneBackups } from '../../../electron/core/backup/index.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const DAY = 24 * 60 * 60 * 1000;
const head = (n: number) => `${n.toString(16).padStart(12, '0')}${'f'.repeat(52)}`;

describe('backup names', () => {
  it('say environment, UTC time to the second, head and Z report, and read back', () => {
    const name = backupFileName({ environment: 'simulator', takenAtMs: Date.UTC(2026, 11, 1, 10, 15, 0, 123), head12: 'abcdef012345', zNumber: null });
    expect(name).toBe('journal-simulator-2026-12-01T101500Z-abcdef012345.sqlite');
    expect(parseBackupFileName(name)).toEqual({ environment: 'simulator', takenAt: new Date(Date.UTC(2026, 11, 1, 10, 15)), head12: 'abcdef012345', zNumber: null });
    expect(parseBackupFileName(backupFileName({ environment: 'production', takenAtMs: 0, head12: '000000000000', zNumber: 12 }))?.zNumber).toBe(12);
    for (const other of ['journal-simulator.sqlite', 'journal-simulator-2026-12-01T101500Z-abcdef01234.sqlite', 'notes.txt', 'journal-test-2026-12-01T101500Z-abcdef012345.sqlite']) {
      expect(parseBackupFileName(other)).toBeUndefined();
    }
  });
});

describe('retention', () => {
  it('keeps the newest N plus every Z day (by name or by a Z report head), and never touches other files', () => {
    dir = mkdtempSync(join(tmpdir(), 'ecr-retention-'));
    const start = Date.UTC(2026, 0, 1, 23);
    const names = Array.from({ length: 10 }, (_, i) =>
      backupFileName({ environment: 'simulator', takenAtMs: start + i * DAY, head12: head(i).slice(0, 12), zNumber: i === 1 ? 1 : null }),
    );
    const foreign = ['journal-production-2026-01-01T230000Z-000000000000.sqlite', 'my-notes.txt'];
    for (const name of [...names, ...foreign]) writeFileSync(join(dir, name), '');

    const removed = pruneBackups(dir, { environment: 'simulator', keep: 3, zHeads: [head(4)] });
    // Kept: the 3 newest (7, 8, 9), the Close-day one (1) and the one whose head is a Z report's (4).
    const kept = [1, 4, 7, 8, 9].map((i) => names[i]);
    expect(readdirSync(dir).sort()).toEqual([...kept, ...foreign].sort());
    expect(removed.map((file) => file.split('/').at(-1)).sort()).toEqual([0, 2, 3, 5, 6].map((i) => names[i]).sort());
  });
});
