import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../electron/core/journal/index.ts';
import { translate } from '../../renderer/src/lib/i18n/translate.ts';
import { settledSale, startApp, type RunningApp } from './bridge.ts';

/**
 * Issue 12 item 8 (refunds in the journal) in Chromium on a real core and simulator: a refund made
 * from the detail panel is in the list at once, listed under its sale, the sale's row says
 * "partially refunded" / "refunded" and what is left, and the refund is keyed with the checkout's
 * own amount entry (cents keypad, the locale's separator: the Greek default reads 44,00 €).
 */
describe('refunds in the journal', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function refundsOf(running: RunningApp, parentSessionId: string): Promise<SessionRecord[]> {
    const list = await running.call('listSessions', { kind: 'refund' });
    return list.ok ? list.value.sessions.filter((s) => s.parentSessionId === parentSessionId) : [];
  }

  it('a refund from the detail shows at once, under its sale, and the sale row is marked with what is left', async () => {
    app = await startApp();
    const running = app;
    const { page } = running;
    await settledSale(running, 1200, 'table-1', ['approved']);
    const paid = await settledSale(running, 4000, 'table-3', ['approved']);
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const rows = page.locator('[data-session-id]');
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(2);
    const saleRow = page.locator(`[data-session-id="${paid.sessionId}"]`);
    await saleRow.click();
    const detail = page.getByTestId('session-detail');
    await detail.getByTestId('refund-remaining').waitFor();

    // The checkout's refund entry: the rest offered, the first digit replaces it.
    await detail.getByRole('button', { name: 'Refund…' }).click();
    const amount = detail.getByLabel('Refund amount');
    expect(await amount.inputValue()).toBe('€40.00');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('refund-amount');
    await page.keyboard.type('1500');
    expect(await amount.inputValue()).toBe('€15.00');
    await running.shot('journal-refund-entry');
    await detail.getByRole('button', { name: 'Refund €15.00' }).click();
    await detail.getByText(/Refund of €15\.00 sent to terminal 16000001/).waitFor();

    // In the list at once, without "More sessions match now".
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(3);
    expect(await page.getByRole('button', { name: /More sessions match now/ }).count()).toBe(0);
    const [refund] = await refundsOf(running, paid.sessionId);
    expect(refund).toMatchObject({ amount: 1500 });
    expect(await rows.first().getAttribute('data-session-id')).toBe(refund!.sessionId);

    // Listed under its sale in the detail, and the sale's row marked once it is approved.
    const listed = detail.getByTestId('sale-refunds').locator(`[data-refund-id="${refund!.sessionId}"]`);
    await listed.waitFor();
    expect(await listed.textContent()).toContain('€15.00');
    await expect.poll(async () => saleRow.locator('[data-mark]').textContent().catch(() => null), { timeout: 15_000 }).toBe('Partially refunded');
    expect(await saleRow.getByTestId('refund-left').textContent()).toBe('€25.00 left');
    await expect.poll(() => listed.locator('[data-state]').getAttribute('data-state'), { timeout: 15_000 }).toBe('approved');
    await running.shot('journal-partially-refunded');

    // The rest: the sale reads "Refunded", nothing left.
    await detail.getByRole('button', { name: 'Refund…' }).click();
    await detail.getByRole('button', { name: 'Refund €25.00' }).click();
    await expect.poll(async () => saleRow.locator('[data-mark]').textContent().catch(() => null), { timeout: 15_000 }).toBe('Refunded');
    expect(await saleRow.getByTestId('refund-left').textContent()).toBe('€0.00 left');
    await expect.poll(() => detail.getByTestId('sale-refunds').locator('li').count(), { timeout: 5_000 }).toBe(2);
    await expect.poll(async () => detail.getByTestId('refund-remaining').textContent(), { timeout: 5_000 }).toMatch(/€0\.00 of €40\.00/);
    await running.shot('journal-refunded');
    // The other sale has no mark.
    expect(await rows.last().locator('[data-mark]').count()).toBe(0);
  });

  it('in Greek the refund offers 44,00 € with a decimal comma, and takes cents like the checkout', async () => {
    app = await startApp({ language: 'el' });
    const running = app;
    const { page } = running;
    const paid = await settledSale(running, 4400, 'τραπέζι-4', ['approved']);
    await page.getByRole('button', { name: translate('el', 'nav.journal'), exact: true }).click();
    await page.locator(`[data-session-id="${paid.sessionId}"]`).click();
    const detail = page.getByTestId('session-detail');
    await detail.getByRole('button', { name: translate('el', 'refund.open') }).click();
    const amount = detail.getByLabel(translate('el', 'refund.amount'));
    expect(await amount.inputValue()).toMatch(/^44,00\s€$/);
    await running.shot('journal-refund-entry-el');
    // The keypad's separator is the locale's: 12,5 is 12,50.
    await detail.getByRole('button', { name: '1', exact: true }).click();
    await detail.getByRole('button', { name: '2', exact: true }).click();
    await detail.getByRole('button', { name: translate('el', 'checkout.separator') }).click();
    await detail.getByRole('button', { name: '5', exact: true }).click();
    expect(await amount.inputValue()).toMatch(/^12,50\s€$/);
    await detail.getByRole('button', { name: /^Επιστροφή 12,50/ }).click();
    await expect.poll(async () => (await refundsOf(running, paid.sessionId)).map((r) => r.amount), { timeout: 5_000 }).toEqual([1250]);
  });
});
