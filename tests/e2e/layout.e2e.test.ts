import { afterEach, describe, expect, it } from 'vitest';
import type { MessageKey } from '../../renderer/src/lib/i18n/en.ts';
import { translate, type Language } from '../../renderer/src/lib/i18n/translate.ts';
import { settledSale, startApp, TERMINAL, type AppOptions, type RunningApp } from './bridge.ts';

/**
 * Issue 12 items 10 and 7 (layout) in Chromium on a real core: what must be on screen is on
 * screen, whole, at the sizes a till runs at (1024x768, 1024x600, portrait 800x1280), in English
 * and Greek, and walking a list with the arrow keys changes nothing.
 */
describe('layout: what must be seen is on screen and whole', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function start(options: AppOptions & { language?: Language }): Promise<{ running: RunningApp; t: (key: MessageKey) => string }> {
    app = await startApp(options);
    const language = options.language ?? 'en';
    return { running: app, t: (key) => translate(language, key) };
  }

  it.each(['en', 'el'] as const)('the journal detail shows the history in its first screenful at 1024x768 (%s)', async (language) => {
    const { running, t } = await start({ language });
    const { page } = running;
    const paid = await settledSale(running, 2500, 'table-1');
    await page.getByRole('button', { name: t('nav.journal'), exact: true }).click();
    await page.locator(`[data-session-id="${paid.sessionId}"]`).click();
    const detail = page.getByTestId('session-detail');
    await detail.getByTestId('journal-verified').waitFor();
    const viewport = page.viewportSize()!;
    const bottomOfFirstEvent = await detail.getByTestId('event-timeline').locator('li').first().evaluate((li) => {
      const pane = li.closest('[data-testid="session-detail"]') as HTMLElement;
      return { bottom: li.getBoundingClientRect().bottom, paneBottom: pane.getBoundingClientRect().bottom, scrolled: pane.scrollTop, pageScrolled: window.scrollY };
    });
    // Nothing scrolled, and the history's heading and first event are inside the pane and the window.
    expect(bottomOfFirstEvent.scrolled).toBe(0);
    expect(bottomOfFirstEvent.pageScrolled).toBe(0);
    expect(bottomOfFirstEvent.bottom).toBeLessThanOrEqual(Math.min(bottomOfFirstEvent.paneBottom, viewport.height));
    await running.shot(`layout-journal-history-${language}`);
  });

  it('in portrait (800x1280, Greek) with a session open, the amount column stays, whole', async () => {
    const { running, t } = await start({ language: 'el', viewport: { width: 800, height: 1280 }, touch: true });
    const { page } = running;
    const paid = await settledSale(running, 123_456, 'table-1');
    await page.getByRole('button', { name: t('nav.journal'), exact: true }).click();
    const row = page.locator(`[data-session-id="${paid.sessionId}"]`);
    await row.tap();
    await page.getByTestId('journal-verified').waitFor();
    const amount = row.locator('.num');
    expect(await amount.textContent()).toContain('1.234,56');
    const fit = await amount.evaluate((cell) => {
      const list = cell.closest('.list') as HTMLElement;
      const c = cell.getBoundingClientRect();
      const l = list.getBoundingClientRect();
      return { width: c.width, inside: c.left >= l.left && c.right <= l.right, clipped: cell.scrollWidth > cell.clientWidth };
    });
    expect(fit).toEqual({ width: expect.any(Number), inside: true, clipped: false });
    expect(fit.width).toBeGreaterThan(40);
    expect(await page.locator('.columns').getByText(t('journal.col.amount'), { exact: true }).isVisible()).toBe(true);
    await running.shot('layout-journal-portrait-el');
  });

  it('in portrait (800x1280) the checkout keeps its width: the virtual terminal goes under it', async () => {
    const { running, t } = await start({ language: 'el', viewport: { width: 800, height: 1280 }, touch: true });
    const { page } = running;
    const amount = page.getByLabel(t('checkout.amount'), { exact: true });
    await amount.waitFor();
    const field = (await amount.boundingBox())!;
    const terminal = (await page.getByTestId('terminal-screen').boundingBox())!;
    expect(field.width).toBeGreaterThanOrEqual(400);
    expect(terminal.y).toBeGreaterThan(field.y + field.height);
  });

  it('the Greek "Απορρίφθηκε" badge is whole in the journal, with and without the detail open', async () => {
    const { running, t } = await start({ language: 'el' });
    const { page } = running;
    const declined = await settledSale(running, 1007, 'table-2');
    await page.getByRole('button', { name: t('nav.journal'), exact: true }).click();
    const row = page.locator(`[data-session-id="${declined.sessionId}"]`);
    const badge = row.locator('[data-state="declined"]');
    const whole = () =>
      badge.evaluate((element) => {
        const cell = element.parentElement as HTMLElement;
        const b = element.getBoundingClientRect();
        const c = cell.getBoundingClientRect();
        return element.scrollWidth <= element.clientWidth && b.right <= c.right + 0.5 && cell.scrollWidth <= cell.clientWidth;
      });
    expect(await badge.textContent()).toBe('Απορρίφθηκε');
    expect(await whole()).toBe(true);
    await row.click();
    await page.getByTestId('session-detail').waitFor();
    expect(await whole()).toBe(true);
  });

  it('a long state ("Waiting for the customer") is whole in its journal row, with the detail open', async () => {
    const { running, t } = await start({ simulator: { customerTimeMs: 30_000 } });
    const { page } = running;
    const started = await running.call('startSale', { amount: 1600, merchantReference: 'table-6' });
    if (!started.ok) throw new Error(started.error.message);
    await page.getByRole('button', { name: t('nav.journal'), exact: true }).click();
    const row = page.locator(`[data-session-id="${started.value.sessionId}"]`);
    const badge = row.locator('[data-state="pending"]');
    await badge.waitFor({ timeout: 10_000 });
    await row.click();
    await page.getByTestId('session-detail').waitFor();
    expect(await badge.textContent()).toBe(t('state.pending'));
    const fit = await badge.evaluate((element) => {
      const cell = element.parentElement as HTMLElement;
      const b = element.getBoundingClientRect();
      const c = cell.getBoundingClientRect();
      return element.scrollWidth <= element.clientWidth && b.right <= c.right + 0.5 && b.bottom <= c.bottom + 0.5;
    });
    expect(fit).toBe(true);
  });

  it('the virtual terminal: idle again after New sale, and Decline on screen at 1024x600', async () => {
    const { running, t } = await start({ viewport: { width: 1024, height: 600 } });
    const { page } = running;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('4201');
    await page.keyboard.press('Enter');
    const screen = page.getByTestId('terminal-screen');
    await screen.getByText(t('vt.presentCard')).waitFor();
    const decline = page.getByRole('button', { name: t('vt.decline'), exact: true });
    const box = (await decline.boundingBox())!;
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    await running.shot('layout-virtual-terminal-1024x600');
    await page.getByRole('button', { name: t('vt.tap') }).click();
    await page.getByRole('heading', { name: t('result.approved') }).waitFor();
    expect(await screen.textContent()).toContain(t('result.approved'));
    await page.getByRole('button', { name: t('checkout.newSale') }).click();
    // The next customer must not see the last one's "Approved".
    await screen.getByText(t('vt.idle')).waitFor();
    expect(await screen.textContent()).not.toContain(t('result.approved'));
  });

  it('arrowing through the terminal list does not change the default; Enter or the button does', async () => {
    const { running, t } = await start({});
    const { page } = running;
    const defaultTerminal = async () => {
      const settings = await running.call('getSettings');
      return settings.ok ? settings.value.settings.defaultTerminalId : null;
    };
    await page.getByRole('button', { name: t('nav.settings'), exact: true }).click();
    const first = page.getByRole('radio', { name: new RegExp(TERMINAL) });
    await first.waitFor();
    expect(await first.isChecked()).toBe(true);
    await first.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /16000002/ }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /16000003/ }).isChecked()).toBe(true);
    // Give a save that should not happen the time to happen.
    await page.waitForTimeout(300);
    expect(await defaultTerminal()).toBe(TERMINAL);
    await running.shot('layout-terminal-choice-pending');
    await page.keyboard.press('Enter');
    await expect.poll(defaultTerminal, { timeout: 5_000 }).toBe('16000003');
    // The window has taken the saved settings in (the saved note shows), and the keyboard is on the
    // terminal the cashier chose: on a loaded machine the store's answer can come after the poll above.
    await page.getByRole('status').filter({ hasText: translate('en', 'settings.terminal.saved').replace('{terminal}', '16000003') }).waitFor();
    await page.getByRole('radio', { name: /16000003/ }).focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(300);
    expect(await defaultTerminal()).toBe('16000003');
    await page.getByRole('button', { name: translate('en', 'settings.terminal.useAsDefault').replace('{terminal}', '16000002') }).click();
    await expect.poll(defaultTerminal, { timeout: 5_000 }).toBe('16000002');
    // A click (or tap) on a terminal is a choice: stored at once.
    await page.getByRole('radio', { name: new RegExp(TERMINAL) }).click();
    await expect.poll(defaultTerminal, { timeout: 5_000 }).toBe(TERMINAL);
  });

  it.each([
    ['el', { width: 1024, height: 768 }],
    ['el', { width: 800, height: 1280 }],
    ['en', { width: 800, height: 1280 }],
  ] as const)('the settings radios keep their size beside long labels (%s %o)', async (language, viewport) => {
    const { running, t } = await start({ language, viewport });
    const { page } = running;
    await page.getByRole('button', { name: t('nav.settings'), exact: true }).click();
    await page.getByRole('radio', { name: new RegExp(TERMINAL) }).waitFor();
    const sizes = await page.locator('input[type="radio"]').evaluateAll((radios) => radios.map((radio) => {
      const box = radio.getBoundingClientRect();
      return [Math.round(box.width * 10) / 10, Math.round(box.height * 10) / 10];
    }));
    expect(sizes.length).toBeGreaterThanOrEqual(6);
    // 1.4rem square, every one.
    for (const size of sizes) expect(size).toEqual([22.4, 22.4]);
  });
});
