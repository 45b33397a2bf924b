import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './bridge.ts';

/** The Simulator's virtual terminal, the language switch and the themes, in Chromium on a real core. */
describe('training and language', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  it('a sale completed by acting as the customer on the virtual terminal, and one declined with a chosen reason', async () => {
    app = await startApp();
    const { page } = app;
    await page.getByTestId('training-banner').waitFor();
    await page.getByLabel('Amount', { exact: true }).waitFor();
    // .01 waits for the customer.
    await page.keyboard.type('4201');
    await page.keyboard.press('Enter');
    const screen = page.getByTestId('terminal-screen');
    await screen.getByText('Present card').waitFor();
    expect(await screen.textContent()).toContain('€42.01');
    await app.shot('virtual-terminal-present-card');
    await page.getByRole('button', { name: 'Tap card' }).click();
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    await screen.getByText('Approved').waitFor();
    await app.shot('virtual-terminal-approved');

    await page.getByRole('button', { name: 'New sale' }).click();
    await page.keyboard.type('1501');
    await page.keyboard.press('Enter');
    await screen.getByText('Present card').waitFor();
    await page.getByLabel('Decline reason').selectOption({ label: 'Insufficient funds on the card.' });
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await page.getByRole('heading', { name: 'Declined' }).waitFor();
    expect(await page.getByTestId('reason').textContent()).toBe('Insufficient funds on the card.');
    const list = await app.call('listSessions', {});
    expect(list.ok && list.value.sessions.map((s) => [s.amount, s.state, s.vivaEventId])).toEqual([
      [1501, 'declined', 1020],
      [4201, 'approved', 0],
    ]);
  });

  it('switches to Greek: messages, amounts through Intl, persisted in the settings', async () => {
    app = await startApp();
    const { page } = app;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.getByLabel('Language').selectOption('el');
    await page.getByRole('button', { name: 'Ταμείο' }).waitFor();
    expect(await page.getByTestId('training-banner').textContent()).toMatch(/δεν κινούνται πραγματικά χρήματα/);
    await page.getByLabel('Ποσό', { exact: true }).focus();
    await page.keyboard.type('123456');
    expect(await page.getByLabel('Ποσό', { exact: true }).inputValue()).toMatch(/^1\.234,56\s€$/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('el');
    await app.shot('checkout-greek');
    const saved = await app.call('getSettings');
    expect(saved.ok && saved.value.settings.language).toBe('el');
    await page.keyboard.press('Enter');
    // 1.234,56 € is above the till's confirmation threshold (1.000,00 €): asked once, in Greek.
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('heading', { name: /^Χρέωση 1\.234,56\s€;$/ }).waitFor();
    await confirm.getByRole('button', { name: /^Χρέωση 1\.234,56/ }).click();
    await page.getByRole('heading', { name: 'Εγκρίθηκε' }).waitFor();
    await app.shot('checkout-greek-approved');
  });

  it('on a touch screen: the amount tapped on the keypad, the sale charged with a tap', async () => {
    app = await startApp({ touch: true });
    const { page } = app;
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.waitFor();
    for (const key of ['1', '2', '5', '0']) await page.getByRole('button', { name: key, exact: true }).tap();
    expect(await amount.inputValue()).toBe('€12.50');
    // Keypad taps leave the focus in the amount, so the keyboard still works after them.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('amount');
    const charge = page.getByRole('button', { name: 'Charge €12.50' });
    const box = await charge.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    await charge.tap();
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
  });

  it('opens in Greek when the settings say so, and follows a dark OS theme', async () => {
    app = await startApp({ language: 'el', colorScheme: 'dark' });
    const { page } = app;
    await page.getByLabel('Ποσό', { exact: true }).waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(18, 20, 23)');
    await app.shot('checkout-dark-greek');
  });
});
