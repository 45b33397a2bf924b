import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { migrateHeadOffice, parseHeadOfficeUrl, readPushStatus, verifyHeadOffice, type HeadOfficePushStatus, type HeadOfficeSettings } from '../../../electron/core/headoffice/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { customEndpoints } from '../../../electron/core/viva/index.ts';
import { startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { FAST } from '../payments/harness.ts';

/**
 * The app's own push (background-push.ts) on a real core, the real simulator and a real
 * PostgreSQL: payments go through while the head office is down or stuck, and the push catches
 * up by itself once it is back.
 */
let server: TestPostgres;
let url: string;
let core: Core | undefined;
let simulator: RunningSimulator | undefined;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startPostgres();
  url = server.url;
  await migrateHeadOffice(parseHeadOfficeUrl(url));
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

afterEach(async () => {
  await core?.close();
  await simulator?.close();
  core = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startCore(headOffice: () => HeadOfficeSettings | null, tillId: string): Promise<{ core: Core; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-bg-push-'));
  dirs.push(dir);
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, early404Ms: 0 });
  core = createCore({
    dataDir: dir,
    environment: 'simulator',
    connection: { endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }), credentials: simulator.credentials },
    cashRegisterId: `REG-${tillId}`,
    businessDay: { timeZone: 'UTC', cutoffHour: 0 },
    engine: { ...FAST, deadlineMs: 10_000 },
    headOffice,
    // Short timings so the test sees the batching, the retries and the catch-up within seconds.
    headOfficePush: { debounceMs: 100, intervalMs: 1500, retryMs: 200 },
  });
  await core.start();
  return { core, dir };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sell(c: Core, amounts: number[]): Promise<void> {
  for (const amount of amounts) {
    const sale = await c.engine.sale({ amount, terminalId: '16000001' });
    const settled = await c.engine.settled(sale.sessionId);
    expect(settled.state).toBe('approved');
  }
}

describe('the background push to the head office', () => {
  it('pushes by itself after payments, waits while the server is down, and catches up when it is back', async () => {
    const { core: c, dir } = await startCore(() => ({ url, shop: 'athens-1', tillId: 'till-bg' }), 'bg');
    await sell(c, [1250, 990]);
    await until('the first push', () => c.headOffice.status().lag === 0);
    expect(c.headOffice.status()).toMatchObject({ configured: true, tillId: 'till-bg', acked: c.journal.head(), lastError: null });

    await server.pause();
    try {
      // Payments while the head office is down: every one completes, none waits on the push.
      await sell(c, [1100, 1200, 1300]);
      await until('a failed attempt', () => c.headOffice.status().lastError?.code === 'unreachable');
      const down = c.headOffice.status();
      expect(down.lag).toBeGreaterThan(0);
      expect(down.acked!.events).toBeLessThan(c.journal.head().events);
      // The CLI reads the same status from the data folder.
      expect(readPushStatus(dir, 'simulator')).toMatchObject({ tillId: 'till-bg', lastError: { code: 'unreachable' } });
    } finally {
      await server.resume();
    }
    await until('the catch-up', () => {
      const s = c.headOffice.status();
      return s.lag === 0 && s.lastError === null;
    });
    const [verified] = await verifyHeadOffice({ url, tillId: 'till-bg', localHead: c.journal.head() });
    expect(verified).toMatchObject({ ok: true, events: c.journal.head().events, behindBy: 0 });
  }, 60_000);

  it('never makes a payment wait: sales complete while a push is stuck on a locked server row', async () => {
    const { core: c } = await startCore(() => ({ url, shop: 'athens-1', tillId: 'till-stuck' }), 'stuck');
    await sell(c, [500]);
    await until('the first push', () => c.headOffice.status().lag === 0);
    // Another session holds the till's row: the next push blocks inside its transaction.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query("SELECT 1 FROM ecr_headoffice.tills WHERE till_id = 'till-stuck' FOR UPDATE");
      await sell(c, [600]);
      await until('a push under way', () => c.headOffice.status().pushing);
      const started = performance.now();
      await sell(c, [700, 800, 900]);
      const elapsed = performance.now() - started;
      // The push is still stuck, yet the three sales went through.
      const during: HeadOfficePushStatus = c.headOffice.status();
      expect(during.pushing).toBe(true);
      expect(during.lag).toBeGreaterThanOrEqual(1);
      expect(elapsed).toBeLessThan(10_000);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    await until('the catch-up', () => c.headOffice.status().lag === 0 && !c.headOffice.status().pushing);
    expect(c.headOffice.status().acked).toEqual(c.journal.head());
  }, 60_000);

  it('does nothing while no head office is set', async () => {
    const { core: c, dir } = await startCore(() => null, 'none');
    await sell(c, [1500]);
    expect(await c.headOffice.pushNow()).toMatchObject({ configured: false, acked: null, lastPushAt: null, lastError: null });
    expect(readPushStatus(dir, 'simulator')).toBeNull();
  }, 30_000);
});
