import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Difference } from '../../electron/core/reports/index.ts';
import { vivaBodyFor } from '../unit/reports/helpers.ts';
import { settledSale, startApp, TERMINAL, type RunningApp } from './bridge.ts';

/**
 * Reconciliation in Chromium on a real core and simulator. Viva's side is seeded through the
 * simulator's control (a payment of another cash register, or a lost write of this till's); a
 * journal-only approval (Viva has no record: the card was not charged) is journaled the way the
 * engine writes one, straight into the running till's journal.
 */
describe('reconciliation in Chromium on a real core and simulator', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  /** An approval in the journal that Viva never saw, as the engine would have written it. */
  function journalOnlyApproval(running: RunningApp, amount: number, merchantReference: string): string {
    const journal = running.shell.host.journal();
    const sessionId = randomUUID();
    const created = journal.createSession({
      sessionId,
      kind: 'sale',
      amount,
      currency: 'EUR',
      terminalId: TERMINAL,
      cashRegisterId: running.shell.settings.read().cashRegisterId,
      merchantReference,
    });
    journal.append(sessionId, { type: 'dispatching' });
    journal.append(sessionId, { type: 'dispatched' });
    journal.append(sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBodyFor(created, 'approved', { at: created.createdAt }) });
    return sessionId;
  }

  /** The difference as the core reports it, to word the expected card title from its own fields. */
  async function differenceOf(running: RunningApp, id: string): Promise<{ difference: Difference; timeZone: string }> {
    const day = running.shell.host.journal().businessDayOf(Date.now());
    const result = await running.call('reconcileDay', { day });
    if (!result.ok) throw new Error(result.error.message);
    const difference = result.value.differences.find((d) => d.id === id);
    if (!difference) throw new Error(`no difference ${id}`);
    return { difference, timeZone: result.value.timeZone };
  }

  const localTime = (iso: string, locale: string, timeZone: string) => new Intl.DateTimeFormat(locale, { timeStyle: 'medium', hourCycle: 'h23', timeZone }).format(new Date(iso));

  async function openReconciliation(running: RunningApp, names = { nav: 'Reconciliation', run: 'Run reconciliation' }): Promise<void> {
    await running.page.getByRole('button', { name: names.nav, exact: true }).click();
    await running.page.getByRole('button', { name: names.run }).click();
    await running.page.getByTestId('recon-summary').waitFor();
  }

  it("accepts a lost write of this till's own cash register into the journal", async () => {
    app = await startApp();
    const { page } = app;
    await settledSale(app, 1800, 'table-9', ['approved']);
    const seeded = app.simulator().seedSession({ amount: 3300, terminalId: TERMINAL, cashRegisterId: app.shell.settings.read().cashRegisterId, merchantReference: 'lost-write', outcome: 'approved' });

    await openReconciliation(app);
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

  it("offers another till's payment first as that till's, never as this till's, and End of day's totals stay as they were", async () => {
    app = await startApp();
    const { page } = app;
    await settledSale(app, 1800, 'table-9', ['approved']);
    const seeded = app.simulator().seedSession({ amount: 3300, terminalId: TERMINAL, cashRegisterId: 'till-2', merchantReference: 'back-room-7', outcome: 'approved' });
    const id = `viva-only:${seeded.sessionId}`;
    const { difference, timeZone } = await differenceOf(app, id);

    await openReconciliation(app);
    const card = page.locator(`[data-difference-id="${id}"]`);
    await card.waitFor();
    // Titled as on a receipt: amount, the shop's local time, the reference; the id only below it.
    const title = await card.getByRole('heading', { level: 3 }).textContent();
    expect(title).toContain(`€33.00 · ${localTime(difference.viva?.occurredAt as string, 'en-IE', timeZone)} · back-room-7`);
    expect(title).not.toContain(seeded.sessionId.slice(0, 8));
    expect(await card.textContent()).toContain(`Session ${seeded.sessionId}`);
    expect(await card.getByTestId('difference-detail').textContent()).toBe("Viva has a payment (Approved) from till till-2. It is that till's payment: it does not count in this till's totals.");
    const actions = card.getByRole('group', { name: 'Resolve this difference' }).getByRole('button');
    expect((await actions.allTextContents()).map((text) => text.trim())).toEqual(['Belongs to till till-2', 'Explain']);
    expect(await card.getByRole('button', { name: "Accept Viva's record" }).count()).toBe(0);
    await app.shot('reconciliation-other-till');

    await actions.first().click();
    await card.getByLabel('Your name').fill('Maria');
    await card.getByRole('button', { name: "Record it as till till-2's" }).click();
    await card.getByTestId('resolution').waitFor();
    expect(await card.getByTestId('resolution').textContent()).toMatch(/Recorded as till till-2's payment: not counted here · by Maria/);

    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await expect.poll(async () => page.getByTestId('net-978').textContent().catch(() => null)).toBe('€18.00');
    expect(await page.getByTestId('outcome-approvedSales').textContent()).toBe('1');
    expect(await page.getByTestId('outcome-foreign').textContent()).toBe('1');
    // "Another till's" says what it is, on the screen (a touch screen has no hover).
    expect(await page.getByTestId('foreign-help').textContent()).toMatch(/payments Viva recorded for another cash register.*not in this till's totals/);
  });

  it("marks a journal-only approval not paid, and End of day's totals follow", async () => {
    app = await startApp();
    const { page } = app;
    await settledSale(app, 1800, 'table-9', ['approved']);
    const ghost = journalOnlyApproval(app, 2500, 'ghost-1');
    const id = `local-only:${ghost}`;

    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await expect.poll(async () => page.getByTestId('net-978').textContent().catch(() => null)).toBe('€43.00');

    await openReconciliation(app);
    const card = page.locator(`[data-difference-id="${id}"]`);
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toMatch(/€25\.00 · \d\d:\d\d:\d\d · ghost-1/);
    expect(await card.getByTestId('difference-detail').textContent()).toMatch(/Viva has no record of it: the card was most likely not charged/);
    // The counts that are not differences say what they are.
    expect(await page.getByTestId('recon-summary').textContent()).toMatch(/Never sent.*Refused before reaching Viva: no card was charged/s);
    expect(await page.getByTestId('recon-summary').textContent()).toMatch(/Pending at Viva.*Viva has no outcome for them yet/s);

    // End of day counts the open difference in words that agree with the number.
    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await page.getByText('Reconciled with Viva: 1 difference is still open.').waitFor();

    await openReconciliation(app);
    const actions = card.getByRole('group', { name: 'Resolve this difference' }).getByRole('button');
    expect((await actions.allTextContents()).map((text) => text.trim())).toEqual(['Not paid', 'Explain']);
    await actions.first().click();
    await card.getByLabel('Your name').fill('Maria');
    await card.getByRole('button', { name: 'Mark it not paid' }).click();
    await card.getByTestId('resolution').waitFor();
    expect(await card.getByTestId('resolution').textContent()).toMatch(/Marked not paid: it no longer counts in the day's totals · by Maria/);
    await app.shot('reconciliation-not-paid');

    await page.getByRole('button', { name: 'End of day', exact: true }).click();
    await expect.poll(async () => page.getByTestId('net-978').textContent().catch(() => null)).toBe('€18.00');
    expect(await page.getByTestId('outcome-approvedSales').textContent()).toBe('1');
    expect(await page.getByTestId('outcome-failed').textContent()).toBe('1');
    await page.getByText('Reconciled with Viva: every difference is resolved.').waitFor();
    // The decision is on the session's history, with who decided; the approval is still there.
    const events = app.shell.host.journal().eventsOf(ghost).map((e) => e.type);
    expect(events.slice(-2)).toEqual(['poll-result', 'not-paid']);
  });

  it('reads in Greek: counts agree with their number, the card is titled by amount, time and reference', async () => {
    app = await startApp({ language: 'el' });
    const { page } = app;
    const seeded = app.simulator().seedSession({ amount: 3300, terminalId: TERMINAL, cashRegisterId: 'till-2', merchantReference: 'πίσω-αίθουσα', outcome: 'approved' });
    const id = `viva-only:${seeded.sessionId}`;
    const { difference, timeZone } = await differenceOf(app, id);

    await openReconciliation(app, { nav: 'Συμφωνία', run: 'Εκτέλεση συμφωνίας' });
    const group = page.locator('section[data-kind="viva-only"]');
    await group.waitFor();
    expect((await group.getByRole('heading', { level: 2 }).textContent())?.replace(/\s+/g, ' ').trim()).toBe('Μόνο στη Viva 1 ανοιχτή, 0 διευθετημένες');
    const card = page.locator(`[data-difference-id="${id}"]`);
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toContain(`33,00\u00a0€ · ${localTime(difference.viva?.occurredAt as string, 'el-GR', timeZone)} · πίσω-αίθουσα`);
    expect(await card.getByTestId('difference-detail').textContent()).toMatch(/^Η Viva έχει μια πληρωμή \(Εγκρίθηκε\) από το ταμείο till-2\./);
    expect((await card.getByRole('button').allTextContents()).map((text) => text.trim())).toContain('Ανήκει στο ταμείο till-2');
    await app.shot('reconciliation-el');

    await page.getByRole('button', { name: 'Κλείσιμο ημέρας', exact: true }).click();
    await page.getByText('Συμφωνία με τη Viva: 1 διαφορά είναι ακόμη ανοιχτή.').waitFor();
  });
});
