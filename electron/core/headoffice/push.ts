import type pg from 'pg';
import type { ChainHead, Journal, StoredChainRow, ZReportRow } from '../journal/index.ts';
import { GENESIS_HASH } from '../journal/index.ts';
import { describeServerError, parseHeadOfficeUrl, poolFor, type HeadOfficeConnection, type HeadOfficeOperation } from './connection-url.ts';
import { HeadOfficeError } from './errors.ts';
import { checkServerSchema, HEADOFFICE_SCHEMA } from './server-schema.ts';
import { projectBatch, upsertSessions } from './session-projection.ts';
import { checkTillIdentity, type TillIdentity } from './till-identity.ts';

/**
 * One catch-up push of a till's journal to the head office.
 *
 * - Append-only and idempotent: events go in with ON CONFLICT DO NOTHING; an event the server
 *   already holds is compared field by field, and one that differs is a 'conflict' (the batch is
 *   rolled back, the server's row stays as it was).
 * - Resumable: the server's `acked_events` moves in the same transaction as the batch it
 *   acknowledges, so a connection lost mid-batch loses that batch only, and the next push starts
 *   right after the last committed one: no gap, no duplicate.
 * - One transaction per batch, the till's row locked FOR UPDATE: two pushes of the same till (the
 *   app and a scheduled `ecr headoffice push`) queue instead of racing.
 * - The till's head is reported with every batch and at the end, so verify and status can tell a
 *   till that is behind from one whose chain differs.
 *
 * The journal is only read (a read-only journal is fine): a push never blocks a payment.
 */
export const DEFAULT_PUSH_BATCH = 1000;

export interface PushOptions {
  journal: Journal;
  url: string | HeadOfficeConnection;
  identity: TillIdentity;
  /** Events per transaction. */
  batchSize?: number;
  /** Re-send from this event id on (1: everything) and compare what the server holds, instead of resuming. */
  resendFrom?: number;
  allowInsecure?: boolean;
}

export interface PushResult {
  tillId: string;
  /** Events the server stored for the first time in this push. */
  stored: number;
  /** Events sent that the server already held, identical. */
  alreadyHeld: number;
  batches: number;
  zReportsStored: number;
  /** The server's last acknowledged event after the push. */
  acked: ChainHead;
  /** The till's own head, as reported. */
  head: ChainHead;
}

interface TillRow {
  install_id: string;
  acked_events: string;
  acked_hash: string;
  projected_events: string;
}

export async function pushJournal(options: PushOptions): Promise<PushResult> {
  const connection = typeof options.url === 'string' ? parseHeadOfficeUrl(options.url, { allowInsecure: options.allowInsecure ?? false }) : options.url;
  const identity = checkTillIdentity(options.identity);
  const batchSize = Math.max(1, Math.min(options.batchSize ?? DEFAULT_PUSH_BATCH, 10_000));
  const { journal } = options;
  const pool = poolFor(connection, { max: 1 });
  try {
    const client = await pool.connect().catch((error: unknown) => {
      throw describeServerError(error, connection, 'headoffice.op.connect');
    });
    // A connection lost mid-query also emits 'error' on the client; the query's rejection reports it.
    client.on('error', () => {});
    try {
      await checkServerSchema(client, connection);
      await claimTill(client, connection, identity, journal.environment);
      const result: PushResult = {
        tillId: identity.tillId,
        stored: 0,
        alreadyHeld: 0,
        batches: 0,
        zReportsStored: 0,
        acked: { events: 0, head: GENESIS_HASH },
        head: journal.head(),
      };
      let cursor = options.resendFrom !== undefined ? Math.max(0, options.resendFrom - 1) : -1;
      for (;;) {
        const head = journal.head();
        result.head = head;
        const done = await inTransaction(client, connection, 'headoffice.op.push-events', async () => {
          const till = await lockTill(client, identity);
          const acked: ChainHead = { events: Number(till.acked_events), head: till.acked_hash };
          // A till pushed before the server had its sessions table re-sends from where they stop (compared, not stored twice).
          if (cursor < 0) cursor = Math.min(acked.events, Number(till.projected_events));
          if (result.batches === 0) checkSameHistory(journal, head, acked, identity);
          const rows = journal.eventsAfter(cursor, batchSize);
          let newAcked = acked;
          if (rows.length > 0) {
            const counts = await insertEvents(client, identity.tillId, rows);
            await upsertSessions(client, identity.tillId, projectBatch(journal, rows));
            result.stored += counts.stored;
            result.alreadyHeld += counts.alreadyHeld;
            result.batches += 1;
            const last = rows[rows.length - 1]!;
            // The rows start at or below acked+1 and run without gaps, so the chain here now reaches `last`.
            if (last.id > acked.events) newAcked = { events: last.id, head: last.hash.toString('hex') };
            cursor = last.id;
          }
          await client.query(
            `UPDATE ${HEADOFFICE_SCHEMA}.tills SET acked_events = $2, acked_hash = $3, reported_head_events = $4,
                    reported_head_hash = $5, reported_at = now(), last_push_at = now(), projected_events = GREATEST(projected_events, $6)
              WHERE till_id = $1`,
            [identity.tillId, newAcked.events, newAcked.head, head.events, head.head, cursor],
          );
          result.acked = newAcked;
          return rows.length < batchSize;
        });
        if (done) break;
      }
      result.zReportsStored = await inTransaction(client, connection, 'headoffice.op.push-z-reports', () => insertZReports(client, identity.tillId, journal.zReports()));
      return result;
    } finally {
      client.release(true);
    }
  } catch (error) {
    throw describeServerError(error, connection, 'headoffice.op.push');
  } finally {
    await pool.end().catch(() => {});
  }
}

