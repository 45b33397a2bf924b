import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './bridge.ts';

/**
 * Issue 12 items 3 and 5 in Chromium on a real core: the amount entry does not trap the cashier
 * (Try again, the decimal separator, a big amount, Esc), and Production is never one click away.
 */
describe('safe amount entry and a guarded Production switch', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function sessions(running: RunningApp): Promise<[number, string][]> {
    const list = await running.call('listSessions', {});
    return list.ok ? list.value.sessions.map((s) => [s.amount, s.state]) : [];
  }

  it('after Try again the first digit replaces the old amount (10.02 then 1500 is 15.00, not 100,215.00)', async () => {
    app = await startApp();
    const { page } = app;
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.waitFor();
    await page.keyboard.type('1002');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Declined' }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).click();
    // The old amount is offered again (Enter would charge it), until the first digit.
    expect(await amount.inputValue()).toBe('€10.02');
    await page.keyboard.type('1500');
    expect(await amount.inputValue()).toBe('€15.00');
    await page.getByRole('button', { name: 'Charge €15.00' }).waitFor();
  });

  it('"12.5" is 12.50 and "7,25" is 7.25: the decimal separator is taken, not refused', async () => {
    app = await startApp();
    const { page } = app;
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.waitFor();
    await page.keyboard.type('12.5');
    expect(await amount.inputValue()).toBe('€12.50');
    expect(await page.getByText(/Only digits/).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.keyboard.type('7,25');
    expect(await amount.inputValue()).toBe('€7.25');
    await app.shot('amount-decimal-separator');
  });

  it('a 300,110.10 sale asks for a second look before it goes to the terminal', async () => {
    app = await startApp();
    const { page } = app;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('30011010');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('€300,110.10');
    await app.shot('amount-confirm-large');
    // Enter again does not send it: the focus is on going back to the amount.
    await page.keyboard.press('Enter');
    expect(await confirm.count()).toBe(0);
    expect(await sessions(app)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog').getByRole('button', { name: /^Charge €300,110\.10/ }).click();
    // Sent now (a .10 ending is the Simulator's "cardholder cancels", so its outcome is not the point).
    const running = app;
    await expect.poll(async () => (await sessions(running)).map(([minor]) => minor)).toEqual([30_011_010]);
  });

  it('Esc on the entry screen clears the amount with an undo', async () => {
    app = await startApp();
    const { page } = app;
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.waitFor();
    await page.keyboard.type('4250');
    await page.keyboard.press('Escape');
    expect(await amount.inputValue()).toBe('€0.00');
    await app.shot('amount-cleared-undo');
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await amount.inputValue()).toBe('€42.50');
  });

  it('Production only after a confirmation that names it, then a permanent LIVE indicator', async () => {
    app = await startApp();
    const { page } = app;
    await page.getByTestId('training-banner').waitFor();
    expect(await page.getByTestId('live-banner').count()).toBe(0);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: /Production/ }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Production');
    const before = await app.call('getSettings');
    expect(before.ok && before.value.settings.environment).toBe('simulator');
    expect(await page.getByRole('radio', { name: /Simulator/ }).isChecked()).toBe(true);
    await app.shot('environment-confirm-production');

    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('radio', { name: /Simulator/ }).isChecked()).toBe(true);

    await page.getByRole('radio', { name: /Production/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: /Switch to Production/ }).click();
    await page.getByTestId('live-banner').waitFor();
    const after = await app.call('getSettings');
    expect(after.ok && after.value.settings.environment).toBe('production');
    expect(await page.getByTestId('training-banner').count()).toBe(0);
    // On every screen, not only Settings.
    await page.getByRole('button', { name: 'Checkout' }).click();
    expect(await page.getByTestId('live-banner').textContent()).toMatch(/LIVE/);
    await app.shot('live-banner-production');
  });
});
