import { closeSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAttention } from '../../../electron/core/attention/index.ts';
import { createCore, type Core } from '../../../electron/core/app.ts';
import type { BackupResult, BackupSettings } from '../../../electron/core/backup/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { customEndpoints } from '../../../electron/core/viva/index.ts';
import { FAST } from '../payments/harness.ts';

let core: Core | undefined;
let simulator: RunningSimulator | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await core?.close();
  await simulator?.close();
  core = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startCore(backups: () => BackupSettings | null): Promise<Core> {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-auto-backup-'));
  dirs.push(dir);
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, early404Ms: 0 });
  core = createCore({
    dataDir: dir,
    environment: 'simulator',
    connection: { endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }), credentials: simulator.credentials },
    cashRegisterId: 'REG-1',
    businessDay: { timeZone: 'UTC', cutoffHour: 0 },
    // A deadline far past the customer's 30 ms: a loaded machine must not turn a sale unknown here.
    engine: { ...FAST, deadlineMs: 10_000 },
    backups,
  });
  await core.start();
  return core;
}

function nextResult(c: Core): Promise<BackupResult> {
  return new Promise((resolve) => {
    const off = c.backups.onResult((result) => {
      off();
      resolve(result);
    });
  });
}

describe('the automatic backup at Close day', () => {
  it('is taken after the Z report, named for it and kept by retention', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ecr-auto-folder-'));
    dirs.push(folder);
    const c = await startCore(() => ({ folder, hour: 23, keep: 1 }));
    const sale = await c.engine.sale({ amount: 1250, terminalId: '16000001' });
    await c.engine.settled(sale.sessionId);
    const day = c.journal.getSession(sale.sessionId)?.businessDay as string;
    const done = nextResult(c);
    const report = c.reports.closeDay(day);
    const result = await done;
    expect(result).toMatchObject({ ok: true, trigger: 'close-day', head: report.z?.anchor });
    expect(readdirSync(folder)).toEqual([expect.stringMatching(new RegExp(`-z${report.z?.number}\\.sqlite$`))]);
    expect(c.backups.last()).toEqual(result);
    expect(c.backups.failure()).toBeNull();
  });

  it('that fails never fails the Close day: the day is closed and the failure is a result to show', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ecr-auto-folder-'));
    dirs.push(parent);
    const notAFolder = join(parent, 'usb-stick');
    closeSync(openSync(notAFolder, 'w'));
    const c = await startCore(() => ({ folder: join(notAFolder, 'backups'), hour: 23, keep: 30 }));
    const day = new Date().toISOString().slice(0, 10);
    const done = nextResult(c);
    const report = c.reports.closeDay(day);
    expect(report.z?.number).toBe(1);
    const result = await done;
    expect(result).toMatchObject({ ok: false, trigger: 'close-day', file: null, error: { code: 'folder-unwritable' } });
    // What the attention list shows until a backup succeeds again.
    expect(c.backups.failure()).toEqual({ at: result.at, trigger: 'close-day', code: 'folder-unwritable' });
    expect(c.journal.zReport(day)?.number).toBe(1);
  });

  it('that fails is on the attention list until a backup succeeds again', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ecr-auto-folder-'));
    dirs.push(parent);
    const notAFolder = join(parent, 'usb-stick');
    closeSync(openSync(notAFolder, 'w'));
    let folder = join(notAFolder, 'backups');
    const c = await startCore(() => ({ folder, hour: 0, keep: 30 }));
    const attention = () => readAttention(c.journal, () => c.backups.failure());
    expect(attention()).toEqual([]);

    const failed = nextResult(c);
    c.reports.closeDay(new Date().toISOString().slice(0, 10));
    const result = await failed;
    expect(attention()).toEqual([
      { id: 'backup-failed:last', kind: 'backup-failed', since: result.at, session: null, setAside: null, refundOpen: false, backup: { code: 'folder-unwritable', trigger: 'close-day' } },
    ]);
    // The journal alone (the CLI) knows no automatic backup.
    expect(readAttention(c.journal)).toEqual([]);

    // The stick is back: the next backup succeeds and the item leaves.
    folder = mkdtempSync(join(tmpdir(), 'ecr-auto-folder-'));
    dirs.push(folder);
    expect(await c.backups.tick()).toMatchObject({ ok: true });
    expect(attention()).toEqual([]);
  });

  it('with no backup folder set, nothing is attempted', async () => {
    const c = await startCore(() => null);
    c.reports.closeDay(new Date().toISOString().slice(0, 10));
    expect(await c.backups.tick()).toBeNull();
    expect(c.backups.last()).toBeNull();
  });
});
