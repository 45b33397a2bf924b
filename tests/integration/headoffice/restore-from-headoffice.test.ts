import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock.ts';
import {
  installIdFile,
  isHeadOfficeError,
  loadOrCreateInstallId,
  migrateHeadOffice,
  parseHeadOfficeUrl,
  pushJournal,
  restoreFromHeadOffice,
  type TillIdentity,
} from '../../../electron/core/headoffice/index.ts';
import { journalFile, openJournal, type Journal } from '../../../electron/core/journal/index.ts';
import { createReportsService } from '../../../electron/core/reports/index.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { runEcr } from '../cli/run-ecr.ts';

/** Disaster recovery: a new machine for till X pulls X's journal back from the head office, verified. */
let server: TestPostgres;
let admin: pg.Client;
let url: string;
let databaseNumber = 0;
const dirs: string[] = [];
const journals: Journal[] = [];
const BUSINESS_DAY = { timeZone: 'Europe/Athens', cutoffHour: 4 };
const START = Date.UTC(2026, 10, 1);
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03'];

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

beforeEach(async () => {
  databaseNumber += 1;
  const name = `restore_${process.pid}_${databaseNumber}`;
  await admin.query(`CREATE DATABASE ${name}`);
  url = server.url.replace(/\/postgres$/, `/${name}`);
  await migrateHeadOffice(parseHeadOfficeUrl(url));
});

afterEach(() => {
  for (const journal of journals.splice(0)) if (journal.isOpen) journal.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-ho-restore-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string): Journal {
  const journal = openJournal({ dataDir: dir, environment: 'simulator', businessDay: BUSINESS_DAY });
  journals.push(journal);
  return journal;
}

/** The original till: three days of sales, the first two closed with a Z report, all pushed. */
async function originalTill(tillId: string): Promise<{ dir: string; journal: Journal; identity: TillIdentity }> {
  const dir = folder();
  const journal = open(dir);
  seedJournal(journal, { sessions: 450, days: 3, terminals: 2, startMs: START, random: seededRandom(42) });
  const reports = createReportsService({ journal });
  reports.closeDay(DAYS[0]!);
  reports.closeDay(DAYS[1]!);
  const identity = { tillId, shop: 'athens-1', cashRegisterId: `ECR-${tillId}`, installId: loadOrCreateInstallId(dir, 'simulator') };
  await pushJournal({ journal, url, identity, batchSize: 500 });
  return { dir, journal, identity };
}

async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    if (isHeadOfficeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ecr restore --from-headoffice', () => {
  it('rebuilds a till equal to the original: the same events, chain head, sessions, Z reports and day totals', async () => {
    const original = await originalTill('till-a');
    const fresh = folder();
    const result = await restoreFromHeadOffice({ url, tillId: 'till-a', dataDir: fresh, environment: 'simulator', clock: systemClock });
    const head = original.journal.head();
    expect(result).toMatchObject({ tillId: 'till-a', shop: 'athens-1', head, sessions: 450, zReports: 2, unacknowledged: 0 });

    const rebuilt = open(fresh);
    expect(rebuilt.head()).toEqual(head);
    expect(rebuilt.verify()).toMatchObject({ ok: true, events: head.events, head: head.head, sessions: 450 });
    expect(rebuilt.eventsAfter(0, 100_000)).toEqual(original.journal.eventsAfter(0, 100_000));
    const all = (j: Journal) => [...j.sessionsOfBusinessDays('2000-01-01', '2999-12-31')];
    expect(all(rebuilt)).toEqual(all(original.journal));
    expect(rebuilt.zReports()).toEqual(original.journal.zReports());
    const originalReports = createReportsService({ journal: original.journal });
    const rebuiltReports = createReportsService({ journal: rebuilt });
    for (const day of DAYS) {
      const before = originalReports.dayReport(day);
      expect(before.totals.outcomes.sessions).toBeGreaterThan(0);
      expect(rebuiltReports.dayReport(day)).toEqual(before);
    }
    // The new machine is till A now: it takes A's install id and its push continues A's history.
    expect(readFileSync(installIdFile(fresh, 'simulator'), 'utf8').trim()).toBe(original.identity.installId);
    seedJournal(rebuilt, { sessions: 5, days: 1, terminals: 1, startMs: Date.UTC(2026, 10, 10), random: seededRandom(7) });
    const pushed = await pushJournal({ journal: rebuilt, url, identity: { ...original.identity, installId: loadOrCreateInstallId(fresh, 'simulator') } });
    expect(pushed).toMatchObject({ stored: rebuilt.head().events - head.events, acked: rebuilt.head() });
    expect(readFileSync(join(fresh, 'restores.log'), 'utf8')).toContain('"tillId":"till-a"');
  });

  it('never replaces a journal that holds events, and refuses an unknown till', async () => {
    await originalTill('till-b');
    const busy = folder();
    const local = open(busy);
    seedJournal(local, { sessions: 3, days: 1, terminals: 1, startMs: START, random: seededRandom(3) });
    const before = local.head();
    local.close();
    expect((await refusal(() => restoreFromHeadOffice({ url, tillId: 'till-b', dataDir: busy, environment: 'simulator', clock: systemClock }))).code).toBe('journal-exists');
    expect(open(busy).head()).toEqual(before);
    expect((await refusal(() => restoreFromHeadOffice({ url, tillId: 'till-nobody', dataDir: folder(), environment: 'simulator', clock: systemClock }))).code).toBe('unknown-till');
  });

  it("refuses a head office whose copy was edited, and puts nothing in place", async () => {
    await originalTill('till-c');
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await db.query(`SET session_replication_role = replica;
        UPDATE ecr_headoffice.events SET payload = replace(payload, '"amount":', '"amount":1') WHERE till_id = 'till-c' AND event_id = 33;
        SET session_replication_role = DEFAULT;`);
    } finally {
      await db.end();
    }
    const fresh = folder();
    const refused = await refusal(() => restoreFromHeadOffice({ url, tillId: 'till-c', dataDir: fresh, environment: 'simulator', clock: systemClock }));
    expect(refused.code).toBe('restore-failed');
    expect(refused.message).toMatch(/event 33/i);
    expect(existsSync(journalFile(fresh, 'simulator'))).toBe(false);
    expect(existsSync(installIdFile(fresh, 'simulator'))).toBe(false);
  });

  it('runs as the ecr command', async () => {
    const original = await originalTill('till-d');
    const fresh = folder();
    const restored = await runEcr(['restore', '--from-headoffice', '--url', url, '--till', 'till-d', '--json'], { ECR_DATA_DIR: fresh });
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ tillId: 'till-d', head: original.journal.head() });
    const again = await runEcr(['restore', '--from-headoffice', '--url', url, '--till', 'till-d'], { ECR_DATA_DIR: fresh });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('(journal-exists)');
    const noTill = await runEcr(['restore', '--from-headoffice', '--url', url], { ECR_DATA_DIR: folder() });
    expect(noTill.code).toBe(1);
    expect(noTill.stderr).toMatch(/--till is required/);
  }, 60_000);
});
