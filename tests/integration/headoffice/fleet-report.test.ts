import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FLEET_CSV_COLUMNS,
  fleetReport,
  formatFleetReport,
  migrateHeadOffice,
  parseHeadOfficeUrl,
  pushJournal,
  verifyHeadOffice,
  type FleetReport,
  type TillIdentity,
} from '../../../electron/core/headoffice/index.ts';
import { openJournal, type Journal } from '../../../electron/core/journal/index.ts';
import { buildDayTotals } from '../../../electron/core/reports/day-totals.ts';
import { createReportsService } from '../../../electron/core/reports/index.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { runEcr } from '../cli/run-ecr.ts';

/**
 * The fleet report on a real PostgreSQL with three tills in two shops, checked against each
 * till's own end-of-day totals (reports/day-totals.ts): the SQL must count money as the till does.
 */
const DAY = '2026-11-01';
const BUSINESS_DAY = { timeZone: 'UTC', cutoffHour: 0 };
let server: TestPostgres;
let url: string;
let report: FleetReport;
const dirs: string[] = [];
const tills: { journal: Journal; identity: TillIdentity }[] = [];

function till(tillId: string, shop: string, seed: number, startMs: number): { journal: Journal; identity: TillIdentity } {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-fleet-'));
  dirs.push(dir);
  const journal = openJournal({ dataDir: dir, environment: 'simulator', businessDay: BUSINESS_DAY });
  seedJournal(journal, { sessions: 160, days: 1, terminals: 2, startMs, random: seededRandom(seed) });
  const t = { journal, identity: { tillId, shop, cashRegisterId: `ECR-${tillId}`, installId: randomUUID() } };
  tills.push(t);
  return t;
}

beforeAll(async () => {
  server = await startPostgres();
  url = server.url;
  await migrateHeadOffice(parseHeadOfficeUrl(url));
  const one = till('till-1', 'athens-1', 1, Date.UTC(2026, 10, 1));
  const two = till('till-2', 'athens-1', 2, Date.UTC(2026, 10, 1));
  till('till-3', 'thessaloniki-1', 3, Date.UTC(2026, 10, 2));
  // Till 1 closed the day, and has a payment still unknown (from today).
  createReportsService({ journal: one.journal }).closeDay(DAY);
  const uncertain = randomUUID();
  one.journal.createSession({ sessionId: uncertain, kind: 'sale', amount: 777, currency: 'EUR', terminalId: '16000001', cashRegisterId: 'ECR-till-1' });
  one.journal.append(uncertain, { type: 'dispatching' });
  one.journal.append(uncertain, { type: 'dispatch-uncertain', errorClass: 'timeout', message: 'No answer in 30 s' });
  // Till 2 did not close the day, and has an alert no one has resolved.
  const paid = [...two.journal.sessionsOfBusinessDay(DAY)].find((s) => s.state === 'approved' && s.kind === 'sale')!;
  two.journal.append(paid.sessionId, { type: 'alert', alert: 'paid-after-abort', message: 'Paid after abort' });
  // Three tills push at once.
  await Promise.all(tills.map((t) => pushJournal({ journal: t.journal, url, identity: t.identity, batchSize: 200 })));
  // Till 3's copy is edited on the server, then everything is verified: the report shows it.
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(`SET session_replication_role = replica;
    UPDATE ecr_headoffice.events SET at = '2026-11-02T09:00:00.000Z' WHERE till_id = 'till-3' AND event_id = 5;
    SET session_replication_role = DEFAULT;`);
  await db.end();
  await verifyHeadOffice({ url });
  report = await fleetReport({ url, businessDay: DAY, now: () => Date.UTC(2026, 10, 2, 8) });
}, 120_000);

afterAll(async () => {
  for (const t of tills) t.journal.close();
  await server?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('ecr fleet report', () => {
  it("sums each till's day per currency exactly as the till's own end-of-day totals do", () => {
    expect(report.tills.map((t) => `${t.shop}/${t.tillId}`)).toEqual(['athens-1/till-1', 'athens-1/till-2', 'thessaloniki-1/till-3']);
    for (const [i, t] of tills.entries()) {
      const own = buildDayTotals(t.journal.sessionsOfBusinessDay(DAY), { timeZone: 'UTC' });
      const fleet = report.tills[i]!;
      expect(fleet.sessions).toBe(own.outcomes.sessions);
      expect(fleet.currencies.map((c) => ({ code: c.currencyCode, sales: c.sales, tips: c.tips, refunds: c.refunds, net: c.net }))).toEqual(
        own.currencies.map((c) => ({ code: c.currencyCode, sales: c.totals.sales, tips: c.totals.tips, refunds: c.totals.refunds, net: c.totals.net })),
      );
    }
    expect(report.tills[0]!.currencies[0]!.sales.count).toBeGreaterThan(50);
    const eur = report.totals.find((c) => c.currency === 'EUR')!;
    expect(eur.net).toBe(report.tills.reduce((sum, t) => sum + (t.currencies.find((c) => c.currency === 'EUR')?.net ?? 0), 0));
  });

  it('shows Z reports closed or missing, unknown payments and open alerts across the fleet, last pushes and chain status', () => {
    const [one, two, three] = report.tills;
    expect(one).toMatchObject({ zStatus: 'closed', z: { number: 1, overridden: false }, unknown: 1, openAlerts: 0, lag: 0, chain: { status: 'verified' } });
    expect(two).toMatchObject({ zStatus: 'missing', z: null, unknown: 0, openAlerts: 1, chain: { status: 'verified', problem: null } });
    expect(three).toMatchObject({ zStatus: 'no-sessions', sessions: 0, currencies: [], chain: { status: 'broken' } });
    expect(three!.chain.problem).toMatch(/event 5/i);
    expect(report.zMissing).toBe(1);
    expect(report.unknownSessions).toEqual([expect.objectContaining({ tillId: 'till-1', shop: 'athens-1', state: 'unknown', amount: 777, currency: 'EUR' })]);
    expect(report.openAlerts).toEqual([expect.objectContaining({ tillId: 'till-2', alert: 'paid-after-abort', state: 'approved' })]);
    for (const t of report.tills) expect(Date.parse(t.lastPushAt)).toBeGreaterThan(Date.now() - 600_000);
  });

  it('writes CSV, JSON and HTML', () => {
    const csv = formatFleetReport(report, 'csv');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe(FLEET_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 3);
    expect(lines[2]).toMatch(/^2026-11-01,athens-1,till-2,ECR-till-2,EUR,160,\d+,\d+\.\d\d,/);
    expect(lines[3]).toMatch(/^2026-11-01,thessaloniki-1,till-3,ECR-till-3,,0,0,,,0,,,0,0,no-sessions,,/);
    expect(JSON.parse(formatFleetReport(report, 'json'))).toEqual(report);
    const html = formatFleetReport(report, 'html');
    expect(html).toContain('<h1>Fleet report — business day 2026-11-01</h1>');
    expect(html).toContain('paid-after-abort');
    expect(html).toContain('class="chain-broken"');
  });

  it('runs as the ecr command', async () => {
    const csv = await runEcr(['fleet', 'report', '--url', url, '--date', DAY, '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain('athens-1,till-1,ECR-till-1,EUR,');
    const json = await runEcr(['fleet', 'report', '--url', url, '--date', DAY]);
    expect(JSON.parse(json.stdout)).toMatchObject({ businessDay: DAY, zMissing: 1 });
    const bad = await runEcr(['fleet', 'report', '--url', url, '--date', '2026-02-30']);
    expect(bad.code).toBe(1);
  }, 60_000);
});
