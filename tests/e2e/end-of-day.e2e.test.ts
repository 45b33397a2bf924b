import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../integration/main/shell-harness.ts';
import { settledSale, startApp, type RunningApp } from './bridge.ts';

/**
 * End of day in Chromium on a real core and simulator: the day's totals and pictures, closing
 * the day with a Z report, and the CSV export through the (stubbed) save dialog, parsed back.
 * Magic amount .07 makes the simulated terminal decline.
 */
describe('end of day in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  it('shows the totals, closes the day (Z) and exports the CSV, which parses back to the sessions', async () => {
    app = await startApp();
    const { page } = app;
    const first = await settledSale(app, 2500, 'table-1');
    await settledSale(app, 1007, 'table-2');
    const third = await settledSale(app, 1250, 'table-3, "window"');

    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await expect.poll(async () => page.getByTestId('net-978').textContent().catch(() => null)).toBe('€37.50');
    expect(await page.getByTestId('day-status').textContent()).toMatch(/Open/);
    expect(await page.getByTestId('outcome-approvedSales').textContent()).toBe('2');
    expect(await page.getByTestId('outcome-declined').textContent()).toBe('1');
    expect(await page.getByTestId('hour-chart').locator('rect').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('terminal-chart').textContent()).toContain('16000001');
    await app.shot('end-of-day');

    await page.getByRole('button', { name: 'Close day (Z)…' }).click();
    await page.getByTestId('close-day').getByLabel('Your name').fill('Eleni');
    await page.getByRole('button', { name: 'Close the day' }).click();
    await page.getByText('The day is closed: Z report 1.').waitFor();
    expect(await page.getByTestId('day-status').textContent()).toMatch(/Closed: Z report 1/);
    const zReports = await app.call('zReports');
    expect(zReports.ok && zReports.value).toMatchObject([{ number: 1, override: null }]);
    await app.shot('end-of-day-closed');

    app.shell.dialogs.answer = 'day.csv';
    await page.getByRole('button', { name: 'CSV (one row per payment)' }).click();
    const saved = join(app.shell.dir, 'day.csv');
    await page.getByTestId('export-outcome').waitFor();
    expect(await page.getByTestId('export-outcome').textContent()).toContain(`Saved to ${saved}`);
    const rows = parse(readFileSync(saved, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    const byId = new Map(rows.map((row) => [row.session_id, row]));
    expect(byId.get(first.sessionId)).toMatchObject({ kind: 'sale', state: 'approved', currency: 'EUR', amount: '25.00', net_effect: '25.00', merchant_reference: 'table-1' });
    expect(byId.get(third.sessionId)).toMatchObject({ amount: '12.50', merchant_reference: 'table-3, "window"' });
    expect(rows.filter((row) => row.state === 'declined')).toHaveLength(1);
    await app.shot('end-of-day-exported');
  });

  it('reads in Greek in the dark theme, amounts and dates through Intl', async () => {
    app = await startApp({ language: 'el', colorScheme: 'dark' });
    const { page } = app;
    await settledSale(app, 2500, 'τραπέζι-1');
    await page.getByRole('button', { name: 'Κλείσιμο ημέρας', exact: true }).click();
    // el-GR writes the amount with a decimal comma and a no-break space before the sign.
    await expect.poll(async () => page.getByTestId('net-978').textContent().catch(() => null)).toBe('25,00\u00a0€');
    expect(await page.getByText('Πωλήσεις ανά ώρα').count()).toBe(1);
    await app.shot('end-of-day-el-dark');
    await page.getByRole('button', { name: 'Βιβλίο συναλλαγών', exact: true }).click();
    await page.locator('[data-session-id]').first().click();
    await page.getByTestId('journal-verified').waitFor();
    expect(await page.getByTestId('refund-remaining').textContent()).toMatch(/Μπορούν να επιστραφούν ακόμη 25,00\u00a0€ από 25,00\u00a0€/);
    await app.shot('journal-el-dark');
  });

  it('closes a day with an unknown payment only through the override, which the Z report keeps', async () => {
    app = await startApp();
    const { page } = app;
    await settledSale(app, 2500, 'table-1');
    // Viva stops answering for good: the next sale's outcome stays unknown.
    app.simulator().injectFaults({ count: 10_000, status: 'drop', afterProcessing: true });
    await app.call('startSale', { amount: 1250, merchantReference: 'unknown-one' });
    await eventually(async () => {
      const list = await app?.call('listSessions', { states: ['unknown'] });
      return list?.ok && list.value.sessions.length === 1;
    }, 'the sale to become unknown');

    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    const unresolved = page.getByTestId('unresolved');
    await unresolved.waitFor();
    expect(await unresolved.textContent()).toMatch(/Payments that need a decision: 1/);
    expect(await page.getByTestId('outcome-unknown').textContent()).toBe('1');

    await page.getByRole('button', { name: 'Close day (Z)…' }).click();
    const panel = page.getByTestId('close-day');
    expect(await panel.textContent()).toMatch(/Payments with an unknown outcome: 1/);
    await panel.getByLabel('Your name', { exact: true }).fill('Eleni');
    await panel.getByRole('checkbox', { name: 'Close the day although payments have an unknown outcome (1)' }).check();
    await panel.getByLabel('Reason for closing anyway').fill('Terminal offline; Viva support will confirm tomorrow');
    await app.shot('end-of-day-override');
    await panel.getByRole('button', { name: 'Close the day with the override' }).click();
    await page.getByText('The day is closed: Z report 1.').waitFor();
    expect(await page.getByText(/Closed with unknown payments by Eleni: Terminal offline/).count()).toBe(1);
    const zReports = await app.call('zReports');
    expect(zReports.ok && zReports.value).toMatchObject([{ number: 1, override: { operator: 'Eleni', reason: 'Terminal offline; Viva support will confirm tomorrow' } }]);
  });
});
