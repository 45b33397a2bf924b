import { describe, expect, it } from 'vitest';
import { createReportsService } from '../../../electron/core/reports/index.ts';
import { journalSession, reportJournal } from './helpers.ts';

const DAY = '2026-03-10';

describe('the printable HTML report', () => {
  it('is one self-contained page: inline style, no script, nothing loaded from anywhere', () => {
    const { journal, clock } = reportJournal();
    journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 1250, tip: 100, outcome: 'approved' });
    const html = createReportsService({ journal, clock }).exportDay(DAY, 'html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
    expect(html).toContain('<h1>Day report (not closed) — business day 2026-03-10</h1>');
    expect(html).toContain('Training data (Simulator environment)');
    // 12.50 sale + 1.00 tip: net 13.50.
    expect(html).toMatch(/<td>Net<\/td><td class="n"><\/td><td class="n">13\.50 EUR<\/td>/);
    expect(html).toContain('<td>2026-03-10 10:00</td>');
  });

  it('escapes everything that came from outside the till', () => {
    const { journal, clock } = reportJournal();
    const nasty = '<script>alert("x")</script>&<b>';
    journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 100, outcome: 'approved', register: nasty, brand: nasty });
    journalSession(journal, clock, { at: '2026-03-10T09:00:00Z', amount: 100, outcome: 'unknown', reference: nasty });
    const html = createReportsService({ journal, clock }).exportDay(DAY, 'html');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;');
    // The register, the brand and the unknown payment's reference: three escaped copies.
    expect(html.split('&lt;script&gt;').length - 1).toBe(3);
  });

  it('speaks the chosen language, on the business day\'s clock, with short session ids; JSON keeps full ids and UTC', () => {
    const { journal, clock } = reportJournal();
    const sale = journalSession(journal, clock, { at: '2026-03-10T08:00:00Z', amount: 1250, outcome: 'approved' });
    journalSession(journal, clock, { at: '2026-03-10T08:30:00Z', kind: 'refund', parent: sale.sessionId, amount: 250, outcome: 'approved' });
    const unknown = journalSession(journal, clock, { at: '2026-03-10T09:15:07Z', amount: 990, outcome: 'unknown' });
    const service = createReportsService({ journal, clock });
    const greek = service.exportDay(DAY, 'html', { language: 'el' });
    expect(greek).toContain('<html lang="el">');
    expect(greek).toContain('<h1>Αναφορά ημέρας (δεν έχει κλείσει) — εργάσιμη ημέρα 2026-03-10</h1>');
    expect(greek).toContain('Πληρωμές με άγνωστη έκβαση');
    // Athens is UTC+2 in March: 09:15:07Z reads 11:15:07 local; the full id and the ISO instant are not shown.
    expect(greek).toContain(`<td class="mono" title="${unknown.sessionId}">${unknown.sessionId.slice(0, 8)}</td><td>2026-03-10 11:15:07</td>`);
    expect(greek).not.toContain('2026-03-10T09:15:07');
    expect(greek).toContain('<td>Καθαρό</td><td class="n"></td><td class="n">10,00 EUR</td>');
    // One approved sale and one approved refund, counted apart.
    expect(greek).toMatch(/<td>Εγκεκριμένες πωλήσεις<\/td><td class="n">1<\/td>/);
    expect(greek).toMatch(/<td>Εγκεκριμένες επιστροφές χρημάτων<\/td><td class="n">1<\/td>/);
    expect(greek).not.toMatch(/>(Sales|Refunds|Outcomes|Session|Approved)</);
    const english = service.exportDay(DAY, 'html');
    expect(english).toContain('<html lang="en">');
    expect(english).toMatch(/<td>Approved sales<\/td><td class="n">1<\/td>/);
    const json = service.exportDay(DAY, 'json');
    expect(json).toContain(unknown.sessionId);
    expect(json).toContain('2026-03-10T09:15:07');
  });
});
