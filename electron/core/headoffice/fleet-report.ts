import { findCurrency } from '../money.ts';
import type { MoneyTotals, Tally } from '../reports/day-totals.ts';
import { describeServerError, parseHeadOfficeUrl, poolFor, type HeadOfficeConnection } from './connection-url.ts';
import { checkServerSchema, HEADOFFICE_SCHEMA } from './server-schema.ts';

/**
 * `ecr fleet report --date D`: one business day across every shop and till the head office
 * holds, in plain SQL on PostgreSQL 15+ over the sessions the tills projected (server migration 2)
 * and their Z reports. The money rules are the till's own (reports/day-totals.ts): integer minor
 * units per currency, sales = approved sales and completions without the tip, tips apart,
 * refunds = approved refunds, net = sales + tips - refunds; pre-authorisations and sessions kept
 * as another till's evidence count nowhere.
 *
 * Across the fleet, whatever the day: every session still unknown (the customer may have been
 * charged) and every alert no one has resolved, oldest first. For each till: its Z report of the
 * day (closed, missing on a day with sessions, or none on a day without), its last push and lag,
 * and what the last `ecr headoffice verify` found of its chain.
 */
/** A count and its sum in minor units, as the till's own totals (day-totals.ts). */
export type FleetTally = Tally;

/** One currency's sales, tips, refunds and net: the till's MoneyTotals (day-totals.ts), per till or fleet-wide. */
export interface FleetCurrency extends MoneyTotals {
  /** ISO 4217 numeric, as journaled ("978"). */
  currencyCode: string;
  /** "EUR"; null for a code the currency table does not know. */
  currency: string | null;
  exponent: number | null;
}

export type ZStatus = 'closed' | 'missing' | 'no-sessions';
export type ChainStatus = 'verified' | 'broken' | 'unverified';

export interface FleetTill {
  shop: string;
  tillId: string;
  cashRegisterId: string;
  environment: string;
  /** The day's sessions (this till's own: evidence of other tills excluded). */
  sessions: number;
  unknown: number;
  openAlerts: number;
  currencies: FleetCurrency[];
  zStatus: ZStatus;
  z: { number: number; closedAt: string; overridden: boolean } | null;
  /** UTC ISO 8601 of the till's last push. */
  lastPushAt: string;
  ackedEvents: number;
  /** Events the till reported holding that the head office has not acknowledged yet. */
  lag: number;
  chain: { status: ChainStatus; verifiedAt: string | null; verifiedEvents: number | null; problem: string | null };
}

export interface FleetSession {
  shop: string;
  tillId: string;
  sessionId: string;
  kind: string;
  state: string;
  amount: number;
  tipAmount: number;
  currencyCode: string;
  currency: string | null;
  exponent: number | null;
  terminalId: string;
  businessDay: string;
  createdAt: string;
  alert: string | null;
}

export interface FleetReport {
  format: 'cloud-ecr.fleet-report';
  version: 1;
  businessDay: string;
  /** UTC ISO 8601. */
  generatedAt: string;
  tills: FleetTill[];
  /** Per currency across every till. */
  totals: FleetCurrency[];
  zMissing: number;
  unknownSessions: FleetSession[];
  openAlerts: FleetSession[];
  /** True when a list was cut at LIST_LIMIT (the counts per till stay exact). */
  truncated: boolean;
}

export interface FleetReportOptions {
  url: string | HeadOfficeConnection;
  businessDay: string;
  allowInsecure?: boolean;
  now?: () => number;
}

/** At most this many unknown sessions and open alerts are listed; the per-till counts stay exact. */
export const LIST_LIMIT = 1000;

const FOREIGN = `resolution IS DISTINCT FROM 'imported-foreign'`;
const SALE = `state = 'approved' AND kind IN ('sale', 'preauth-completion') AND ${FOREIGN}`;
const REFUND = `state = 'approved' AND kind IN ('refund', 'unreferenced-refund') AND ${FOREIGN}`;
const OPEN_ALERT = 'alert IS NOT NULL AND resolution IS NULL';

