import { afterEach, describe, expect, it } from 'vitest';
import { el } from '../../renderer/src/lib/i18n/el.ts';
import { settledSale, startApp, type RunningApp } from './bridge.ts';

/**
 * The journal's search box in Chromium on a real core and simulator (issue 12 item 8): any part
 * of a reference, whatever the case, and an amount typed as the customer says it ("44 euros"),
 * with the locale's decimal separator.
 */
describe('journal search in Chromium', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function search(running: RunningApp, text: string): Promise<string[]> {
    const field = running.page.getByRole('searchbox');
    await field.fill(text);
    await field.press('Enter');
    const rows = running.page.locator('[data-session-id]');
    // The list settles on the new query's rows (the old ones go first).
    await expect.poll(async () => (await running.page.getByTestId('journal-count').textContent()) ?? '').not.toBe('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    return rows.allTextContents();
  }

  it('finds INV-3301 by "inv-3301" and "3301", and the 44.00 sale by "44"', async () => {
    app = await startApp();
    await settledSale(app, 1990, 'INV-3301', ['approved']);
    await settledSale(app, 4400, 'table-9', ['approved']);
    await settledSale(app, 1250, 'table-12', ['approved']);
    await app.page.getByRole('button', { name: 'Journal', exact: true }).click();
    const rows = app.page.locator('[data-session-id]');
    await expect.poll(() => rows.count()).toBe(3);

    for (const text of ['inv-3301', '3301']) {
      await expect.poll(async () => (await search(app as RunningApp, text)).join('|'), { timeout: 10_000 }).toMatch(/^[^|]*INV-3301[^|]*$/);
    }
    await expect.poll(async () => (await search(app as RunningApp, '44')).join('|'), { timeout: 10_000 }).toMatch(/^[^|]*table-9[^|]*$/);
    await expect.poll(async () => (await search(app as RunningApp, '44.00')).join('|'), { timeout: 10_000 }).toMatch(/^[^|]*table-9[^|]*$/);
    await app.shot('journal-search-amount');
  });

  it('reads the amount with the Greek decimal comma', async () => {
    app = await startApp({ language: 'el' });
    await settledSale(app, 4400, 'table-9', ['approved']);
    await settledSale(app, 1250, 'table-12', ['approved']);
    await app.page.getByRole('button', { name: el['nav.journal'], exact: true }).click();
    const rows = app.page.locator('[data-session-id]');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(async () => (await search(app as RunningApp, '44,00')).join('|'), { timeout: 10_000 }).toMatch(/^[^|]*table-9[^|]*$/);
  });
});
