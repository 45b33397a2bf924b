import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsError, SettingsStore } from '../../../electron/core/settings/index.ts';
import { DEFAULT_CONFIRM_ABOVE_MINOR, MAX_AMOUNT_MINOR } from '../../../electron/domain/money-limits.ts';

/** The checkout's large-amount confirmation threshold: optional, whole minor units, within the till's limit. */
const machine = { hostname: 'front-desk', timeZone: 'Europe/Athens' };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-confirm-above-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('confirmAboveMinor setting', () => {
  it('is absent by default (the checkout then asks above 1,000.00) and is stored across a restart', () => {
    expect(DEFAULT_CONFIRM_ABOVE_MINOR).toBe(100_000);
    const store = SettingsStore.open({ dataDir: dir, machine });
    expect(store.read().confirmAboveMinor).toBeUndefined();
    expect(store.update({ confirmAboveMinor: 25_000 }).confirmAboveMinor).toBe(25_000);
    store.close();
    const again = SettingsStore.open({ dataDir: dir, machine });
    expect(again.read().confirmAboveMinor).toBe(25_000);
    again.close();
  });

  it('refuses 0, a fraction, a negative, text and anything above the till limit, and changes nothing', () => {
    const store = SettingsStore.open({ dataDir: dir, machine });
    store.update({ confirmAboveMinor: 25_000 });
    for (const value of [0, 12.5, -100, '1000', MAX_AMOUNT_MINOR + 1]) {
      let error: unknown;
      try {
        store.update({ confirmAboveMinor: value as number });
      } catch (caught) {
        error = caught;
      }
      expect(error, String(value)).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).code).toBe('invalid-settings');
    }
    expect(store.read().confirmAboveMinor).toBe(25_000);
    store.close();
  });
});
