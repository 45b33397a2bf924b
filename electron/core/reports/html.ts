import { LocalClock } from '../../domain/business-day.ts';
import { fillPlaceholders, type MessageLanguage } from '../../domain/messages.ts';
import { REPORT_LABELS, type ReportLabel } from '../../domain/report-labels.ts';
import { formatMinor } from '../money.ts';
import type { Bucket, CurrencyTotals, SessionBrief, Tally } from './day-totals.ts';
import { currencyOf } from './export/export-row.ts';
import type { DayReport, DaySnapshot } from './z-report.ts';

/**
 * The printable Z (or open day) report: one self-contained HTML page (inline CSS, no script, no
 * image, no external resource; a CSP that forbids loading anything), which the app turns into a
 * PDF with Electron's printToPDF. Every value is escaped. Like the other exports it is a pure
 * function of the report and the language: the same day gives the same bytes.
 *
 * It is read by a person: in the chosen language (report-labels.ts), times on the business day's
 * own clock, sessions by a short readable prefix of their id. The JSON and CSV exports keep the
 * full ids and ISO UTC times for machines.
 */
export interface DayReportHtmlOptions {
  language?: MessageLanguage;
}

/** How many characters of a session id a person needs to find it again (the journal's search takes a prefix). */
export const SHORT_ID_LENGTH = 8;

interface Words {
  (label: ReportLabel, params?: Record<string, string | number>): string;
  language: MessageLanguage;
  /** A known value's word (`env.demo`, `state.approved`); the value itself for one the labels do not know. */
  term(prefix: 'env' | 'state' | 'kind', value: string): string;
  time(iso: string | null | undefined): string;
  money(amount: number, code: string): string;
}

function wordsFor(language: MessageLanguage, timeZone: string): Words {
  const labels = REPORT_LABELS[language];
  const clock = new LocalClock(timeZone);
  // The catalogue's own filling (domain/messages.ts); the labels' numbers are whole (counts, numbers), written as they are.
  const words = ((label: ReportLabel, params: Record<string, string | number> = {}) => fillPlaceholders(labels[label], params)) as Words;
  words.language = language;
  words.term = (prefix, value) => {
    const key = `${prefix}.${value}`;
    return Object.hasOwn(labels, key) ? labels[key as ReportLabel] : value;
  };
  words.time = (iso) => (iso ? clock.dateTime(iso) || iso : '');
  words.money = (amount, code) => {
    const text = formatMoney(amount, code);
    return language === 'el' ? text.replace(/^(-?\d+)\.(\d+)/, '$1,$2') : text;
  };
  return words;
}

