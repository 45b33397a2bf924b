import { afterEach, describe, expect, it } from 'vitest';
import { startApp, TERMINAL, type RunningApp } from './bridge.ts';

/**
 * A sale no terminal ever receives (.04: Viva answers 202 "being processed" for ever, also after the
 * abort), in Debian's Chromium on a real core: unknown, then the diagnosis with its evidence, then
 * the operator's "not charged: resolve as failed", journaled with that evidence.
 */
describe('a never-delivered sale in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  it('from dispatch to the evidence-backed resolution', async () => {
    app = await startApp({ engine: { deadlineMs: 1_500, abortGraceMs: 300, unknownRetryMs: 100, backgroundTickMs: 50, neverDeliveredAfterMs: 800 } });
    const { page } = app;
    await page.getByLabel('Amount', { exact: true }).waitFor();
    await page.keyboard.type('1004');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Outcome unknown' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('diagnosis').waitFor({ timeout: 10_000 });
    await page.getByTestId('diagnosis-recommended').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('diagnosis-day-lists').textContent()).toMatch(/do not contain it/);
    await app.shot('checkout-never-delivered');

    // Nothing is resolved until the operator decides.
    const [open] = app.shell.host.journal().openSessions();
    expect(open).toMatchObject({ state: 'unknown', amount: 1004, terminalId: TERMINAL });
    await page.getByLabel('Your name').fill('Maria');
    await page.getByRole('button', { name: 'Not charged: resolve as failed' }).click();
    await page.getByRole('heading', { name: 'Not completed' }).waitFor();
    const decision = app.shell.host.journal().eventsOf(open!.sessionId).at(-1);
    expect(decision).toMatchObject({
      type: 'resolved-by-operator',
      payload: { outcome: 'failed', operator: 'Maria', evidence: { recommendation: 'resolve-as-failed', lastObserved: 'pending', dayLists: { result: 'absent' } } },
    });
    expect(app.simulator().ledger().charges).toBe(0);
  });
});
