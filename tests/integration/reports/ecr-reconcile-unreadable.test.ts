import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { openJournal } from '../../../electron/core/journal/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { journalSession } from '../../unit/reports/helpers.ts';
import { runEcr } from '../cli/run-ecr.ts';

/**
 * `ecr reconcile` when one entry of Viva's day list does not parse: the reconciliation is still
 * against Viva (exit 2: an open difference), not the journal alone (exit 3), and the other
 * records still match (issue 10 §2).
 */
const DAY = '2026-03-10';
let dir: string;
let simulator: RunningSimulator;
let ids: { matched: string; unreadable: string };

const env = () => ({ TZ: 'UTC', USER: 'tester' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-cli-unreadable-'));
  simulator = await startSimulator({ port: 0 });
  const clock = manualClock(Date.parse('2026-03-10T08:00:00Z'));
  const journal = openJournal({ dataDir: dir, environment: 'simulator', clock, businessDay: { timeZone: 'UTC', cutoffHour: 0 } });
  try {
    const matched = journalSession(journal, clock, { at: '2026-03-10T09:00:00Z', amount: 1250, outcome: 'approved' });
    const unreadable = journalSession(journal, clock, { at: '2026-03-10T10:00:00Z', amount: 990, outcome: 'approved' });
    for (const [record, unreadableInList] of [
      [matched, false],
      [unreadable, true],
    ] as const) {
      simulator.control.seedSession({
        sessionId: record.sessionId,
        terminalId: record.terminalId,
        cashRegisterId: record.cashRegisterId,
        amount: record.amount,
        createdAt: record.createdAt,
        outcome: 'approved',
        unreadableInList,
      });
    }
    ids = { matched: matched.sessionId, unreadable: unreadable.sessionId };
  } finally {
    journal.close();
  }
});

afterAll(async () => {
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ecr reconcile with an unreadable Viva record', () => {
  it('exits 2 with the unreadable record as its own difference, the rest matched', async () => {
    const run = await runEcr(['reconcile', '--date', DAY, '--json', '--data-dir', dir, '--api-url', simulator.url], env());
    expect(run.code, run.stderr).toBe(2);
    const result = JSON.parse(run.stdout) as { source: string; matched: number; differences: { id: string }[] };
    expect(result).toMatchObject({ source: 'viva', matched: 1 });
    expect(result.differences.map((d) => d.id)).toEqual([`viva-unreadable:${ids.unreadable}`]);
  });
});
