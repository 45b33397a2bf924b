import { minorToDecimal } from '../../domain/minor-units.ts';
import { csvField as rfc4180Field } from '../reports/export/csv-format.ts';
import { esc as escapeHtml } from '../reports/html.ts';
import type { FleetCurrency, FleetReport, FleetSession, FleetTill } from './fleet-report.ts';

/**
 * The fleet report as a file: JSON (everything), CSV (one row per till and currency, RFC 4180,
 * amounts as plain decimals in the currency's unit) and printable HTML (every value escaped).
 * Pure functions of the report: the same report gives the same bytes.
 */
export const FLEET_FORMATS = ['csv', 'json', 'html'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

export function formatFleetReport(report: FleetReport, format: FleetFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return fleetCsv(report);
  return fleetHtml(report);
}

export const FLEET_CSV_COLUMNS = [
  'business_day',
  'shop',
  'till_id',
  'cash_register_id',
  'currency',
  'sessions',
  'sales_count',
  'sales',
  'tips',
  'refunds_count',
  'refunds',
  'net',
  'unknown',
  'open_alerts',
  'z_status',
  'z_number',
  'last_push_at',
  'lag_events',
  'chain_status',
] as const;

function amount(minor: number, c: Pick<FleetCurrency, 'exponent'>): string {
  return c.exponent === null ? String(minor) : minorToDecimal(minor, c.exponent);
}

/** One RFC 4180 field, quoted as the till's own CSV export quotes (csv-format.ts). */
function csvField(value: string | number | null): string {
  return rfc4180Field(value === null ? '' : String(value));
}

function fleetCsv(report: FleetReport): string {
  const lines = [FLEET_CSV_COLUMNS.join(',')];
  for (const till of report.tills) {
    // A till without sales that day still gets its row: its Z status and push matter most then.
    const currencies: (FleetCurrency | null)[] = till.currencies.length > 0 ? till.currencies : [null];
    for (const c of currencies) {
      lines.push(
        [
          report.businessDay,
          till.shop,
          till.tillId,
          till.cashRegisterId,
          c ? (c.currency ?? c.currencyCode) : null,
          till.sessions,
          c?.sales.count ?? 0,
          c ? amount(c.sales.amount, c) : null,
          c ? amount(c.tips.amount, c) : null,
          c?.refunds.count ?? 0,
          c ? amount(c.refunds.amount, c) : null,
          c ? amount(c.net, c) : null,
          till.unknown,
          till.openAlerts,
          till.zStatus,
          till.z?.number ?? null,
          till.lastPushAt,
          till.lag,
          till.chain.status,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Escaped for HTML as the day report escapes (reports/html.ts). */
function esc(value: string | number | null): string {
  return escapeHtml(String(value ?? ''));
}

function money(minor: number, c: { currency: string | null; exponent: number | null }): string {
  return `${c.exponent === null ? String(minor) : minorToDecimal(minor, c.exponent)} ${c.currency ?? ''}`.trim();
}

function tillRows(till: FleetTill): string {
  const currencies = till.currencies.length > 0 ? till.currencies : [null];
  return currencies
    .map(
      (c, i) => `<tr>
  ${i === 0 ? `<td rowspan="${currencies.length}">${esc(till.shop)}</td><td rowspan="${currencies.length}">${esc(till.tillId)}</td>` : ''}
  <td>${c ? esc(c.currency ?? c.currencyCode) : '—'}</td><td class="n">${c ? c.sales.count : 0}</td><td class="n">${c ? esc(money(c.sales.amount, c)) : '—'}</td>
  <td class="n">${c ? esc(money(c.tips.amount, c)) : '—'}</td><td class="n">${c ? esc(money(c.refunds.amount, c)) : '—'}</td><td class="n">${c ? esc(money(c.net, c)) : '—'}</td>
  ${
    i === 0
      ? `<td rowspan="${currencies.length}" class="n">${till.unknown}</td><td rowspan="${currencies.length}" class="n">${till.openAlerts}</td>
  <td rowspan="${currencies.length}" class="z-${esc(till.zStatus)}">${esc(till.zStatus)}${till.z ? ` (Z ${till.z.number})` : ''}</td>
  <td rowspan="${currencies.length}">${esc(till.lastPushAt)} · lag ${till.lag}</td><td rowspan="${currencies.length}" class="chain-${esc(till.chain.status)}">${esc(till.chain.status)}</td>`
      : ''
  }
</tr>`,
    )
    .join('\n');
}

function sessionList(title: string, sessions: readonly FleetSession[]): string {
  if (sessions.length === 0) return `<h2>${esc(title)}</h2><p>None.</p>`;
  const rows = sessions
    .map(
      (s) =>
        `<tr><td>${esc(s.shop)}</td><td>${esc(s.tillId)}</td><td>${esc(s.businessDay)}</td><td>${esc(s.sessionId)}</td><td>${esc(s.kind)}</td><td>${esc(s.state)}</td><td class="n">${esc(
          money(s.amount + s.tipAmount, s),
        )}</td><td>${esc(s.alert)}</td></tr>`,
    )
    .join('\n');
  return `<h2>${esc(title)}</h2><table><thead><tr><th>Shop</th><th>Till</th><th>Day</th><th>Session</th><th>Kind</th><th>State</th><th>Amount</th><th>Alert</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function fleetHtml(report: FleetReport): string {
  const totals = report.totals
    .map((c) => `<tr><td>${esc(c.currency ?? c.currencyCode)}</td><td class="n">${c.sales.count}</td><td class="n">${esc(money(c.sales.amount, c))}</td><td class="n">${esc(money(c.tips.amount, c))}</td><td class="n">${esc(money(c.refunds.amount, c))}</td><td class="n">${esc(money(c.net, c))}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fleet report ${esc(report.businessDay)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:.3em .6em;text-align:left}.n{text-align:right}.z-missing,.chain-broken{font-weight:bold}</style>
</head><body>
<h1>Fleet report — business day ${esc(report.businessDay)}</h1>
<p>${report.tills.length} tills; Z reports missing: ${report.zMissing}; unknown payments: ${report.unknownSessions.length}; open alerts: ${report.openAlerts.length}${report.truncated ? ' (lists cut)' : ''}. Generated ${esc(report.generatedAt)}.</p>
<h2>Totals per currency</h2>
<table><thead><tr><th>Currency</th><th>Sales</th><th>Sales amount</th><th>Tips</th><th>Refunds</th><th>Net</th></tr></thead><tbody>
${totals}
</tbody></table>
<h2>Per shop and till</h2>
<table><thead><tr><th>Shop</th><th>Till</th><th>Currency</th><th>Sales</th><th>Sales amount</th><th>Tips</th><th>Refunds</th><th>Net</th><th>Unknown</th><th>Open alerts</th><th>Z report</th><th>Last push</th><th>Chain</th></tr></thead><tbody>
${report.tills.map(tillRows).join('\n')}
</tbody></table>
${sessionList('Unknown payments (the customer may have been charged)', report.unknownSessions)}
${sessionList('Open alerts', report.openAlerts)}
</body></html>
`;
}
