import { afterEach, describe, expect, it } from 'vitest';
import type { AttentionItem } from '../../electron/domain/attention.ts';
import { startApp, TERMINAL, type RunningApp } from './bridge.ts';

/**
 * Money never slips out of view (issue 12, items 1 and 4), in Debian's Chromium on a real core and
 * simulator: a payment that went through after an abort (.13) waits for a refund or an explicit,
 * journaled "Keep the payment"; an unknown payment (.04: never delivered) can be set aside to serve
 * the next customer, stays on the attention list, and blocks only a retry of the same sale.
 */
describe('the attention list in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function attentionOf(running: RunningApp): Promise<AttentionItem[]> {
    const result = await running.call('attentionList');
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  async function paidAfterAbort(running: RunningApp): Promise<string> {
    const { page } = running;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('1013');
    await page.keyboard.press('Enter');
    await page.getByText('Waiting for the customer on the terminal').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    await page.getByTestId('paid-after-abort').waitFor();
    const [item] = await attentionOf(running);
    expect(item).toMatchObject({ kind: 'paid-after-abort', session: { amount: 1013, terminalId: TERMINAL } });
    return item!.session!.sessionId;
  }

  it('paid after abort: one Enter does not drop it; it stays on the list (checkout and End of day) until the refund is approved', async () => {
    app = await startApp();
    const { page } = app;
    const sessionId = await paidAfterAbort(app);
    await page.getByText('A refund means the customer presents the card on the terminal again.').waitFor();
    await app.shot('attention-paid-after-abort');

    // One Enter: the focus is on the refund, never on New sale.
    await page.keyboard.press('Enter');
    await page.getByText('Refunding €10.13').waitFor();
    const list = page.getByTestId('attention');
    await list.getByText('Paid after abort').waitFor();
    await list.getByText('A refund of it is under way.').waitFor();
    expect(await attentionOf(app)).toMatchObject([{ kind: 'paid-after-abort', refundOpen: true, session: { sessionId } }]);

    // The journal row and End of day say what it is.
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const row = page.locator(`[data-session-id="${sessionId}"]`);
    await row.getByTestId('alert-mark').waitFor();
    expect(await row.getByTestId('alert-mark').textContent()).toBe('paid after abort');
    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await page.getByTestId('attention').getByText('Paid after abort').waitFor();

    // The customer presents the card: the refund is approved, and only then does the item leave.
    app.simulator().customer(TERMINAL, { action: 'tap' });
    await page.getByTestId('attention').getByText('No payment needs attention.').waitFor({ timeout: 10_000 });
    expect(await attentionOf(app)).toEqual([]);
  });

  it('paid after abort: "Keep the payment" is journaled with who decided, and shown', async () => {
    app = await startApp();
    const { page } = app;
    const sessionId = await paidAfterAbort(app);
    await page.getByRole('button', { name: 'Keep the payment' }).click();
    await page.getByLabel('Your name').fill('Maria');
    await page.getByRole('button', { name: 'Keep €10.13: the customer stays charged' }).click();
    expect(await page.getByTestId('kept').textContent()).toBe('Kept by Maria: the customer stays charged.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New sale');
    await app.shot('attention-kept');

    expect(app.shell.host.journal().eventsOf(sessionId).at(-1)).toMatchObject({ type: 'decision', payload: { decision: 'keep-payment', operator: 'Maria' } });
    expect(await attentionOf(app)).toEqual([]);
    expect(app.shell.host.journal().verify()).toMatchObject({ ok: true });
    // The journal's detail tells the decision.
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.locator(`[data-session-id="${sessionId}"]`).click();
    await page.getByText('Payment kept').waitFor();
  });

  it('an unknown payment set aside stays on the list while the next sale goes through; the same sale is refused', async () => {
    app = await startApp({ engine: { deadlineMs: 1_500, abortGraceMs: 300, unknownRetryMs: 100, backgroundTickMs: 50, neverDeliveredAfterMs: 800 } });
    const { page } = app;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('1004');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Outcome unknown' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('what-to-check').waitFor();
    const [lost] = await attentionOf(app);
    expect(lost).toMatchObject({ kind: 'unknown', setAside: null, session: { amount: 1004 } });

    await page.getByRole('button', { name: 'Serve the next customer' }).click();
    await page.getByLabel('Amount', { exact: true }).waitFor();
    const list = page.getByTestId('attention');
    await list.getByText('Outcome unknown').waitFor();
    await list.getByText(/^Set aside at /).waitFor();
    // Journaled (the background's checks of the unknown payment may add events after it).
    expect(app.shell.host.journal().eventsOf(lost!.session!.sessionId).filter((e) => e.type === 'decision')).toMatchObject([{ payload: { decision: 'set-aside' } }]);

    // The same sale again: refused, nothing sent.
    await page.keyboard.type('1004');
    await page.keyboard.press('Enter');
    await page.locator('[data-code="unresolved-unknown"]').waitFor();
    expect(app.shell.host.journal().listSessions({}).sessions).toHaveLength(1);

    // The next customer is served on the same terminal.
    await page.keyboard.press('Escape');
    await page.keyboard.type('1250');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Approved' }).waitFor({ timeout: 10_000 });
    expect(await attentionOf(app)).toMatchObject([{ kind: 'unknown', session: { sessionId: lost!.session!.sessionId } }]);

    // Leaving the screen does not bring it back on the checkout; the list still has it.
    await page.getByRole('button', { name: 'New sale' }).click();
    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    await page.getByRole('button', { name: 'Checkout', exact: true }).click();
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await list.getByText('Outcome unknown').waitFor();
    expect(await page.getByRole('heading', { name: 'Outcome unknown' }).count()).toBe(0);
    await app.shot('attention-set-aside');

    // Shown again from the list, with the engine's evidence: the recommended resolution settles it.
    await list.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('diagnosis-recommended').waitFor({ timeout: 15_000 });
    await page.getByTestId('diagnosis').getByLabel('Your name').fill('Maria');
    await page.getByRole('button', { name: 'Not charged: resolve as failed' }).click();
    await page.getByRole('heading', { name: 'Not completed' }).waitFor();
    expect(await attentionOf(app)).toEqual([]);
  });

  it('with both banners at 1024x768, "Payments that need attention" stays on screen above another unknown payment', async () => {
    app = await startApp({ engine: { deadlineMs: 1_500, abortGraceMs: 300 } });
    const { page } = app;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('1004');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Serve the next customer' }).click({ timeout: 10_000 });
    // The terminal is free for the next customer: not marked busy.
    expect(await page.getByText('This terminal already has an open payment').count()).toBe(0);
    // The next customer's payment is unknown too: its panel (what to check, the actions) is tall.
    await page.keyboard.type('2104');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Outcome unknown' }).waitFor({ timeout: 10_000 });
    // A second banner beside the training one: Viva unreachable.
    app.shell.host.emit('status', { ...app.shell.host.status(), online: false });
    await page.getByTestId('offline-banner').waitFor();
    await page.getByTestId('training-banner').waitFor();
    const list = page.getByTestId('attention');
    for (const part of [list.getByRole('heading', { name: /Payments that need attention/ }), list.getByRole('button', { name: 'Show' })]) {
      const box = await part.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    }
    await app.shot('attention-both-banners-1024x768');
  });
});
