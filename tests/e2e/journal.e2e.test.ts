import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../integration/main/shell-harness.ts';
import { settledSale, startApp, type RunningApp } from './bridge.ts';

/**
 * The journal screen in Chromium on a real core and simulator: the list, its filters and search,
 * a session's detail (timeline, integrity), and a partial refund of a sale from the journal.
 * Magic amount .07 makes the simulated terminal decline.
 */
describe('journal in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  it('lists, filters and searches the journal, opens a session and refunds part of a sale', async () => {
    app = await startApp();
    const { page } = app;
    await settledSale(app, 2500, 'table-1');
    const declined = await settledSale(app, 1007, 'table-2');
    const paid = await settledSale(app, 4000, 'table-3');
    expect(declined.state).toBe('declined');

    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const rows = page.locator('[data-session-id]');
    await expect.poll(() => rows.count()).toBe(3);
    // Newest first.
    expect(await rows.first().textContent()).toContain('table-3');
    expect(await page.getByTestId('journal-count').textContent()).toBe('Sessions: 3');
    await app.shot('journal');

    await page.getByLabel('State').selectOption('declined');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/table-2.*/);
    expect(await rows.first().textContent()).toContain('Declined');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(3);

    await page.getByLabel('Search').fill('table-3');
    await page.getByLabel('Search').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    // The last 4 digits of the card find it too.
    expect(paid.panLast4).toMatch(/^\d{4}$/);
    await page.getByLabel('Search').fill(paid.panLast4 as string);
    await page.getByLabel('Search').press('Enter');
    await expect.poll(async () => (await rows.allTextContents()).join('|')).toContain('table-3');

    await page.locator(`[data-session-id="${paid.sessionId}"]`).click();
    const detail = page.getByTestId('session-detail');
    await detail.getByText(paid.sessionId).waitFor();
    const timeline = detail.getByTestId('event-timeline');
    expect(await timeline.locator('strong').allTextContents()).toEqual(
      expect.arrayContaining(['Created', 'Sending to Viva', 'Viva accepted the request for the terminal', 'Result from Viva']),
    );
    expect(await detail.getByTestId('journal-verified').textContent()).toMatch(/Verified: all \d+ events are intact/);
    expect(await detail.getByTestId('refund-remaining').textContent()).toMatch(/€40\.00 of €40\.00 can still be refunded/);
    await app.shot('journal-detail');

    // A partial refund from the journal, on the sale's terminal.
    // The checkout's refund entry (cents, the rest offered until the first digit).
    await detail.getByRole('button', { name: 'Refund…' }).click();
    await page.keyboard.type('1500');
    await detail.getByRole('button', { name: 'Refund €15.00' }).click();
    await detail.getByText(/Refund of €15\.00 sent to terminal 16000001/).waitFor();
    const refund = await eventually(async () => {
      const list = await app?.call('listSessions', { kind: 'refund' });
      const found = list?.ok ? list.value.sessions[0] : undefined;
      return found?.state === 'approved' ? found : undefined;
    }, 'the refund to be approved');
    expect(refund).toMatchObject({ parentSessionId: paid.sessionId, amount: 1500 });
    await expect.poll(async () => detail.getByTestId('refund-remaining').textContent()).toMatch(/€25\.00 of €40\.00/);
    // The refund is a new session that matches no search for table-3's card: the list offers it when the search is cleared.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.first().textContent()).toContain('Refund');
    await app.shot('journal-refund');
  });

  it('shows a payment as unknown while Viva is unreachable, and the row settles by itself when the connection returns', async () => {
    app = await startApp();
    const { page } = app;
    // Viva stops answering: the next requests are processed but their answers are lost, so the
    // sale reaches the terminal (and is paid) while the till cannot know.
    app.simulator().injectFaults({ count: 150, status: 'drop', afterProcessing: true });
    // Whether the call answers or fails, the sale is journaled before it is sent (write-ahead).
    await app.call('startSale', { amount: 1250, merchantReference: 'while-offline' });
    const journaled = await app.call('listSessions', { text: 'while-offline' });
    const sessionId = journaled.ok ? journaled.value.sessions[0]?.sessionId : undefined;
    if (!sessionId) throw new Error('the sale was not journaled');
    await eventually(async () => {
      const now = await app?.call('sessionStatus', { sessionId });
      return now?.ok && now.value?.state === 'unknown';
    }, 'the sale to become unknown');

    await page.getByRole('button', { name: 'Journal', exact: true }).click();
    const row = page.locator(`[data-session-id="${sessionId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Unknown');
    await page.getByTestId('offline-banner').waitFor();
    await app.shot('journal-offline');
    const listed = app.calls.filter((name) => name === 'listSessions').length;

    // The faults run out (the connection is back): the engine learns the outcome and the row follows, with no reload.
    await expect.poll(async () => row.textContent(), { timeout: 20_000 }).toContain('Approved');
    expect(app.calls.filter((name) => name === 'listSessions').length).toBe(listed);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
  });
});
