import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../electron/core/journal/index.ts';
import { startApp, type RunningApp } from './bridge.ts';

/**
 * What a person reads, in Chromium on a real core: Viva's eventId as OUR sentence in the chosen
 * language (Viva's own words only as a detail), the till's own errors in the till's words and not
 * passed off as Viva's, no bare codes, a settings problem said once at its (highlighted) field,
 * and the Z report in Greek on the business day's clock.
 */
describe('messages in the chosen language', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    app = undefined;
  });

  async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  async function sessions(running: RunningApp, state: SessionRecord['state']): Promise<SessionRecord[]> {
    const list = await running.call('listSessions', { states: [state] });
    return list.ok ? list.value.sessions : [];
  }

  it('a Viva decline in Greek: our sentence, Viva’s words only as a detail, never "(1007)"', async () => {
    app = await startApp({ language: 'el' });
    const { page } = app;
    await page.getByLabel('Ποσό', { exact: true }).waitFor();
    await page.keyboard.type('1007');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Απορρίφθηκε' }).waitFor();
    expect(await page.getByTestId('reason').textContent()).toBe('Η κάρτα απέρριψε την πληρωμή.');
    expect(await page.getByTestId('viva-text').textContent()).toBe('Τα λόγια της Viva: «Transaction declined by card»');
    await app.shot('messages-decline-el');

    await page.getByRole('button', { name: 'Βιβλίο συναλλαγών', exact: true }).click();
    await page.locator('[data-session-id]').first().click();
    await page.getByTestId('journal-verified').waitFor();
    expect(await page.getByTestId('session-explanation').textContent()).toContain('Η κάρτα απέρριψε την πληρωμή.');
    const detail = (await page.locator('main').textContent()) ?? '';
    expect(detail).not.toContain('(1007)');
    expect(detail).not.toMatch(/\(0\)/);
    await app.shot('messages-journal-decline-el');
  });

  it('the till’s own failure in Greek: the till’s words, not labelled as Viva’s answer, no English', async () => {
    app = await startApp({ language: 'el' });
    const { page } = app;
    await page.getByLabel('Ποσό', { exact: true }).waitFor();
    // Viva's answers are lost on the way back: the till cannot know whether the sale reached a terminal.
    app.simulator().injectFaults({ count: 10_000, status: 'drop', afterProcessing: true });
    await page.keyboard.type('1250');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Άγνωστη έκβαση' }).waitFor();
    const happened = await page.getByTestId('what-happened').textContent();
    expect(happened).toMatch(/^Τι γνωρίζει το ταμείο: Το ταμείο δεν μπόρεσε να συνδεθεί με τη Viva/);
    await app.shot('messages-unknown-el');
    const [unknown] = await eventually(async () => (await sessions(app!, 'unknown')).length === 1 && sessions(app!, 'unknown'), 'the sale to be unknown');
    expect(unknown?.error).toBe('network');

    await page.getByRole('button', { name: 'Βιβλίο συναλλαγών', exact: true }).click();
    await page.locator('[data-session-id]').first().click();
    await page.getByTestId('journal-verified').waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Τι γνωρίζει το ταμείο');
    expect(main).not.toContain('Απάντηση Viva');
    expect(main).not.toMatch(/could not reach|Check the|internet connection/);
  });

  it('a settings problem is said once, at its highlighted field, in words', async () => {
    app = await startApp();
    const { page } = app;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'This till' });
    const zone = form.getByLabel('Business day time zone');
    await zone.fill('Mars/Base');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('alert').waitFor();
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('is not a time zone this computer knows').count()).toBe(1);
    expect(await form.locator('#problem-businessDayTimeZone').textContent()).toBe(
      '"Mars/Base" is not a time zone this computer knows. Use a name such as Europe/Athens.',
    );
    expect(await form.textContent()).not.toContain('businessDayTimeZone');
    expect(await form.getByRole('alert').textContent()).toContain('Some settings are not valid. Correct the highlighted values and try again.');
    await app.shot('messages-settings-field');
  });

  it('the Z report in Greek: lang="el", local times of the business day, short session ids', async () => {
    app = await startApp({ language: 'el' });
    const { page } = app;
    // Athens is two or three hours ahead of UTC: local times and ISO UTC differ.
    const zoned = await app.call('updateSettings', { businessDayTimeZone: 'Europe/Athens' });
    expect(zoned.ok).toBe(true);
    const started = await app.call('startSale', { amount: 2500, merchantReference: 'τραπέζι-1' });
    if (!started.ok) throw new Error(started.error.message);
    const sale = await eventually(async () => {
      const now = await app!.call('sessionStatus', { sessionId: started.value.sessionId });
      return now.ok && now.value?.state === 'approved' ? now.value : undefined;
    }, 'the sale to be approved');

    await page.getByRole('button', { name: 'Κλείσιμο ημέρας', exact: true }).first().click();
    const panel = page.getByTestId('close-day');
    await page.getByRole('button', { name: 'Κλείσιμο ημέρας (Z)…' }).click();
    await panel.getByLabel('Το όνομά σας', { exact: true }).fill('Ελένη');
    await panel.getByRole('button', { name: 'Κλείσιμο ημέρας', exact: true }).click();
    await page.getByText('Η ημέρα έκλεισε: αναφορά Z 1.').waitFor();

    app.shell.dialogs.answer = 'z.pdf';
    await page.getByRole('button', { name: 'PDF (αναφορά για εκτύπωση)' }).click();
    await page.getByTestId('export-outcome').waitFor();
    // The stubbed printToPDF keeps the HTML it was given after a marker line.
    const html = readFileSync(join(app.shell.dir, 'z.pdf'), 'utf8');
    expect(html).toContain('<html lang="el">');
    expect(html).toContain('Αναφορά Z 1 — εργάσιμη ημέρα');
    const zReports = await app.call('zReports');
    const closedAt = zReports.ok ? zReports.value[0]!.closedAt : '';
    const athens = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Athens', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(closedAt));
    expect(html).toContain(`<th>Έκλεισε στις (Europe/Athens)</th><td>${athens}</td>`);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(html).not.toContain(sale.sessionId);
    expect(html).toContain('Εγκεκριμένες πωλήσεις');
    expect(html).not.toMatch(/>(Sales|Refunds|Outcomes|Approved|Business day)</);
  });
});