async function claimTill(client: pg.PoolClient, connection: HeadOfficeConnection, identity: TillIdentity, environment: string): Promise<void> {
  await client.query(
    `INSERT INTO ${HEADOFFICE_SCHEMA}.tills (till_id, install_id, shop, cash_register_id, environment)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [identity.tillId, identity.installId, identity.shop, identity.cashRegisterId, environment],
  );
  const found = await client.query<{ install_id: string; environment: string }>(
    `SELECT install_id, environment FROM ${HEADOFFICE_SCHEMA}.tills WHERE till_id = $1`,
    [identity.tillId],
  );
  const row = found.rows[0];
  if (!row) {
    const other = await client.query<{ till_id: string }>(`SELECT till_id FROM ${HEADOFFICE_SCHEMA}.tills WHERE install_id = $1`, [identity.installId]);
    throw new HeadOfficeError('till-claimed', {
      id: 'headoffice.already-other-till',
      params: { server: connection.shown, other: JSON.stringify(other.rows[0]?.till_id ?? '?'), till: JSON.stringify(identity.tillId) },
    });
  }
  if (row.install_id !== identity.installId) {
    throw new HeadOfficeError('till-claimed', { id: 'headoffice.till-of-other-install', params: { till: JSON.stringify(identity.tillId), server: connection.shown } });
  }
  if (row.environment !== environment) {
    throw new HeadOfficeError('till-claimed', {
      id: 'headoffice.till-other-environment',
      params: { till: JSON.stringify(identity.tillId), server: connection.shown, held: row.environment, environment },
    });
  }
  // Shop and cash register may be renamed; the till's history stays its own.
  await client.query(`UPDATE ${HEADOFFICE_SCHEMA}.tills SET shop = $2, cash_register_id = $3 WHERE till_id = $1 AND (shop <> $2 OR cash_register_id <> $3)`, [
    identity.tillId,
    identity.shop,
    identity.cashRegisterId,
  ]);
}

async function lockTill(client: pg.PoolClient, identity: TillIdentity): Promise<TillRow> {
  const result = await client.query<TillRow>(
    `SELECT install_id, acked_events, acked_hash, projected_events FROM ${HEADOFFICE_SCHEMA}.tills WHERE till_id = $1 FOR UPDATE`,
    [identity.tillId],
  );
  const row = result.rows[0];
  if (!row || row.install_id !== identity.installId) {
    throw new HeadOfficeError('till-claimed', { id: 'headoffice.till-claimed-meanwhile', params: { till: JSON.stringify(identity.tillId) } });
  }
  return row;
}

/** The server's acknowledged history must be a prefix of this journal: a replaced or rewritten journal is a conflict. */
function checkSameHistory(journal: Journal, head: ChainHead, acked: ChainHead, identity: TillIdentity): void {
  if (acked.events === 0) return;
  if (head.events < acked.events) {
    throw new HeadOfficeError('conflict', { id: 'headoffice.journal-behind', params: { acked: acked.events, till: identity.tillId, events: head.events } }, { ids: [head.events + 1] });
  }
  const [row] = journal.eventsAfter(acked.events - 1, 1);
  if (!row || row.hash.toString('hex') !== acked.head) {
    throw new HeadOfficeError('conflict', { id: 'headoffice.history-differs', params: { event: acked.events, till: identity.tillId } }, { ids: [acked.events] });
  }
}

async function insertEvents(client: pg.PoolClient, tillId: string, rows: StoredChainRow[]): Promise<{ stored: number; alreadyHeld: number }> {
  const ids = rows.map((r) => r.id);
  const inserted = await client.query<{ event_id: string }>(
    `INSERT INTO ${HEADOFFICE_SCHEMA}.events (till_id, event_id, session_id, seq, type, at, payload, prev_hash, hash)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::bytea[])
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [tillId, ids, rows.map((r) => r.sessionId), rows.map((r) => r.seq), rows.map((r) => r.type), rows.map((r) => r.at), rows.map((r) => r.payload), rows.map((r) => r.prevHash), rows.map((r) => r.hash)],
  );
  if (inserted.rowCount === rows.length) return { stored: rows.length, alreadyHeld: 0 };
  // Some were held already (a re-send, or a (session, seq) the server has under another id): compare, never overwrite.
  const fresh = new Set(inserted.rows.map((r) => Number(r.event_id)));
  const held = rows.filter((r) => !fresh.has(r.id));
  const server = await client.query<{ event_id: string; session_id: string; seq: number; type: string; at: string; payload: string; prev_hash: Buffer; hash: Buffer }>(
    `SELECT event_id, session_id, seq, type, at, payload, prev_hash, hash FROM ${HEADOFFICE_SCHEMA}.events WHERE till_id = $1 AND event_id = ANY($2::bigint[])`,
    [tillId, held.map((r) => r.id)],
  );
  const byId = new Map(server.rows.map((r) => [Number(r.event_id), r]));
  const differing = held
    .filter((r) => {
      const s = byId.get(r.id);
      return !s || s.session_id !== r.sessionId || s.seq !== r.seq || s.type !== r.type || s.at !== r.at || s.payload !== r.payload || !s.prev_hash.equals(r.prevHash) || !s.hash.equals(r.hash);
    })
    .map((r) => r.id);
  if (differing.length > 0) {
    throw new HeadOfficeError('conflict', { id: 'headoffice.events-differ', params: { count: differing.length, till: tillId, first: differing[0] ?? null } }, { ids: differing });
  }
  return { stored: inserted.rowCount ?? 0, alreadyHeld: held.length };
}

