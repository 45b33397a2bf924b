import { formatMinor } from '../money.ts';
import type { Bucket, CurrencyTotals, SessionBrief, Tally } from './day-totals.ts';
import { currencyOf } from './export/export-row.ts';
import type { DayReport, DaySnapshot } from './z-report.ts';

/**
 * The printable Z (or open day) report: one self-contained HTML page (inline CSS, no script, no
 * image, no external resource; a CSP that forbids loading anything), which the app turns into a
 * PDF with Electron's printToPDF. Every value is escaped. Like the other exports it is a pure
 * function of the report: the same day gives the same bytes.
 */
export function dayReportHtml(snapshot: DaySnapshot): string {
  const r = snapshot.report;
  const title = r.z ? `Z report ${r.z.number} — business day ${r.businessDay}` : `Day report (not closed) — business day ${r.businessDay}`;
  const body = [
    `<h1>${esc(title)}</h1>`,
    r.environment === 'production' ? '' : `<p class="banner training">Training data (${esc(r.environment)} environment): no real money moved.</p>`,
    integrityBanner(r),
    header(r),
    earlyStart(r),
    ...r.totals.currencies.map(currencySection),
    r.totals.currencies.length === 0 ? '<p>No sessions on this business day.</p>' : '',
    outcomes(r),
    sessionList('Payments with an unknown outcome', r.totals.unknownSessions, 'None.'),
    r.totals.inProgressSessions.length > 0 ? sessionList('Payments still on a terminal', r.totals.inProgressSessions, '') : '',
    reconciliation(r),
    lateOutcomes(r),
    integrityDetails(r),
  ]
    .filter((part) => part !== '')
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<footer>Cloud ECR — amounts per currency; currencies are never added together.</footer>
</body>
</html>
`;
}

const STYLE = `
@page { size: A4; margin: 14mm; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 8pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 10.5pt; margin: 10pt 0 3pt; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ddd; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.banner { padding: 5pt 8pt; border: 1px solid; font-weight: 600; }
.training { border-color: #b58900; background: #fff8e1; }
.tampered { border-color: #b00020; background: #fde7ea; color: #b00020; }
.changed { border-color: #b58900; background: #fff8e1; }
.mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 8.5pt; word-break: break-all; }
footer { margin-top: 16pt; font-size: 8pt; color: #555; }
`;

function header(r: DayReport): string {
  const rows: [string, string][] = [
    ['Business day', r.businessDay],
    ['Time zone', `${r.timeZone}, day starts at ${String(r.cutoffHour).padStart(2, '0')}:00`],
    ['Environment', r.environment],
    ['Status', r.z ? `Closed by Z report ${r.z.number}` : 'Open (not closed yet)'],
  ];
  if (r.z) {
    rows.push(['Closed at (UTC)', r.z.closedAt]);
    rows.push(['Journal at closing', `${r.z.anchor.events} events, head ${r.z.anchor.head}`]);
    if (r.z.override) rows.push(['Closed with unknown payments', `${r.z.override.reason} (decided by ${r.z.override.operator})`]);
  }
  return `<table class="meta">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td${k.startsWith('Journal') ? ' class="mono"' : ''}>${esc(v)}</td></tr>`).join('')}</table>`;
}

function currencySection(c: CurrencyTotals): string {
  const name = c.currency ?? `currency ${c.currencyCode}`;
  const money = (amount: number) => formatMoney(amount, c.currencyCode);
  const t = c.totals;
  const summary = [
    ['Sales (tips excluded)', t.sales.count, money(t.sales.amount)],
    ['Tips', t.tips.count, money(t.tips.amount)],
    ['Refunds', t.refunds.count, money(-t.refunds.amount)],
    ['Net', '', money(t.net)],
    ['Pre-authorisations held (not in net)', c.preauths.count, money(c.preauths.amount)],
  ] as const;
  return [
    `<h2>${esc(name)}</h2>`,
    `<table><tr><th></th><th class="n">Count</th><th class="n">Amount (${esc(name)})</th></tr>${summary
      .map(([label, count, amount]) => `<tr><td>${esc(label)}</td><td class="n">${esc(String(count))}</td><td class="n">${esc(amount)}</td></tr>`)
      .join('')}</table>`,
    breakdown('By terminal', 'Terminal', c.byTerminal, c.currencyCode),
    breakdown('By cash register', 'Cash register', c.byCashRegister, c.currencyCode),
    breakdown('By card brand', 'Card brand', c.byCardBrand, c.currencyCode),
    breakdown('By hour (local time)', 'Hour', c.byHour, c.currencyCode),
  ].join('\n');
}

function breakdown(title: string, keyName: string, buckets: readonly Bucket[], code: string): string {
  if (buckets.length === 0) return '';
  const money = (amount: number) => esc(formatMoney(amount, code));
  const tally = (t: Tally, sign = 1) => `<td class="n">${t.count}</td><td class="n">${money(sign * t.amount)}</td>`;
  return `<h3>${esc(title)}</h3><table><tr><th>${esc(keyName)}</th><th class="n">Sales</th><th class="n">Amount</th><th class="n">Tips</th><th class="n">Amount</th><th class="n">Refunds</th><th class="n">Amount</th><th class="n">Net</th></tr>${buckets
    .map((b) => `<tr><td>${esc(b.key)}</td>${tally(b.sales)}${tally(b.tips)}${tally(b.refunds, -1)}<td class="n">${money(b.net)}</td></tr>`)
    .join('')}</table>`;
}

function outcomes(r: DayReport): string {
  const o = r.totals.outcomes;
  const rows: [string, number][] = [
    ['Sessions', o.sessions],
    ['Approved', o.approved],
    ['Declined', o.declined],
    ['Cancelled by the customer', o.cancelled],
    ['Aborted from the till', o.aborted],
    ['Failed', o.failed],
    ['Unknown outcome', o.unknown],
    ['Still on a terminal', o.inProgress],
  ];
  if (o.foreign > 0) rows.push(["Another till's sessions kept as evidence (not counted)", o.foreign]);
  return `<h2>Outcomes</h2><table>${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${v}</td></tr>`).join('')}</table>`;
}

function sessionList(title: string, sessions: readonly SessionBrief[], empty: string): string {
  if (sessions.length === 0) return `<h2>${esc(title)}</h2><p>${esc(empty)}</p>`;
  return `<h2>${esc(title)}</h2><table><tr><th>Session</th><th>Created (UTC)</th><th>Kind</th><th>Terminal</th><th>Reference</th><th class="n">Amount</th></tr>${sessions
    .map(
      (s) =>
        `<tr><td class="mono">${esc(s.sessionId)}</td><td>${esc(s.createdAt)}</td><td>${esc(s.kind)}</td><td>${esc(s.terminalId)}</td><td>${esc(s.merchantReference ?? '')}</td><td class="n">${esc(formatMoney(s.amount + s.tipAmount, s.currencyCode))}</td></tr>`,
    )
    .join('')}</table>`;
}

function reconciliation(r: DayReport): string {
  const rec = r.reconciliation;
  const line =
    rec.status === 'not-run'
      ? 'Not reconciled against Viva.'
      : `Checked ${rec.checkedAt ?? ''}: ${rec.matched} matched, ${rec.open} open difference(s), ${rec.resolved} resolved${rec.status === 'clean' ? ' — no differences' : ''}.`;
  const open = rec.openDifferences.length > 0 ? `<ul>${rec.openDifferences.map((id) => `<li class="mono">${esc(id)}</li>`).join('')}</ul>` : '';
  return `<h2>Reconciliation with Viva</h2><p>${esc(line)}</p>${open}`;
}

/** The day before was closed early: this day's payments include those started since that close. */
function earlyStart(r: DayReport): string {
  if (!r.earlyStart) return '';
  const e = r.earlyStart;
  return `<p>Business day ${esc(e.closedDay)} was closed by Z report ${e.number} at ${esc(e.closedAt)} (UTC), before its end: payments started since then are counted in this day.</p>`;
}

/** Payments the Z report counted whose outcome arrived after the close: beside the frozen figures, never in them. */
function lateOutcomes(r: DayReport): string {
  if (r.lateOutcomes.length === 0) return '';
  return `<h2>Late outcomes (after the Z report; not in the figures above)</h2><table><tr><th>Session</th><th>Created (UTC)</th><th>Kind</th><th>At closing</th><th>Now</th><th>Since (UTC)</th><th class="n">Amount</th><th class="n">Net change</th></tr>${r.lateOutcomes
    .map(
      (l) =>
        `<tr><td class="mono">${esc(l.sessionId)}</td><td>${esc(l.createdAt)}</td><td>${esc(l.kind)}</td><td>${esc(l.stateAtClose)}</td><td>${esc(l.state)}</td><td>${esc(l.updatedAt)}</td><td class="n">${esc(formatMoney(l.amount + l.tipAmount, l.currencyCode))}</td><td class="n">${esc(formatMoney(l.netChange, l.currencyCode))}</td></tr>`,
    )
    .join('')}</table>`;
}

function integrityBanner(r: DayReport): string {
  if (!r.integrity || r.integrity.status === 'intact') return '';
  if (r.integrity.status === 'tampered') {
    return '<p class="banner tampered">The journal rows of this day were changed after it was closed: this report does not match its Z report. See "Integrity" below; keep the journal file for support.</p>';
  }
  return '<p class="banner changed">Sessions of this day changed after it was closed. The figures above are as closed; the changes are listed under "Integrity".</p>';
}

function integrityDetails(r: DayReport): string {
  if (!r.integrity) return '';
  const i = r.integrity;
  const status = { intact: 'Intact', 'changed-since-closing': 'Changed after closing', tampered: 'TAMPERED' }[i.status];
  const parts = [`<h2>Integrity</h2><p>${esc(status)}: ${i.checkedEvents} events of the day checked against the hash chain and the head stored at closing.</p>`];
  if (i.problems.length > 0) {
    parts.push(`<table><tr><th>Problem</th><th>Event</th><th>Detail</th></tr>${i.problems
      .map((p) => `<tr><td>${esc(p.reason)}</td><td class="n">${esc(p.eventId === null ? '' : String(p.eventId))}</td><td>${esc(p.detail)}</td></tr>`)
      .join('')}</table>`);
  }
  if (i.changedSinceClosing.length > 0) {
    parts.push(`<h3>Changed after closing</h3><table><tr><th>Session</th><th>Change</th><th>At closing</th><th>Now</th></tr>${i.changedSinceClosing
      .map((c) => {
        const show = (f: typeof c.after | null) => (f ? `${f.state} ${formatMoney(f.amount + f.tipAmount, f.currencyCode)}` : '—');
        return `<tr><td class="mono">${esc(c.sessionId)}</td><td>${esc(c.change)}</td><td>${esc(show(c.before))}</td><td>${esc(show(c.after))}</td></tr>`;
      })
      .join('')}</table>`);
  }
  return parts.join('\n');
}

/** "12.50 EUR"; whole minor units with the code when the currency is unknown. */
function formatMoney(amount: number, code: string): string {
  const currency = currencyOf(code);
  return currency ? `${formatMinor(amount, currency)} ${currency.alpha}` : `${amount} (minor units, currency ${code})`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}
