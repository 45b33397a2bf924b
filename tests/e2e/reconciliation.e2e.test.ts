import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../integration/main/shell-harness.ts';
import { startApp, TERMINAL, type RunningApp } from './bridge.ts';

/**
 * Reconciliation in Chromium on a real core and simulator: Viva has a payment this till never
 * journaled (seeded through the simulator's control, as if another cash register or a lost write
 * took it); the screen lists it under "Only at Viva" and the manager accepts it into the journal.
 */
describe('reconciliation in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  it("lists a Viva-only payment and resolves it by accepting Viva's record into the journal", async () => {
    app = await startApp();
    const { page } = app;
    // One payment of the till's own, which matches.
    const started = await app.call('startSale', { amount: 1800, merchantReference: 'table-9' });
    if (!started.ok) throw new Error(started.error.message);
    await eventually(async () => {
      const now = await app?.call('sessionStatus', { sessionId: started.value.sessionId });
      return now?.ok && now.value?.state === 'approved';
    }, 'the sale to be approved');
    const seeded = app.simulator().seedSession({ amount: 3300, terminalId: TERMINAL, cashRegisterId: 'till-2', merchantReference: 'lost-write', outcome: 'approved' });

    await page.getByRole('button', { name: 'Reconciliation', exact: true }).click();
    await page.getByRole('button', { name: 'Run reconciliation' }).click();
    await page.getByTestId('recon-summary').waitFor();
    const group = page.locator('section[data-kind="viva-only"]');
    await group.waitFor();
    expect(await group.getByRole('heading', { level: 2 }).textContent()).toMatch(/Only at Viva\s*1 open, 0 resolved/);
    expect(await page.getByTestId('count-matched').textContent()).toBe('1');
    expect(await page.getByTestId('count-open').textContent()).toBe('1');
    const card = page.locator(`[data-difference-id="viva-only:${seeded.sessionId}"]`);
    expect(await card.getByRole('row', { name: /Amount/ }).textContent()).toContain('€33.00');
    await app.shot('reconciliation');

    await card.getByRole('button', { name: "Accept Viva's record" }).click();
    await card.getByLabel('Your name').fill('Maria');
    await card.getByRole('button', { name: 'Record it in the journal' }).click();
    await card.getByTestId('resolution').waitFor();
    expect(await card.getByTestId('resolution').textContent()).toMatch(/Viva's record was accepted into the journal · by Maria/);
    expect(await page.getByTestId('count-open').textContent()).toBe('0');
    expect(await page.getByTestId('count-resolved').textContent()).toBe('1');
    await app.shot('reconciliation-resolved');

    // The journal now has it as this till's, from Viva's record.
    const imported = await app.call('getSession', { sessionId: seeded.sessionId });
    expect(imported.ok && imported.value?.session).toMatchObject({ state: 'approved', amount: 3300, resolution: 'imported', resolvedBy: 'Maria' });

    // Running it again writes nothing new and shows it resolved.
    await page.getByRole('button', { name: 'Run reconciliation' }).click();
    await expect.poll(async () => page.getByTestId('count-resolved').textContent()).toBe('1');
    expect(await page.getByTestId('count-open').textContent()).toBe('0');

    // And it opens in the journal.
    await card.getByRole('button', { name: 'Open in journal' }).click();
    const detail = page.getByTestId('session-detail');
    await detail.getByText(seeded.sessionId).waitFor();
    expect(await detail.textContent()).toMatch(/Viva's record, accepted at reconciliation/);
  });
});
