import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateHeadOffice, parseHeadOfficeUrl, withPassword } from '../../electron/core/headoffice/index.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { startApp, type RunningApp } from './bridge.ts';

/**
 * Settings -> Head office in Chromium on a real core and a real PostgreSQL that requires a
 * password: the password goes to the secret store and never back to the page, the till pushes,
 * the End of day shows the last push, and the read-only Head office page shows the fleet.
 */
const PASSWORD = `Ho-e2e-${randomUUID()}`;
let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres({ password: PASSWORD });
  await migrateHeadOffice(parseHeadOfficeUrl(withPassword(server.url, PASSWORD)));
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('the head office in the app', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  it('is set up in Settings (the password write-only), pushes, and shows the fleet', async () => {
    app = await startApp();
    const { page } = app;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('1250');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Approved' }).waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Head office', level: 2 }).waitFor();
    const form = page.locator('form[aria-labelledby="head-office-title"]');
    await form.getByTestId('head-office-url').fill(server.url);
    await form.getByLabel('Shop').fill('athens-1');
    await form.getByLabel('Till id at the head office (one machine per id)').fill('till-e2e');
    const passwordField = form.getByLabel('Head-office password (kept in the system keychain)');
    await passwordField.fill(PASSWORD);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('head-office-password-status').getByText('A password is stored in the keychain.').waitFor();
    expect(await passwordField.inputValue()).toBe('');
    await form.getByRole('button', { name: 'Push now' }).click();
    await page.getByTestId('head-office-push').getByText('Head office: last push just now.').waitFor();
    await app.shot('settings-head-office');

    await page.getByRole('button', { name: 'End of day' }).click();
    await page.getByTestId('head-office-push').getByText('Head office: last push just now.').waitFor();

    await page.getByRole('button', { name: 'Head office', exact: true }).click();
    await page.getByTestId('fleet-tills').getByText('till-e2e').waitFor();
    expect(await page.getByTestId('fleet-summary').textContent()).toMatch(/^Tills: 1; Z reports missing: 1;/);
    expect(await page.getByTestId('fleet-tills').textContent()).toContain('€12.50');
    await app.shot('head-office-fleet');
    expect(await page.content()).not.toContain(PASSWORD);
  }, 90_000);
});
