import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../electron/core/clock.ts';
import { journalFile, openJournal } from '../../../electron/core/journal/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { journalSession } from '../../unit/reports/helpers.ts';
import { runEcr } from '../cli/run-ecr.ts';

/**
 * The three end-of-day commands through the real `ecr` binary, on a journal file prepared here
 * and the simulator as Viva. TZ=UTC makes the CLI's business day the UTC calendar day.
 */
const DAY = '2026-03-10';
let dir: string;
let simulator: RunningSimulator;
let ids: { sale: string; declinedButPaid: string; unknown: string };

const env = () => ({ TZ: 'UTC', USER: 'tester' });
const ecr = (...args: string[]) => runEcr([...args, '--data-dir', dir, '--api-url', simulator.url], env());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-cli-reports-'));
  simulator = await startSimulator({ port: 0 });
  const clock = manualClock(Date.parse('2026-03-10T08:00:00Z'));
  const journal = openJournal({ dataDir: dir, environment: 'simulator', clock, businessDay: { timeZone: 'UTC', cutoffHour: 0 } });
  try {
    const sale = journalSession(journal, clock, { at: '2026-03-10T09:00:00Z', amount: 1250, tip: 50, outcome: 'approved', reference: '=cmd|calc' });
    const declinedButPaid = journalSession(journal, clock, { at: '2026-03-10T10:00:00Z', amount: 990, outcome: 'declined' });
    const unknown = journalSession(journal, clock, { at: '2026-03-10T11:00:00Z', amount: 700, outcome: 'unknown' });
    for (const [record, outcome] of [
      [sale, 'approved'],
      [declinedButPaid, 'approved'],
      [unknown, 'declined'],
    ] as const) {
      simulator.control.seedSession({
        sessionId: record.sessionId,
        terminalId: record.terminalId,
        cashRegisterId: record.cashRegisterId,
        amount: record.amount + record.tipAmount,
        tipAmount: record.tipAmount,
        createdAt: record.createdAt,
        outcome,
      });
    }
    ids = { sale: sale.sessionId, declinedButPaid: declinedButPaid.sessionId, unknown: unknown.sessionId };
    // A few sessions on other days of the month, for the range export.
    for (const d of ['02', '15', '28']) journalSession(journal, clock, { at: `2026-03-${d}T12:00:00Z`, amount: 100, outcome: 'approved' });
  } finally {
    journal.close();
  }
});

afterAll(async () => {
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ecr reconcile, close-day and report', () => {
  it('reconciles against Viva, and falls back to the journal alone when Viva is unreachable', async () => {
    const run = await ecr('reconcile', '--date', DAY, '--json');
    expect(run.code, run.stderr).toBe(2);
    const result = JSON.parse(run.stdout);
    expect(result.differences.map((d: { id: string }) => d.id).sort()).toEqual([`state-mismatch:${ids.declinedButPaid}`, `state-mismatch:${ids.unknown}`].sort());
    expect(result).toMatchObject({ source: 'viva', matched: 1, open: 2 });

    const text = await ecr('reconcile', '--date', DAY);
    expect(text.stdout).toContain(`state-mismatch:${ids.declinedButPaid}`);
    expect(text.stdout).toContain('1 matched, 2 open differences');

    const offline = await runEcr(['reconcile', '--date', DAY, '--data-dir', dir, '--api-url', 'http://127.0.0.1:9'], env());
    expect(offline.code, offline.stderr).toBe(3);
    expect(offline.stdout).toContain('this is the journal alone');
    expect(offline.stdout).toContain(ids.unknown);
  });

  it('refuses to close with an unknown payment, closes with an override, and reproduces the Z report byte for byte', async () => {
    const refused = await ecr('close-day', '--date', DAY);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(ids.unknown);
    expect(refused.stderr).toContain('unknown outcome');
    const noReason = await ecr('close-day', '--date', DAY, '--override-unknown');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('--reason');

    const closed = await ecr('close-day', '--date', DAY, '--override-unknown', '--reason', 'Terminal stolen; Viva ticket 77', '--operator', 'maria');
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toContain(`Business day ${DAY} closed: Z report 1`);
    expect(closed.stdout).toContain('13.00 EUR');

    const first = join(dir, 'z1.json');
    const second = join(dir, 'z1-again.json');
    expect((await ecr('report', '--date', DAY, '--format', 'json', '--out', first)).code).toBe(0);
    await ecr('reconcile', '--date', DAY); // later activity must not move the closed report
    expect((await ecr('report', '--date', DAY, '--format', 'json', '--out', second)).code).toBe(0);
    expect(readFileSync(second)).toEqual(readFileSync(first));
    const report = JSON.parse(readFileSync(first, 'utf8'));
    expect(report).toMatchObject({ status: 'closed', z: { number: 1, override: { reason: 'Terminal stolen; Viva ticket 77', operator: 'maria' } }, integrity: { status: 'intact' } });

    const html = await ecr('report', '--date', DAY, '--format', 'html');
    expect(html.stdout).toContain('<h1>Z report 1 — business day 2026-03-10</h1>');

    const csv = await ecr('report', '--date', DAY, '--format', 'csv');
    const rows = parse(csv.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.session_id)).toEqual([ids.sale, ids.declinedButPaid, ids.unknown]);
    expect(rows[0]?.merchant_reference).toBe("'=cmd|calc");

    const again = await ecr('close-day', '--date', DAY);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already closed');
  });

  it('exports a range as CSV with progress, and shows tampering with a closed day', async () => {
    const out = join(dir, 'march.csv');
    const range = await ecr('report', '--date', '2026-03-01', '--to', '2026-03-31', '--format', 'csv', '--out', out);
    expect(range.code, range.stderr).toBe(0);
    expect(range.stderr).toMatch(/6 of 6 sessions written \(100%\)/);
    const rows = parse(readFileSync(out, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.business_day)).toEqual(['2026-03-02', DAY, DAY, DAY, '2026-03-15', '2026-03-28']);

    // The day was closed by the test before.
    const db = new Database(journalFile(dir, 'simulator'));
    try {
      db.prepare('UPDATE sessions SET amount = 5 WHERE session_id = ?').run(ids.sale);
    } finally {
      db.close();
    }
    const verify = await ecr('journal', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('projection-mismatch');
    const report = JSON.parse((await ecr('report', '--date', DAY, '--format', 'json')).stdout);
    expect(report.integrity.status).toBe('tampered');
  });
});
