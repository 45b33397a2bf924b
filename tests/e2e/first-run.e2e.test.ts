import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../electron/contract/views.ts';
import { startApp, type RunningApp } from './bridge.ts';

/** The first run into the Simulator, and the settings screen, in Chromium on a real core. */
describe('first run and settings', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function settings(running: RunningApp): Promise<SettingsView> {
    const result = await running.call('getSettings');
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  it('a fresh till: Simulator preselected, a terminal from the devices search, then straight to a sale', async () => {
    app = await startApp({ firstRun: true });
    const { page } = app;
    await page.getByRole('heading', { name: 'Welcome to Cloud ECR' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('radio', { name: /Simulator \(training\)/ }).isChecked()).toBe(true);
    await app.shot('first-run-1-environment');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByText('Step 2 of 2').waitFor();
    await page.getByRole('radio', { name: /16000002/ }).waitFor();
    await page.getByRole('radio', { name: /16000002/ }).check();
    await page.getByLabel('Cash register id').fill('till-7');
    await app.shot('first-run-2-terminal');
    await page.getByRole('button', { name: 'Start taking payments' }).click();

    await page.getByLabel('Amount', { exact: true }).waitFor();
    expect(await page.getByRole('combobox', { name: /^Terminal/ }).inputValue()).toBe('16000002');
    const saved = await settings(app);
    expect(saved.settings).toMatchObject({ environment: 'simulator', defaultTerminalId: '16000002', cashRegisterId: 'till-7' });

    await page.keyboard.type('1250');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    const list = await app.call('listSessions', {});
    expect(list.ok && list.value.sessions[0]).toMatchObject({ terminalId: '16000002', cashRegisterId: 'till-7', state: 'approved' });
  });

  it('settings: the secret is write-only and shows only "set"; the connection test speaks plainly', async () => {
    app = await startApp();
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await app.shot('settings-simulator');
    // Demo: the harness's stand-in for Viva accepts its seeded credentials.
    // Leaving the Simulator asks first (issue 12 item 3).
    await page.getByRole('radio', { name: /Viva demo/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Switch to Viva demo' }).click();
    await page.getByRole('heading', { name: 'Viva credentials (Viva demo)' }).waitFor();
    expect(await page.getByTestId('secret-status-demo').textContent()).toMatch(/Client secret: set/);
    const secretField = page.getByLabel('Client secret');
    expect(await secretField.inputValue()).toBe('');
    await secretField.fill('a-new-secret-value-123');
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await secretField.inputValue()).toBe('');
    expect(await page.content()).not.toContain('a-new-secret-value-123');
    // The new secret is not the one the stand-in accepts: the test says so in a sentence.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('[data-outcome]').waitFor();
    expect(await page.locator('[data-outcome]').getAttribute('data-outcome')).toBe('bad-credentials');
    await app.shot('settings-demo-credentials');
    expect(await page.getByTestId('training-banner').count()).toBe(0);
  });
});
