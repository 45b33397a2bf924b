import type { ChainHead } from '../journal/index.ts';
import { describeServerError, parseHeadOfficeUrl, poolFor, type HeadOfficeConnection } from './connection-url.ts';
import { checkServerSchema, HEADOFFICE_SCHEMA } from './server-schema.ts';

/** What the head office holds of each till: the last acknowledged event, and how far behind the till's head it is. */
export interface TillStatus {
  tillId: string;
  shop: string;
  cashRegisterId: string;
  environment: string;
  acked: ChainHead;
  reportedHead: ChainHead;
  /** UTC ISO 8601, or null before the first push. */
  lastPushAt: string | null;
  /** Events the till holds that the server does not yet: (this till's own head, else its reported head) - acked. */
  lag: number;
}

export interface HeadOfficeStatusOptions {
  url: string | HeadOfficeConnection;
  tillId?: string;
  /** Run on the till: its own head, so the lag counts what it wrote since its last push. */
  localHead?: ChainHead;
  allowInsecure?: boolean;
}

export async function headOfficeStatus(options: HeadOfficeStatusOptions): Promise<TillStatus[]> {
  const connection = typeof options.url === 'string' ? parseHeadOfficeUrl(options.url, { allowInsecure: options.allowInsecure ?? false }) : options.url;
  const pool = poolFor(connection, { max: 1 });
  try {
    await checkServerSchema(pool, connection);
    const rows = await pool.query<{
      till_id: string;
      shop: string;
      cash_register_id: string;
      environment: string;
      acked_events: string;
      acked_hash: string;
      reported_head_events: string;
      reported_head_hash: string;
      last_push_at: Date | null;
    }>(
      `SELECT till_id, shop, cash_register_id, environment, acked_events, acked_hash, reported_head_events, reported_head_hash, last_push_at
         FROM ${HEADOFFICE_SCHEMA}.tills WHERE $1::text IS NULL OR till_id = $1 ORDER BY shop, till_id`,
      [options.tillId ?? null],
    );
    return rows.rows.map((r) => {
      const acked = { events: Number(r.acked_events), head: r.acked_hash };
      const reportedHead = { events: Number(r.reported_head_events), head: r.reported_head_hash };
      const own = options.localHead && options.tillId === r.till_id ? options.localHead : reportedHead;
      return {
        tillId: r.till_id,
        shop: r.shop,
        cashRegisterId: r.cash_register_id,
        environment: r.environment,
        acked,
        reportedHead,
        lastPushAt: r.last_push_at ? r.last_push_at.toISOString() : null,
        lag: Math.max(0, own.events - acked.events),
      };
    });
  } catch (error) {
    throw describeServerError(error, connection, 'headoffice.op.read-status');
  } finally {
    await pool.end().catch(() => {});
  }
}