async function insertZReports(client: pg.PoolClient, tillId: string, reports: ZReportRow[]): Promise<number> {
  if (reports.length === 0) return 0;
  const inserted = await client.query(
    `INSERT INTO ${HEADOFFICE_SCHEMA}.z_reports (till_id, number, business_day, closed_at, head_events, head_hash, totals, override_reason, override_operator)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[])
     ON CONFLICT DO NOTHING`,
    [
      tillId,
      reports.map((z) => z.number),
      reports.map((z) => z.businessDay),
      reports.map((z) => z.closedAt),
      reports.map((z) => z.anchor.events),
      reports.map((z) => z.anchor.head),
      reports.map((z) => z.totals),
      reports.map((z) => z.override?.reason ?? null),
      reports.map((z) => z.override?.operator ?? null),
    ],
  );
  const server = await client.query<{ number: number; business_day: string; head_events: string; head_hash: string; totals: string }>(
    `SELECT number, business_day, head_events, head_hash, totals FROM ${HEADOFFICE_SCHEMA}.z_reports WHERE till_id = $1`,
    [tillId],
  );
  const byNumber = new Map(server.rows.map((r) => [r.number, r]));
  const differing = reports
    .filter((z) => {
      const s = byNumber.get(z.number);
      return !s || s.business_day !== z.businessDay || Number(s.head_events) !== z.anchor.events || s.head_hash !== z.anchor.head || s.totals !== z.totals;
    })
    .map((z) => z.number);
  if (differing.length > 0) {
    throw new HeadOfficeError('conflict', { id: 'headoffice.z-reports-differ', params: { count: differing.length, reports: differing.join(', '), till: tillId } }, { ids: differing });
  }
  return inserted.rowCount ?? 0;
}

async function inTransaction<T>(client: pg.PoolClient, connection: HeadOfficeConnection, doing: HeadOfficeOperation, work: () => Promise<T>): Promise<T> {
  try {
    await client.query('BEGIN');
  } catch (error) {
    throw describeServerError(error, connection, doing);
  }
  try {
    const value = await work();
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw describeServerError(error, connection, doing);
  }
}
