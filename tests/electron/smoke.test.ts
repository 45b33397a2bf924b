import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary, skipLine } from '../../scripts/electron-binary.ts';

/**
 * The built app in a real Electron (run by `npm run test:electron`, which builds first): it
 * launches, shows its page from app://, goes through the first run into the Simulator, and one
 * sale keyed on the checkout screen is approved, through the real preload and IPC. Only where an
 * Electron binary exists; scripts/test-electron.js prints the skip line elsewhere.
 */
const binary = electronBinary();
if (!binary.ok) console.log(skipLine(binary.reason));

describe.skipIf(!binary.ok)('Cloud ECR in Electron', () => {
  let app: ElectronApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ecr-electron-'));
    app = await _electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [process.cwd()],
      env: { ...(process.env as Record<string, string>), ECR_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
      timeout: 60_000,
    });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('launches, goes through the first run into the Simulator, and one sale on the checkout screen is approved', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://ecr/index.html');

    // The page has window.ecr and nothing of Node.
    expect(await page.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { process?: unknown }).process])).toEqual([
      'undefined',
      'undefined',
    ]);

    // A fresh data dir: the first run, with the Simulator preselected and its terminals listed.
    await page.getByRole('heading', { name: 'Welcome to Cloud ECR' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByTestId('training-banner').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: /16000001/ }).check({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Start taking payments' }).click();

    // The checkout screen: keyed on the keyboard, charged with Enter, approved through the real preload and IPC.
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.type('1250');
    expect(await amount.inputValue()).toBe('€12.50');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Approved' }).waitFor({ state: 'visible', timeout: 30_000 });
  });
});
