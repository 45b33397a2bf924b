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
    expect(html).toContain('Training data (simulator environment)');
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
});
