import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { journalFile, openJournal } from '../../../electron/core/journal/database.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'write-ahead-child.ts');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the child, waits for a line starting with `line` on its stdout (plus `delayMs`), SIGKILLs it, waits for it to die. */
async function killAfter(args: string[], line: string, delayMs = 0): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').some((l) => l.startsWith(line))) setTimeout(resolve, delayMs);
    });
    child.on('exit', () => reject(new Error(`child exited before "${line}": ${errors}`)));
  });
  if (child.pid === undefined) throw new Error('child has no pid');
  process.kill(child.pid, 'SIGKILL');
  return { signal: await exited, output };
}

describe('write-ahead durability across a crash', () => {
  it('keeps the created session of a process killed with SIGKILL right after createSession returned', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-crash-'));
    dirs.push(dataDir);
    const { signal } = await killAfter([dataDir, 'crash-sale-1'], 'written');
    expect(signal).toBe('SIGKILL');
    // The process never closed the database: what it wrote is still only in the WAL.
    expect(fs.existsSync(`${journalFile(dataDir, 'production')}-wal`)).toBe(true);

    const journal = openJournal({ dataDir, environment: 'production', businessDay: { timeZone: 'Europe/Athens', cutoffHour: 4 } });
    try {
      expect(journal.getSession('crash-sale-1')).toMatchObject({ state: 'dispatching', amount: 4250, merchantReference: 'write-ahead' });
      expect(journal.openSessions().map((s) => s.sessionId)).toEqual(['crash-sale-1']);
      expect(journal.verify()).toMatchObject({ ok: true, events: 2, sessions: 1 });
    } finally {
      journal.close();
    }
  });

  it('keeps every committed transaction and none of the one that was cut off, with a valid chain', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-crash-'));
    dirs.push(dataDir);
    const { output } = await killAfter([dataDir, 'crash-sale-2', 'import'], 'committed', 150);
    expect(output).not.toContain('imported');
    const committed = Math.max(...output.split('\n').filter((l) => l.startsWith('committed ')).map((l) => Number(l.slice(10))));

    const journal = openJournal({ dataDir, environment: 'production', businessDay: { timeZone: 'Europe/Athens', cutoffHour: 4 } });
    try {
      expect(journal.getSession('crash-sale-2')?.state).toBe('dispatching');
      const result = journal.verify();
      expect(result.ok).toBe(true);
      // Whole transactions only: the crash-sale, then 5,000-session batches, never part of one.
      const sessions = result.ok ? (result.sessions ?? 0) : 0;
      expect((sessions - 1) % 5000).toBe(0);
      expect(sessions - 1).toBeGreaterThanOrEqual(committed);
      // And the journal carries on: the next event chains onto what survived.
      const before = journal.head().events;
      journal.append('crash-sale-2', { type: 'dispatch-uncertain', errorClass: 'crash' });
      expect(journal.verify({ projection: false })).toMatchObject({ ok: true, events: before + 1 });
    } finally {
      journal.close();
    }
  });
});
