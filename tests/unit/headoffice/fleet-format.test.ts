import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { formatFleetReport } from '../../../electron/core/headoffice/fleet-format.ts';
import type { FleetReport, FleetTill } from '../../../electron/core/headoffice/fleet-report.ts';

/**
 * What the tills send is the till's own data (a cash register's name, an alert, a chain problem):
 * the fleet files must carry it as data, never as CSV structure or HTML markup.
 */
const hostile = 'REG "A", <b>1</b>\r\nnext';

function till(overrides: Partial<FleetTill> = {}): FleetTill {
  return {
    shop: 'shop-1',
    tillId: 'till-1',
    cashRegisterId: hostile,
    environment: 'simulator',
    sessions: 3,
    unknown: 1,
    openAlerts: 0,
    currencies: [
      { currencyCode: '978', currency: 'EUR', exponent: 2, sales: { count: 2, amount: 2550 }, tips: { count: 1, amount: 100 }, refunds: { count: 1, amount: 500 }, net: 2150 },
    ],
    zStatus: 'missing',
    z: null,
    lastPushAt: '2026-12-07T10:00:00.000Z',
    ackedEvents: 12,
    lag: 0,
    chain: { status: 'broken', verifiedAt: null, verifiedEvents: null, problem: '<script>alert(1)</script>' },
    ...overrides,
  };
}

function report(): FleetReport {
  return {
    format: 'cloud-ecr.fleet-report',
    version: 1,
    businessDay: '2026-12-07',
    generatedAt: '2026-12-07T12:00:00.000Z',
    tills: [till()],
    totals: till().currencies,
    zMissing: 1,
    unknownSessions: [
      {
        shop: 'shop-1',
        tillId: 'till-1',
        sessionId: 'a1b2c3',
        kind: 'sale',
        state: 'unknown',
        amount: 1250,
        tipAmount: 0,
        currencyCode: '978',
        currency: 'EUR',
        exponent: 2,
        terminalId: '16000001',
        businessDay: '2026-12-07',
        createdAt: '2026-12-07T09:00:00.000Z',
        alert: '<img src=x onerror=alert(1)>',
      } as FleetReport['unknownSessions'][number],
    ],
    openAlerts: [],
    truncated: false,
  };
}

describe('fleet report files', () => {
  it('CSV: a value with quotes, a comma and a line break stays one field, read back as written; amounts are decimals', () => {
    const rows = parse(formatFleetReport(report(), 'csv'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cash_register_id: hostile, sales: '25.50', tips: '1.00', refunds: '5.00', net: '21.50', chain_status: 'broken' });
  });

  it('HTML: every value from a till is text, not markup', () => {
    const html = formatFleetReport(report(), 'html');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('12.50 EUR');
  });
});
