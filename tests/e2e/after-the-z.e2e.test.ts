import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../electron/core/journal/index.ts';
import { addDays } from '../../electron/domain/business-day.ts';
import { eventually } from '../integration/main/shell-harness.ts';
import { settledSale, startApp, type RunningApp } from './bridge.ts';

/**
 * Sales after the Z (issue 12 item 2, design.md §4: a closed business day is never extended), in
 * Chromium on a real core and simulator. The day is closed while the clock still reads it; the
 * checkout says before the next sale that it counts in the next business day, the sale lands
 * there (journal and End of day agree), the closed day shows nothing new, and a payment whose
 * outcome is unknown is in "needs a decision" of the day it belongs to.
 */
describe('sales after the Z report in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function settled(running: RunningApp, sessionId: string, states: string[]): Promise<SessionRecord> {
    return eventually(async () => {
      const now = await running.call('sessionStatus', { sessionId });
      return now.ok && now.value && states.includes(now.value.state) ? now.value : undefined;
    }, `session ${sessionId} to reach ${states.join('/')}`);
  }

  async function closeDay(running: RunningApp, override?: string): Promise<void> {
    const { page } = running;
    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await page.getByRole('button', { name: 'Close day (Z)…' }).click();
    const panel = page.getByTestId('close-day');
    await panel.getByLabel('Your name', { exact: true }).fill('Eleni');
    if (override) {
      await panel.getByRole('checkbox', { name: /Close the day although payments have an unknown outcome/ }).check();
      await panel.getByLabel('Reason for closing anyway').fill(override);
      await panel.getByRole('button', { name: 'Close the day with the override' }).click();
    } else {
      await page.getByRole('button', { name: 'Close the day' }).click();
    }
    await page.getByText('The day is closed: Z report 1.').waitFor();
  }

  async function showDay(running: RunningApp, day: string, label = 'Business day'): Promise<void> {
    const input = running.page.getByLabel(label, { exact: true });
    await input.fill(day);
    await input.dispatchEvent('change');
    await expect.poll(async () => running.page.getByTestId('day-status').count()).toBe(1);
  }

  it('the checkout says the next sale counts in the next business day; it does, and the closed day shows nothing new', async () => {
    app = await startApp();
    const { page } = app;
    const first = await settledSale(app, 2500, 'before-z');
    const day = first.businessDay;
    const next = addDays(day, 1);
    await closeDay(app);
    // Nothing says anything about the next day on the checkout before the close... and after it:
    await page.getByRole('button', { name: 'Checkout', exact: true }).click();
    const notice = page.getByTestId('next-day-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-business-day')).toBe(next);
    const text = (await notice.textContent()) ?? '';
    expect(text).toMatch(/is closed \(Z report 1, /);
    expect(text).toMatch(/New payments count in the next business day: /);
    expect(text).toContain(String(Number(next.slice(8, 10))));
    await app.shot('after-z-checkout-notice');

    // The cashier charges as usual.
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('1250');
    await page.getByRole('button', { name: 'Charge €12.50' }).click();
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    const listed = await app.call('listSessions', { businessDay: next });
    expect(listed.ok && listed.value.sessions.map((s) => [s.merchantReference, s.amount, s.businessDay])).toEqual([[null, 1250, next]]);
    const ofDay = await app.call('listSessions', { businessDay: day });
    expect(ofDay.ok && ofDay.value.sessions.map((s) => s.merchantReference)).toEqual(['before-z']);

    // End of day opens on the day the sale counts in, and says where that day began.
    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await expect.poll(async () => page.getByTestId('net-978').textContent().catch(() => null)).toBe('€12.50');
    expect(await page.getByTestId('day-status').textContent()).toMatch(/Open/);
    expect(await page.getByTestId('early-start').textContent()).toMatch(/was closed at .* \(Z report 1\); payments started since then count in this day/);
    await app.shot('after-z-end-of-day-next');

    // The closed day: its Z figures, nothing added, nothing "changed".
    await page.getByTestId('early-start').getByRole('button').click();
    await expect.poll(async () => page.getByTestId('day-status').textContent()).toMatch(/Closed: Z report 1/);
    expect(await page.getByTestId('net-978').textContent()).toBe('€25.00');
    expect(await page.getByTestId('outcome-sessions').textContent()).toBe('1');
    expect(await page.getByText(/changed after it was closed/).count()).toBe(0);
    expect(await page.getByTestId('late-outcomes').count()).toBe(0);
    expect(await page.getByTestId('next-day').textContent()).toMatch(/Payments started after this Z report count in the next business day/);
    await app.shot('after-z-end-of-day-closed');
  });

  it('an unknown payment taken after the Z needs a decision on the day it belongs to', async () => {
    app = await startApp();
    const { page } = app;
    const first = await settledSale(app, 2500, 'before-z');
    const next = addDays(first.businessDay, 1);
    await closeDay(app);

    // Viva stops answering for good: the next sale's outcome stays unknown.
    app.simulator().injectFaults({ count: 10_000, status: 'drop', afterProcessing: true });
    const started = await app.call('startSale', { amount: 1250, merchantReference: 'unknown-after-z' });
    if (!started.ok) throw new Error(started.error.message);
    const unknown = await settled(app, started.value.sessionId, ['unknown']);
    expect(unknown.businessDay).toBe(next);

    await page.getByRole('button', { name: 'Checkout', exact: true }).click();
    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    const unresolved = page.getByTestId('unresolved');
    await unresolved.waitFor();
    expect(await unresolved.textContent()).toMatch(/Payments that need a decision: 1/);
    expect(await unresolved.textContent()).toContain('€12.50');
    expect(await page.getByTestId('day-status').textContent()).toMatch(/Open/);

    // Not on the closed day, where it would be out of sight.
    await showDay(app, first.businessDay);
    await expect.poll(async () => page.getByTestId('day-status').textContent()).toMatch(/Closed: Z report 1/);
    expect(await page.getByTestId('unresolved').count()).toBe(0);
  });

  it("a payment open at the close whose outcome arrives after it is a late outcome of the closed day, not a change; in Greek too", async () => {
    app = await startApp({ language: 'el' });
    const { page } = app;
    await settledSale(app, 2500, 'before-z');
    app.simulator().injectFaults({ count: 10_000, status: 'drop', afterProcessing: true });
    const started = await app.call('startSale', { amount: 1250, merchantReference: 'open-at-z' });
    if (!started.ok) throw new Error(started.error.message);
    const open = await settled(app, started.value.sessionId, ['unknown']);

    const closed = await app.call('closeDay', { day: open.businessDay, operator: 'Eleni', overrideUnknown: { reason: 'Terminal offline' } });
    expect(closed.ok).toBe(true);
    const resolved = await app.call('resolveSession', { sessionId: open.sessionId, outcome: 'approved', reason: 'Viva portal shows it paid', operator: 'Eleni' });
    expect(resolved.ok && resolved.value.businessDay).toBe(open.businessDay);

    await page.getByRole('button', { name: 'Κλείσιμο ημέρας', exact: true }).click();
    await showDay(app, open.businessDay, 'Εργάσιμη ημέρα');
    const late = page.getByTestId('late-outcomes');
    await late.waitFor();
    expect(await late.textContent()).toMatch(/Εκβάσεις που ήρθαν μετά το κλείσιμο: 1/);
    expect(await late.locator(`[data-session-id="${open.sessionId}"]`).textContent()).toMatch(/Μεταβολή στο καθαρό: 12,50\u00a0€/);
    // The frozen figures stay as closed, and the payment no longer needs a decision.
    expect(await page.getByTestId('net-978').textContent()).toBe('25,00\u00a0€');
    expect(await page.getByTestId('unresolved').count()).toBe(0);
    expect(await page.locator('.integrity').count()).toBe(0);
    await app.shot('after-z-late-outcome-el');

    await page.getByRole('button', { name: 'Ταμείο', exact: true }).click();
    const notice = page.getByTestId('next-day-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Οι νέες πληρωμές μετρούν στην επόμενη εργάσιμη ημέρα: /);
    await app.shot('after-z-checkout-notice-el');
  });
});