export async function fleetReport(options: FleetReportOptions): Promise<FleetReport> {
  const connection = typeof options.url === 'string' ? parseHeadOfficeUrl(options.url, { allowInsecure: options.allowInsecure ?? false }) : options.url;
  const day = options.businessDay;
  const pool = poolFor(connection, { max: 3 });
  try {
    await checkServerSchema(pool, connection);
    const [tills, money, counts, unknown, alerts] = await Promise.all([
      pool.query<FleetTillRow>(
        `SELECT t.till_id, t.shop, t.cash_register_id, t.environment, t.last_push_at, t.acked_events, t.reported_head_events,
                t.verified_at, t.verified_events, t.verify_problem, z.number AS z_number, z.closed_at AS z_closed_at,
                (z.override_reason IS NOT NULL) AS z_overridden
           FROM ${HEADOFFICE_SCHEMA}.tills t
           LEFT JOIN ${HEADOFFICE_SCHEMA}.z_reports z ON z.till_id = t.till_id AND z.business_day = $1
          ORDER BY t.shop, t.till_id`,
        [day],
      ),
      pool.query<MoneyRow>(
        `SELECT till_id, currency_code,
                count(*) FILTER (WHERE ${SALE}) AS sales_count,
                coalesce(sum(amount) FILTER (WHERE ${SALE}), 0) AS sales_amount,
                count(*) FILTER (WHERE ${SALE} AND tip_amount > 0) AS tips_count,
                coalesce(sum(tip_amount) FILTER (WHERE ${SALE}), 0) AS tips_amount,
                count(*) FILTER (WHERE ${REFUND}) AS refunds_count,
                coalesce(sum(amount) FILTER (WHERE ${REFUND}), 0) AS refunds_amount
           FROM ${HEADOFFICE_SCHEMA}.sessions
          WHERE business_day = $1 AND ${FOREIGN}
          GROUP BY till_id, currency_code
          ORDER BY till_id, currency_code`,
        [day],
      ),
      pool.query<{ till_id: string; sessions: string; unknown: string; open_alerts: string }>(
        `SELECT t.till_id,
                (SELECT count(*) FROM ${HEADOFFICE_SCHEMA}.sessions s WHERE s.till_id = t.till_id AND s.business_day = $1 AND ${FOREIGN}) AS sessions,
                (SELECT count(*) FROM ${HEADOFFICE_SCHEMA}.sessions s WHERE s.till_id = t.till_id AND s.state = 'unknown') AS unknown,
                (SELECT count(*) FROM ${HEADOFFICE_SCHEMA}.sessions s WHERE s.till_id = t.till_id AND ${OPEN_ALERT}) AS open_alerts
           FROM ${HEADOFFICE_SCHEMA}.tills t`,
        [day],
      ),
      listSessions(pool, `s.state = 'unknown'`),
      // The tills table has no alert or resolution column: the condition reads the sessions'.
      listSessions(pool, OPEN_ALERT),
    ]);
    const byTillMoney = new Map<string, FleetCurrency[]>();
    for (const row of money.rows) {
      const list = byTillMoney.get(row.till_id) ?? [];
      list.push(currencyOf(row));
      byTillMoney.set(row.till_id, list);
    }
    const countsOf = new Map(counts.rows.map((r) => [r.till_id, r]));
    const fleetTills: FleetTill[] = tills.rows.map((t) => {
      const c = countsOf.get(t.till_id);
      const sessions = Number(c?.sessions ?? 0);
      const acked = Number(t.acked_events);
      const verifiedEvents = t.verified_events === null ? null : Number(t.verified_events);
      return {
        shop: t.shop,
        tillId: t.till_id,
        cashRegisterId: t.cash_register_id,
        environment: t.environment,
        sessions,
        unknown: Number(c?.unknown ?? 0),
        openAlerts: Number(c?.open_alerts ?? 0),
        currencies: byTillMoney.get(t.till_id) ?? [],
        zStatus: t.z_number !== null ? 'closed' : sessions > 0 ? 'missing' : 'no-sessions',
        z: t.z_number !== null ? { number: t.z_number, closedAt: t.z_closed_at as string, overridden: t.z_overridden } : null,
        lastPushAt: t.last_push_at.toISOString(),
        ackedEvents: acked,
        lag: Math.max(0, Number(t.reported_head_events) - acked),
        chain: {
          status: t.verified_at === null ? 'unverified' : t.verify_problem !== null ? 'broken' : 'verified',
          verifiedAt: t.verified_at ? t.verified_at.toISOString() : null,
          verifiedEvents,
          problem: t.verify_problem,
        },
      };
    });
    return {
      format: 'cloud-ecr.fleet-report',
      version: 1,
      businessDay: day,
      generatedAt: new Date((options.now ?? Date.now)()).toISOString(),
      tills: fleetTills,
      totals: sumCurrencies(fleetTills.flatMap((t) => t.currencies)),
      zMissing: fleetTills.filter((t) => t.zStatus === 'missing').length,
      unknownSessions: unknown.rows.slice(0, LIST_LIMIT).map(sessionOf),
      openAlerts: alerts.rows.slice(0, LIST_LIMIT).map(sessionOf),
      truncated: unknown.rows.length > LIST_LIMIT || alerts.rows.length > LIST_LIMIT,
    };
  } catch (error) {
    throw describeServerError(error, connection, 'headoffice.op.read-fleet-report');
  } finally {
    await pool.end().catch(() => {});
  }
}

