import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalFile } from '../../../electron/core/journal/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { runEcr, startEcr } from './run-ecr.ts';

/**
 * Issue 9 item 2: `ecr sale` printed "sent; waiting for the customer" and exited 1 ("failed call",
 * an invitation to charge again) while the simulator recorded the charge. A payment that was sent
 * never exits 1; while its outcome is not journaled it exits 3 and says what to do.
 */
const ENGINE = { pollIntervalMs: 20, firstPollDelayMs: 5, deadlineMs: 20_000, abortGraceMs: 150, backgroundTickMs: 25, unknownRetryMs: 50 };
const HOLDER = join(import.meta.dirname, '../local-faults/write-lock-holder.ts');

let simulator: RunningSimulator;
let dir: string;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0, customerTimeMs: 1_500, sessionLifetimeMs: 30_000, early404Ms: 50 });
  dir = mkdtempSync(join(tmpdir(), 'ecr-truthful-'));
});
afterAll(async () => {
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A second process holding SQLite's write lock on the journal until released (as another program would). */
function holdWriteLock(file: string): Promise<{ release(): Promise<void> }> {
  const child = spawn(process.execPath, [HOLDER, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout.once('data', () =>
      resolve({
        release: () =>
          new Promise((done) => {
            child.on('close', () => done());
            child.stdin.write('go\n');
          }),
      }),
    );
  });
}

describe('exit codes that tell the truth about money', () => {
  it('a sale whose outcome the journal cannot record exits 3 with what to do, and recover writes the real outcome', { timeout: 90_000 }, async () => {
    const urls = ['--api-url', simulator.url, '--accounts-url', simulator.url];
    const env = { ECR_DATA_DIR: dir, ECR_ENGINE_CONFIG: JSON.stringify(ENGINE), ECR_CASH_REGISTER: 'REG-TRUTH' };
    const selling = startEcr(['sale', '--amount', '12.50', '--terminal', '16000001', '--json', ...urls], env);
    await selling.waitForStderr(/pending: waiting for the customer/);
    const lock = await holdWriteLock(journalFile(dir, 'simulator'));
    const result = await selling.done;
    await lock.release();

    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/is known, but the journal could not record it/);
    expect(result.stderr).toMatch(/ecr recover/);
    const { sessionId } = JSON.parse(result.stdout) as { sessionId: string; state: string };
    expect(JSON.parse(result.stdout)).toMatchObject({ state: 'approved' });
    expect(simulator.control.ledger()).toMatchObject({ charges: 1 });

    const db = new Database(journalFile(dir, 'simulator'), { readonly: true });
    const stored = () => db.prepare<[string], { state: string }>('SELECT state FROM sessions WHERE session_id = ?').get(sessionId)?.state;
    expect(stored()).toBe('pending'); // the till knew; the disk did not
    const recover = await runEcr(['recover', '--json', ...urls], env);
    expect(recover.code, recover.stderr).toBe(0);
    expect(stored()).toBe('approved');
    db.close();
    expect(simulator.control.ledger()).toMatchObject({ charges: 1 });
  });
});
