import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../../electron/core/journal/index.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { runEcr } from '../cli/run-ecr.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-cli-backup-'));
  dirs.push(dir);
  return dir;
}

function addSessions(dataDir: string, sessions: number, seed: number): void {
  const journal = openJournal({ dataDir, environment: 'simulator' });
  seedJournal(journal, { sessions, days: 1, terminals: 1, startMs: Date.UTC(2026, 10, 1 + seed), random: seededRandom(seed) });
  journal.close();
}

describe('ecr backup and ecr restore', () => {
  it('exit codes and messages: backup 0, restore over newer data 1 until --force --reason, bad arguments 1', async () => {
    const dataDir = tempDir();
    const backups = tempDir();
    const env = { ECR_DATA_DIR: dataDir };
    addSessions(dataDir, 5, 1);

    const backup = await runEcr(['backup', '--to', backups, '--json'], env);
    expect(backup.code, backup.stderr).toBe(0);
    const made = JSON.parse(backup.stdout);
    expect(made).toMatchObject({ ok: true, trigger: 'manual' });
    expect(readdirSync(backups)).toEqual([made.file.split('/').at(-1)]);
    expect((await runEcr(['backup', '--to', backups], env)).stdout).toMatch(/^Backed up and verified: .*journal-simulator-.*\.sqlite \(\d+ events/);

    expect((await runEcr(['backup'], env))).toMatchObject({ code: 1, stderr: expect.stringMatching(/--to is required/) });
    const unwritable = await runEcr(['backup', '--to', join(made.file, 'inside-a-file'), '--json'], env);
    expect(unwritable.code).toBe(1);
    expect(JSON.parse(unwritable.stdout)).toMatchObject({ ok: false, error: { code: 'folder-unwritable' } });

    addSessions(dataDir, 1, 2);
    const refused = await runEcr(['restore', made.file, '--json'], env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'newer-data' } });
    expect(refused.stderr).toMatch(/the backup ends at event .*--force --reason/);
    expect(await runEcr(['restore', made.file, '--force'], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--force needs --reason/) });

    const forced = await runEcr(['restore', made.file, '--force', '--reason', 'support ticket 9', '--operator', 'maria'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/Journal restored and verified: .* now holds \d+ events/);
    expect(forced.stdout).toMatch(/kept as .*journal-simulator\.sqlite\.replaced-/);
    expect(readdirSync(dataDir)).toContain('restores.log');

    const verify = await runEcr(['journal', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(await runEcr(['restore', join(backups, 'missing.sqlite')], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/no backup file/) });
  }, 90_000); // a dozen `ecr` processes, each a Node start-up: seconds apiece on a loaded machine
});