interface FleetTillRow {
  till_id: string;
  shop: string;
  cash_register_id: string;
  environment: string;
  last_push_at: Date;
  acked_events: string;
  reported_head_events: string;
  verified_at: Date | null;
  verified_events: string | null;
  verify_problem: string | null;
  z_number: number | null;
  z_closed_at: string | null;
  z_overridden: boolean;
}

interface MoneyRow {
  till_id: string;
  currency_code: string;
  sales_count: string;
  sales_amount: string;
  tips_count: string;
  tips_amount: string;
  refunds_count: string;
  refunds_amount: string;
}

/** A session as the head office's lists read it (PostgreSQL bigint comes back as a string). */
interface FleetSessionRow {
  shop: string;
  till_id: string;
  session_id: string;
  kind: string;
  state: string;
  amount: string;
  tip_amount: string;
  currency_code: string;
  terminal_id: string;
  business_day: string;
  created_at: string;
  alert: string | null;
}

function listSessions(pool: ReturnType<typeof poolFor>, where: string) {
  return pool.query<FleetSessionRow>(
    `SELECT t.shop, s.till_id, s.session_id, s.kind, s.state, s.amount, s.tip_amount, s.currency_code, s.terminal_id, s.business_day, s.created_at, s.alert
       FROM ${HEADOFFICE_SCHEMA}.sessions s JOIN ${HEADOFFICE_SCHEMA}.tills t ON t.till_id = s.till_id
      WHERE ${where}
      ORDER BY s.created_at, s.till_id, s.session_id
      LIMIT ${LIST_LIMIT + 1}`,
  );
}

function sessionOf(r: FleetSessionRow): FleetSession {
  const known = findCurrency(r.currency_code);
  return {
    shop: r.shop,
    tillId: r.till_id,
    sessionId: r.session_id,
    kind: r.kind,
    state: r.state,
    amount: Number(r.amount),
    tipAmount: Number(r.tip_amount),
    currencyCode: r.currency_code,
    currency: known?.alpha ?? null,
    exponent: known?.exponent ?? null,
    terminalId: r.terminal_id,
    businessDay: r.business_day,
    createdAt: r.created_at,
    alert: r.alert,
  };
}

function currencyOf(r: MoneyRow): FleetCurrency {
  const known = findCurrency(r.currency_code);
  const sales = { count: Number(r.sales_count), amount: Number(r.sales_amount) };
  const tips = { count: Number(r.tips_count), amount: Number(r.tips_amount) };
  const refunds = { count: Number(r.refunds_count), amount: Number(r.refunds_amount) };
  return {
    currencyCode: r.currency_code,
    currency: known?.alpha ?? null,
    exponent: known?.exponent ?? null,
    sales,
    tips,
    refunds,
    net: sales.amount + tips.amount - refunds.amount,
  };
}

function sumCurrencies(all: readonly FleetCurrency[]): FleetCurrency[] {
  const sums = new Map<string, FleetCurrency>();
  for (const c of all) {
    const s = sums.get(c.currencyCode);
    if (!s) {
      sums.set(c.currencyCode, { ...c, sales: { ...c.sales }, tips: { ...c.tips }, refunds: { ...c.refunds } });
      continue;
    }
    s.sales.count += c.sales.count;
    s.sales.amount += c.sales.amount;
    s.tips.count += c.tips.count;
    s.tips.amount += c.tips.amount;
    s.refunds.count += c.refunds.count;
    s.refunds.amount += c.refunds.amount;
    s.net += c.net;
  }
  return [...sums.values()].sort((a, b) => (a.currencyCode < b.currencyCode ? -1 : a.currencyCode > b.currencyCode ? 1 : 0));
}
