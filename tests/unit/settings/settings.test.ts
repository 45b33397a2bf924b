import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../electron/core/logger.ts';
import {
  cashRegisterIdFromHostname,
  SETTINGS_FILE,
  SettingsError,
  SettingsStore,
} from '../../../electron/core/settings/index.ts';

const machine = { hostname: 'front-desk', timeZone: 'Europe/Athens' };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(work: () => unknown): SettingsError {
  try {
    work();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('settings', () => {
  it('starts from defaults: Simulator, the machine name as cash register, its time zone', () => {
    const store = SettingsStore.open({ dataDir: dir, machine });
    expect(store.read()).toEqual({
      environment: 'simulator',
      cashRegisterId: 'front-desk',
      defaultTerminalId: null,
      currency: 'EUR',
      businessDayTimeZone: 'Europe/Athens',
      businessDayCutoffHour: 0,
      pollIntervalMs: 1000,
      deadlineMs: 90_000,
      language: 'en',
    });
    store.close();
  });

  it('lives in its own settings.sqlite, apart from the journals', () => {
    const store = SettingsStore.open({ dataDir: dir, machine });
    expect(store.file).toBe(join(dir, SETTINGS_FILE));
    expect(readdirSync(dir).filter((name) => !name.startsWith(SETTINGS_FILE))).toEqual([]);
    store.close();
  });

  it('keeps the cash register id of the first start when the machine is renamed', () => {
    SettingsStore.open({ dataDir: dir, machine }).close();
    const renamed = SettingsStore.open({ dataDir: dir, machine: { ...machine, hostname: 'new-name' } });
    expect(renamed.read().cashRegisterId).toBe('front-desk');
    renamed.close();
  });

  it('writes a change and reads it back after a restart', () => {
    const store = SettingsStore.open({ dataDir: dir, machine });
    const updated = store.update({ environment: 'demo', defaultTerminalId: '16000002', businessDayCutoffHour: 4, currency: 'GBP' });
    expect(updated).toMatchObject({ environment: 'demo', defaultTerminalId: '16000002', businessDayCutoffHour: 4, currency: 'GBP' });
    store.close();
    const again = SettingsStore.open({ dataDir: dir, machine });
    expect(again.read()).toEqual(updated);
    expect(again.update({ defaultTerminalId: null }).defaultTerminalId).toBeNull();
    again.close();
  });

  it('refuses a bad patch with one problem per field and changes nothing', () => {
    const store = SettingsStore.open({ dataDir: dir, machine });
    const before = store.read();
    const shape = refusal(() => store.update({ language: 'el', pollIntervalMs: 10, businessDayCutoffHour: 24, environment: 'staging' }));
    expect(shape.code).toBe('invalid-settings');
    expect(shape.fields.map((f) => f.path).sort()).toEqual(['businessDayCutoffHour', 'environment', 'pollIntervalMs']);
    const meaning = refusal(() => store.update({ language: 'el', currency: 'ZZZ', businessDayTimeZone: 'Mars/Olympus' }));
    expect(meaning.fields.map((f) => f.path).sort()).toEqual(['businessDayTimeZone', 'currency']);
    expect(refusal(() => store.update({ colour: 'red' })).code).toBe('invalid-settings');
    expect(refusal(() => store.update('environment=demo')).code).toBe('invalid-settings');
    expect(store.read()).toEqual(before);
    store.close();
  });

  it('falls back to the default for a stored value that no longer passes, with a warning', () => {
    SettingsStore.open({ dataDir: dir, machine }).close();
    const db = new Database(join(dir, SETTINGS_FILE));
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('pollIntervalMs', '5', 'x'), ('language', 'not json', 'x')").run();
    db.close();
    const logger = recordingLogger();
    const store = SettingsStore.open({ dataDir: dir, machine, logger });
    expect(store.read()).toMatchObject({ pollIntervalMs: 1000, language: 'en' });
    expect(logger.records.filter((r) => r.level === 'warn')).toHaveLength(2);
    store.close();
  });

  it('refuses a settings file written by a newer version, leaving it untouched', () => {
    const file = join(dir, SETTINGS_FILE);
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const error = refusal(() => SettingsStore.open({ dataDir: dir, machine }));
    expect(error.code).toBe('settings-unavailable');
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
    expect(existsSync(file)).toBe(true);
  });

  it('turns a machine name into a usable cash register id', () => {
    expect(cashRegisterIdFromHostname('  till-7 ')).toBe('till-7');
    expect(cashRegisterIdFromHostname('a\u0000b\nc')).toBe('abc');
    expect(cashRegisterIdFromHostname('x'.repeat(100))).toHaveLength(64);
    expect(cashRegisterIdFromHostname('   ')).toBe('till-1');
  });
});
