import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../integration/main/shell-harness.ts';
import type { MessageKey } from '../../renderer/src/lib/i18n/en.ts';
import { translate, type Language } from '../../renderer/src/lib/i18n/translate.ts';
import { SCREENSHOTS_DIR, startApp, TERMINAL, type RunningApp } from './bridge.ts';

/**
 * Every screen and dialog of the till, in English and Greek, at 1024x768 and in portrait
 * (800x1280), light and (for two of them) dark: each state is checked by axe-core (0 violations,
 * through app.shot) and photographed under test-results/screenshots/screens/, named
 * <language>-<size>-<theme>-<nn>-<state>.png, for a person to look at.
 */
const COMBINATIONS = [
  { language: 'en', width: 1024, height: 768, theme: 'light' },
  { language: 'el', width: 1024, height: 768, theme: 'light' },
  { language: 'en', width: 800, height: 1280, theme: 'light' },
  { language: 'el', width: 800, height: 1280, theme: 'light' },
  { language: 'en', width: 1024, height: 768, theme: 'dark' },
  { language: 'el', width: 800, height: 1280, theme: 'dark' },
] as const;

/** The words on screen, from the catalogue itself, so a change of wording does not break the walk. */
function words(language: Language) {
  const t = (key: MessageKey) => translate(language, key);
  return {
    welcome: t('firstRun.title'),
    next: t('firstRun.next'),
    start: t('firstRun.finish'),
    amount: t('checkout.amount'),
    approved: t('result.approved'),
    declined: t('result.declined'),
    unknown: t('result.unknown'),
    newSale: t('checkout.newSale'),
    tap: t('vt.tap'),
    back: t('checkout.confirmLarge.back'),
    journal: t('nav.journal'),
    reconciliation: t('nav.reconciliation'),
    run: t('recon.run'),
    endOfDay: t('nav.endOfDay'),
    closeDay: t('eod.close.start'),
    settings: t('nav.settings'),
    production: new RegExp(t('env.production')),
    cancel: t('action.cancel'),
    refundOpen: t('refund.open'),
    refundAmount: t('refund.amount'),
    refundSubmit: t('refund.submit').replace('{amount}', ''),
  };
}

describe('every screen, English and Greek, 1024x768 and portrait, through axe-core', () => {
  let app: RunningApp | undefined;
  // Only this run's pictures: a state renamed or gone must not leave an old picture behind.
  beforeAll(() => rmSync(join(SCREENSHOTS_DIR, 'screens'), { recursive: true, force: true }));
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  it.each(COMBINATIONS)('$language $width x $height $theme', async ({ language, width, height, theme }) => {
    const w = words(language);
    app = await startApp({ firstRun: true, language, viewport: { width, height }, colorScheme: theme });
    const running = app;
    const { page } = running;
    let n = 0;
    const shot = (state: string) => running.shot(`screens/${language}-${width}x${height}-${theme}-${String((n += 1)).padStart(2, '0')}-${state}`);
    const amount = page.getByLabel(w.amount, { exact: true });
    const type = async (keys: string) => {
      await amount.focus();
      await page.keyboard.press('Escape');
      await page.keyboard.type(keys);
    };

    await page.getByRole('heading', { name: w.welcome }).waitFor();
    await shot('first-run-environment');
    await page.getByRole('button', { name: w.next }).click();
    await page.getByRole('radio', { name: new RegExp(TERMINAL) }).waitFor();
    await shot('first-run-terminal');
    await page.getByRole('button', { name: w.start }).click();

    await amount.waitFor();
    await shot('checkout');
    await type('30011099');
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog').waitFor();
    await shot('dialog-confirm-amount');
    await page.getByRole('alertdialog').getByRole('button', { name: w.back }).click();

    // .01 waits for the customer on the virtual terminal.
    await type('4401');
    await page.keyboard.press('Enter');
    await page.getByTestId('terminal-screen').locator('.big').waitFor();
    await shot('checkout-in-progress');
    await page.getByRole('button', { name: w.tap }).click();
    await page.getByRole('heading', { name: w.approved }).waitFor();
    await shot('checkout-approved');
    await page.getByRole('button', { name: w.newSale }).click();

    await type('1007');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: w.declined }).waitFor();
    await shot('checkout-declined');
    await page.getByRole('button', { name: w.newSale }).click();

    // .09 loses the dispatch answer: unknown until the customer finishes on the terminal.
    running.simulator().configureTerminal(TERMINAL, { customerTimeMs: 60_000 });
    await type('1009');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: w.unknown }).waitFor();
    await shot('checkout-unknown');
    await page.getByRole('button', { name: w.tap }).click();
    await page.getByRole('heading', { name: w.approved }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: w.newSale }).click();
    running.simulator().configureTerminal(TERMINAL, { customerTimeMs: 400 });

    await page.getByRole('button', { name: w.journal, exact: true }).click();
    const rows = page.locator('[data-session-id]');
    await expect.poll(() => rows.count()).toBe(3);
    await shot('journal');
    await rows.nth(1).click();
    await page.getByTestId('journal-verified').waitFor();
    await shot('journal-detail-declined');
    await rows.nth(2).click();
    await page.getByTestId('refund-remaining').waitFor();
    await page.getByTestId('journal-verified').waitFor();
    await shot('journal-detail-approved');
    // A part refunded from the journal: the refund entry, then the sale's row marked with what is left.
    await page.getByTestId('session-detail').getByRole('button', { name: w.refundOpen }).click();
    await page.getByTestId('session-detail').getByLabel(w.refundAmount).waitFor();
    await page.keyboard.type('1000');
    await shot('dialog-refund');
    await page.getByTestId('session-detail').getByRole('button', { name: new RegExp(`^${w.refundSubmit}`) }).click();
    await page.locator('[data-session-id] [data-mark="partially-refunded"]').waitFor({ timeout: 15_000 });
    await shot('journal-refunded');

    running.simulator().seedSession({ amount: 3300, terminalId: TERMINAL, cashRegisterId: 'till-2', merchantReference: 'lost-write', outcome: 'approved' });
    await page.getByRole('button', { name: w.reconciliation, exact: true }).click();
    await page.getByRole('button', { name: w.run }).click();
    await page.getByTestId('recon-summary').waitFor();
    await page.locator('[data-difference-id]').first().waitFor();
    await shot('reconciliation');

    await page.getByRole('button', { name: w.endOfDay, exact: true }).click();
    await page.getByTestId('day-status').waitFor();
    await page.getByTestId('hour-chart').waitFor();
    await shot('end-of-day');
    await page.getByRole('button', { name: w.closeDay }).click();
    await page.getByTestId('close-day').waitFor();
    await shot('dialog-close-day');

    await page.getByRole('button', { name: w.settings, exact: true }).click();
    await page.getByRole('radio', { name: new RegExp(TERMINAL) }).waitFor();
    await shot('settings');
    await page.getByRole('radio', { name: w.production }).click();
    await page.getByRole('alertdialog').waitFor();
    await shot('dialog-environment');
    await page.getByRole('alertdialog').getByRole('button', { name: w.cancel }).click();
    await eventually(async () => (await running.call('getSettings')).ok, 'settings to answer');
  }, 120_000);
});
