import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../electron/core/journal/index.ts';
import { startApp, TERMINAL, type RunningApp } from './bridge.ts';

/**
 * The checkout in Debian's Chromium: the built renderer, window.ecr bridged to a real core and the
 * embedded simulator (magic amounts choose the outcome: .07 declines, .01 waits for the customer,
 * .09 loses the dispatch answer, .13 succeeds after an abort).
 */
describe('checkout in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function key(running: RunningApp, amount: string): Promise<void> {
    const field = running.page.getByLabel('Amount', { exact: true });
    await field.waitFor();
    await running.page.keyboard.type(amount);
  }

  async function journal(running: RunningApp, state?: string): Promise<SessionRecord[]> {
    const result = await running.call('listSessions', state ? { states: [state as 'approved'] } : {});
    if (!result.ok) throw new Error(result.error.message);
    return result.value.sessions;
  }

  it('an approved sale: keyed on the keyboard, charged with Enter, card details shown, receipt printable', async () => {
    app = await startApp();
    const { page } = app;
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.waitFor();
    await app.shot('checkout');
    await page.keyboard.type('2500');
    expect(await amount.inputValue()).toBe('€25.00');
    await page.keyboard.press('Enter');
    await page.getByText('Waiting for the customer on the terminal').waitFor();
    await app.shot('checkout-paying');
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    await app.shot('checkout-approved');
    expect(await page.getByTestId('result-amount').textContent()).toBe('€25.00');
    expect(await page.getByTestId('masked-pan').textContent()).toMatch(/X{4,}\d{4}$/);
    expect(await page.getByTestId('auth-code').textContent()).toMatch(/\S+/);
    const [sale] = await journal(app, 'approved');
    expect(sale).toMatchObject({ amount: 2500, terminalId: TERMINAL, state: 'approved' });

    // Print: the print stylesheet shows only the receipt.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('receipt').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'New sale' }).isVisible()).toBe(false);
    // Printed, the page is only the receipt (no landmarks, no headings): axe checks screens.
    await app.shot('receipt-print', { axe: false });
    await page.emulateMedia({ media: 'screen' });

    // New sale clears the amount and gives it the focus.
    await page.getByRole('button', { name: 'New sale' }).click();
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe('€0.00');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('amount');
  });

  it('a declined sale shows Viva’s reason in plain words', async () => {
    app = await startApp();
    const { page } = app;
    await key(app, '1007');
    await page.getByRole('button', { name: 'Charge €10.07' }).click();
    await page.getByRole('heading', { name: 'Declined' }).waitFor();
    expect(await page.getByTestId('reason').textContent()).toBe('The card declined the payment.');
    await app.shot('checkout-declined');
    // Try again keeps the amount.
    await page.getByRole('button', { name: 'Try again' }).click();
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe('€10.07');
  });

  it('Esc aborts a payment waiting for the customer', async () => {
    app = await startApp();
    const { page } = app;
    await key(app, '1001');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Abort/ }).waitFor();
    await page.getByText('Waiting for the customer on the terminal').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Aborted' }).waitFor();
    await app.shot('checkout-aborted');
    const [session] = await journal(app);
    expect(session).toMatchObject({ state: 'aborted', abortRequested: true });
  });

  it('unknown -> recovered: the customer may have been charged, no new sale until Viva confirms', async () => {
    // .09 loses the dispatch answer; the customer takes long enough for "check again" to still find nothing.
    app = await startApp();
    const { page } = app;
    app.simulator().configureTerminal(TERMINAL, { customerTimeMs: 45_000 });
    await key(app, '1009');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Outcome unknown' }).waitFor();
    expect(await page.getByTestId('unknown-explain').textContent()).toMatch(/may have been charged/);
    expect(await page.getByRole('button', { name: 'New sale' }).count()).toBe(0);
    // No New sale on it: the next customer is served by setting it aside, which blocks only this same sale.
    expect(await page.getByText(/Only this same sale is blocked/).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Serve the next customer' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByText(/still unknown/).waitFor();
    await app.shot('checkout-unknown');

    // The customer completes the payment on the terminal: Viva's answer settles it.
    await page.getByRole('button', { name: 'Tap card' }).click();
    await page.getByRole('heading', { name: 'Approved' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('recovered').waitFor();
    await app.shot('checkout-recovered');
    const [session] = await journal(app);
    expect(session).toMatchObject({ state: 'approved', amount: 1009 });
    expect(session?.resolution).not.toBeNull();
  });

  it('refunds part of an approved sale', async () => {
    app = await startApp();
    const { page } = app;
    await key(app, '2500');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    await page.getByRole('button', { name: 'Refund…' }).click();
    const refundAmount = page.getByLabel('Refund amount');
    await page.getByText('€25.00 of €25.00 can still be refunded.').waitFor();
    expect(await refundAmount.inputValue()).toBe('€25.00');
    await refundAmount.focus();
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Backspace');
    await page.keyboard.type('1000');
    await app.shot('refund-form');
    await page.getByRole('button', { name: 'Refund €10.00' }).click();
    await page.getByRole('heading', { name: 'Refund approved' }).waitFor();
    await app.shot('refund-approved');
    const sessions = await journal(app, 'approved');
    const sale = sessions.find((s) => s.kind === 'sale')!;
    expect(sessions.find((s) => s.kind === 'refund')).toMatchObject({ amount: 1000, parentSessionId: sale.sessionId });
    const refundable = await app.call('refundable', { sessionId: sale.sessionId });
    expect(refundable).toMatchObject({ ok: true, value: { remaining: 1500 } });
  });

  it('paid after abort: the alert offers a one-click refund', async () => {
    app = await startApp();
    const { page } = app;
    await key(app, '1013');
    await page.keyboard.press('Enter');
    await page.getByText('Waiting for the customer on the terminal').waitFor();
    await page.getByRole('button', { name: /Abort/ }).click();
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    await page.getByText('The customer paid although the payment was aborted.').waitFor();
    await app.shot('checkout-paid-after-abort');
    await page.getByRole('button', { name: 'Refund €10.13 now' }).click();
    // .13 waits for the customer on the terminal, the refund too: the trainee taps the card.
    await page.getByText('Refunding €10.13').waitFor();
    await page.getByRole('button', { name: 'Tap card' }).click();
    await page.getByRole('heading', { name: 'Refund approved' }).waitFor();
    const refunds = (await journal(app, 'approved')).filter((s) => s.kind === 'refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 1013 });
  });
});