export function dayReportHtml(snapshot: DaySnapshot, options: DayReportHtmlOptions = {}): string {
  const r = snapshot.report;
  const language = options.language ?? 'en';
  const w = wordsFor(language, r.timeZone);
  const title = r.z ? w('titleZ', { number: r.z.number, day: r.businessDay }) : w('titleOpen', { day: r.businessDay });
  const body = [
    `<h1>${esc(title)}</h1>`,
    r.environment === 'production' ? '' : `<p class="banner training">${esc(w('training', { environment: w.term('env', r.environment) }))}</p>`,
    integrityBanner(r, w),
    header(r, w),
    earlyStart(r, w),
    ...r.totals.currencies.map((c) => currencySection(c, w)),
    r.totals.currencies.length === 0 ? `<p>${esc(w('noSessions'))}</p>` : '',
    outcomes(r, w),
    sessionList(w('unknownTitle'), r.totals.unknownSessions, w('none'), w),
    r.totals.inProgressSessions.length > 0 ? sessionList(w('inProgressTitle'), r.totals.inProgressSessions, '', w) : '',
    reconciliation(r, w),
    lateOutcomes(r, w),
    integrityDetails(r, w),
  ]
    .filter((part) => part !== '')
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<footer>${esc(w('footer'))}</footer>
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

function header(r: DayReport, w: Words): string {
  const rows: [string, string, boolean?][] = [
    [w('businessDay'), r.businessDay],
    [w('timeZone'), w('timeZoneValue', { zone: r.timeZone, hour: `${String(r.cutoffHour).padStart(2, '0')}:00` })],
    [w('environment'), w.term('env', r.environment)],
    [w('status'), r.z ? w('closedBy', { number: r.z.number }) : w('open')],
  ];
  if (r.z) {
    rows.push([w('closedAt', { zone: r.timeZone }), w.time(r.z.closedAt)]);
    rows.push([w('journalAtClosing'), w('journalAnchor', { events: r.z.anchor.events, head: r.z.anchor.head }), true]);
    if (r.z.override) rows.push([w('override'), w('overrideValue', { reason: r.z.override.reason, operator: r.z.override.operator })]);
  }
  return `<table class="meta">${rows.map(([k, v, mono]) => `<tr><th>${esc(k)}</th><td${mono ? ' class="mono"' : ''}>${esc(v)}</td></tr>`).join('')}</table>`;
}

function currencySection(c: CurrencyTotals, w: Words): string {
  const name = c.currency ?? w('currency', { code: c.currencyCode });
  const money = (amount: number) => w.money(amount, c.currencyCode);
  const t = c.totals;
  const summary = [
    [w('salesNoTips'), t.sales.count, money(t.sales.amount)],
    [w('tips'), t.tips.count, money(t.tips.amount)],
    [w('refunds'), t.refunds.count, money(-t.refunds.amount)],
    [w('net'), '', money(t.net)],
    [w('preauths'), c.preauths.count, money(c.preauths.amount)],
  ] as const;
  return [
    `<h2>${esc(name)}</h2>`,
    `<table><tr><th></th><th class="n">${esc(w('count'))}</th><th class="n">${esc(w('amountIn', { currency: name }))}</th></tr>${summary
      .map(([label, count, amount]) => `<tr><td>${esc(label)}</td><td class="n">${esc(String(count))}</td><td class="n">${esc(amount)}</td></tr>`)
      .join('')}</table>`,
    breakdown(w('byTerminal'), w('terminal'), c.byTerminal, c.currencyCode, w),
    breakdown(w('byCashRegister'), w('cashRegister'), c.byCashRegister, c.currencyCode, w),
    breakdown(w('byCardBrand'), w('cardBrand'), c.byCardBrand, c.currencyCode, w),
    breakdown(w('byHour'), w('hour'), c.byHour, c.currencyCode, w),
  ].join('\n');
}

function breakdown(title: string, keyName: string, buckets: readonly Bucket[], code: string, w: Words): string {
  if (buckets.length === 0) return '';
  const money = (amount: number) => esc(w.money(amount, code));
  const tally = (t: Tally, sign = 1) => `<td class="n">${t.count}</td><td class="n">${money(sign * t.amount)}</td>`;
  const th = (label: ReportLabel) => `<th class="n">${esc(w(label))}</th>`;
  return `<h3>${esc(title)}</h3><table><tr><th>${esc(keyName)}</th>${th('sales')}${th('amount')}${th('tips')}${th('amount')}${th('refunds')}${th('amount')}${th('net')}</tr>${buckets
    .map((b) => `<tr><td>${esc(b.key)}</td>${tally(b.sales)}${tally(b.tips)}${tally(b.refunds, -1)}<td class="n">${money(b.net)}</td></tr>`)
    .join('')}</table>`;
}

function outcomes(r: DayReport, w: Words): string {
  const o = r.totals.outcomes;
  // Sales and refunds are counted apart: "approved" alone would count a refund as a sale.
  const sum = (pick: (c: CurrencyTotals) => number) => r.totals.currencies.reduce((total, c) => total + pick(c), 0);
  const refunds = sum((c) => c.totals.refunds.count);
  const preauths = sum((c) => c.preauths.count);
  const rows: [string, number][] = [
    [w('sessions'), o.sessions],
    [w('approvedSales'), o.approved - refunds - preauths],
    [w('approvedRefunds'), refunds],
  ];
  if (preauths > 0) rows.push([w('approvedPreauths'), preauths]);
  rows.push(
    [w('declined'), o.declined],
    [w('cancelled'), o.cancelled],
    [w('aborted'), o.aborted],
    [w('failed'), o.failed],
    [w('unknown'), o.unknown],
    [w('inProgress'), o.inProgress],
  );
  if (o.foreign > 0) rows.push([w('foreign'), o.foreign]);
  return `<h2>${esc(w('outcomes'))}</h2><table>${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${v}</td></tr>`).join('')}</table>`;
}

function sessionList(title: string, sessions: readonly SessionBrief[], empty: string, w: Words): string {
  if (sessions.length === 0) return `<h2>${esc(title)}</h2><p>${esc(empty)}</p>`;
  const th = (label: ReportLabel) => `<th>${esc(w(label))}</th>`;
  return `<h2>${esc(title)}</h2><table><tr>${th('session')}${th('created')}${th('kind')}${th('terminal')}${th('reference')}<th class="n">${esc(w('amount'))}</th></tr>${sessions
    .map(
      (s) =>
        `<tr><td class="mono" title="${esc(s.sessionId)}">${esc(s.sessionId.slice(0, SHORT_ID_LENGTH))}</td><td>${esc(w.time(s.createdAt))}</td><td>${esc(w.term('kind', s.kind))}</td><td>${esc(s.terminalId)}</td><td>${esc(s.merchantReference ?? '')}</td><td class="n">${esc(w.money(s.amount + s.tipAmount, s.currencyCode))}</td></tr>`,
    )
    .join('')}</table>`;
}

function reconciliation(r: DayReport, w: Words): string {
  const rec = r.reconciliation;
  const params = { at: w.time(rec.checkedAt), matched: rec.matched, open: rec.open, resolved: rec.resolved };
  const line = rec.status === 'not-run' ? w('notReconciled') : rec.status === 'clean' ? w('reconciledClean', params) : w('reconciled', params);
  const open =
    rec.openDifferences.length > 0 ? `<ul>${rec.openDifferences.map((id) => `<li class="mono">${esc(shortDifference(id))}</li>`).join('')}</ul>` : '';
  return `<h2>${esc(w('reconciliationTitle'))}</h2><p>${esc(line)}</p>${open}`;
}

/** The day before was closed early: this day's payments include those started since that close. */
function earlyStart(r: DayReport, w: Words): string {
  if (!r.earlyStart) return '';
  const e = r.earlyStart;
  return `<p>${esc(w('earlyStart', { closedDay: e.closedDay, number: e.number, at: w.time(e.closedAt) }))}</p>`;
}

/** Payments the Z report counted whose outcome arrived after the close: beside the frozen figures, never in them. */
function lateOutcomes(r: DayReport, w: Words): string {
  if (r.lateOutcomes.length === 0) return '';
  const th = (label: ReportLabel, numeric = false) => `<th${numeric ? ' class="n"' : ''}>${esc(w(label))}</th>`;
  return `<h2>${esc(w('lateOutcomesTitle'))}</h2><table><tr>${th('session')}${th('created')}${th('kind')}${th('lateAtClosing')}${th('lateNow')}${th('lateSince')}${th('amount', true)}${th('lateNetChange', true)}</tr>${r.lateOutcomes
    .map(
      (l) =>
        `<tr><td class="mono" title="${esc(l.sessionId)}">${esc(l.sessionId.slice(0, SHORT_ID_LENGTH))}</td><td>${esc(w.time(l.createdAt))}</td><td>${esc(w.term('kind', l.kind))}</td><td>${esc(w.term('state', l.stateAtClose))}</td><td>${esc(w.term('state', l.state))}</td><td>${esc(w.time(l.updatedAt))}</td><td class="n">${esc(w.money(l.amount + l.tipAmount, l.currencyCode))}</td><td class="n">${esc(w.money(l.netChange, l.currencyCode))}</td></tr>`,
    )
    .join('')}</table>`;
}

/** "state-mismatch:890b7de0-…" as "state-mismatch:890b7de0": the session's readable prefix. */
function shortDifference(id: string): string {
  const at = id.lastIndexOf(':');
  return at < 0 ? id : `${id.slice(0, at + 1)}${id.slice(at + 1, at + 1 + SHORT_ID_LENGTH)}`;
}

function integrityBanner(r: DayReport, w: Words): string {
  if (!r.integrity || r.integrity.status === 'intact') return '';
  if (r.integrity.status === 'tampered') return `<p class="banner tampered">${esc(w('tampered'))}</p>`;
  return `<p class="banner changed">${esc(w('changed'))}</p>`;
}

function integrityDetails(r: DayReport, w: Words): string {
  if (!r.integrity) return '';
  const i = r.integrity;
  const status = { intact: w('intact'), 'changed-since-closing': w('changedSinceClosing'), tampered: w('tamperedStatus') }[i.status];
  const parts = [`<h2>${esc(w('integrity'))}</h2><p>${esc(w('integrityChecked', { status, events: i.checkedEvents }))}</p>`];
  if (i.problems.length > 0) {
    parts.push(`<table><tr><th>${esc(w('problem'))}</th><th>${esc(w('event'))}</th><th>${esc(w('detail'))}</th></tr>${i.problems
      .map((p) => `<tr><td>${esc(p.reason)}</td><td class="n">${esc(p.eventId === null ? '' : String(p.eventId))}</td><td>${esc(p.detail)}</td></tr>`)
      .join('')}</table>`);
  }
  if (i.changedSinceClosing.length > 0) {
    parts.push(`<h3>${esc(w('changedSinceClosing'))}</h3><table><tr><th>${esc(w('session'))}</th><th>${esc(w('change'))}</th><th>${esc(w('atClosing'))}</th><th>${esc(w('now'))}</th></tr>${i.changedSinceClosing
      .map((c) => {
        const show = (f: typeof c.after | null) => (f ? `${w.term('state', f.state)} ${w.money(f.amount + f.tipAmount, f.currencyCode)}` : '—');
        return `<tr><td class="mono" title="${esc(c.sessionId)}">${esc(c.sessionId.slice(0, SHORT_ID_LENGTH))}</td><td>${esc(c.change)}</td><td>${esc(show(c.before))}</td><td>${esc(show(c.after))}</td></tr>`;
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
