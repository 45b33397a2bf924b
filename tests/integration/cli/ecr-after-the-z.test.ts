import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays, formatDay } from '../../../electron/domain/business-day.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { runEcr } from './run-ecr.ts';

/**
 * After `ecr close-day` of today, the real `ecr` binary says before the next sale that it counts in
 * the next business day, journals it there, and `journal list --date` and `report --date` agree:
 * nothing new on the closed day, the sale on the next. TZ=UTC makes the business day the UTC date
 * (the CLI reads the real clock: a run across midnight UTC is retried, not failed). Nine runs of
 * the binary, two of them sales: a budget like the other multi-command CLI tests.
 */
let simulator: RunningSimulator;
let dir: string;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, early404Ms: 100 });
});
afterAll(async () => {
  await simulator?.close();
});
// A fresh journal per attempt, so a retry starts with no Z report.
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-after-z-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ENGINE = { pollIntervalMs: 20, firstPollDelayMs: 5, deadlineMs: 5_000, notFoundGraceMs: 600_000 };
const ecr = (...args: string[]) =>
  runEcr([...args, '--data-dir', dir, '--api-url', simulator.url, '--accounts-url', simulator.url], {
    TZ: 'UTC',
    USER: 'tester',
    ECR_ENGINE_CONFIG: JSON.stringify(ENGINE),
    ECR_CASH_REGISTER: 'REG-CLI',
  });

describe('ecr after the Z report', () => {
  it('sells into the next business day, and journal list and report agree', { timeout: 90_000, retry: 1 }, async () => {
    const today = formatDay(Date.now());
    const tomorrow = addDays(today, 1);
    const before = await ecr('sale', '--amount', '12.50', '--terminal', '16000001', '--reference', 'before-z', '--json');
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout).businessDay).toBe(today);
    const close = await ecr('close-day', '--date', today, '--operator', 'Eleni');
    expect(close.code, close.stderr).toBe(0);
    expect(close.stdout).toContain(`Payments started from now on count in business day ${tomorrow}.`);

    const after = await ecr('sale', '--amount', '7.00', '--terminal', '16000001', '--reference', 'after-z', '--json');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain(`Business day ${today} is closed (Z report 1): this payment counts in business day ${tomorrow}.`);
    const sold = JSON.parse(after.stdout) as { sessionId: string; businessDay: string };
    expect(sold.businessDay).toBe(tomorrow);

    const listed = async (date: string) => {
      const run = await ecr('journal', 'list', '--date', date, '--json');
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { merchantReference: string }[]).map((s) => s.merchantReference);
    };
    expect(await listed(today)).toEqual(['before-z']);
    expect(await listed(tomorrow)).toEqual(['after-z']);

    const report = async (date: string) => {
      const run = await ecr('report', '--date', date, '--format', 'json');
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout);
    };
    const closed = await report(today);
    expect(closed).toMatchObject({ status: 'closed', z: { number: 1 }, lateOutcomes: [], integrity: { status: 'intact', changedSinceClosing: [] } });
    expect(closed.totals.currencies[0].totals.net).toBe(1250);
    const next = await report(tomorrow);
    expect(next).toMatchObject({ status: 'open', z: null });
    expect(next.totals.currencies[0].totals.net).toBe(700);
  });
});
