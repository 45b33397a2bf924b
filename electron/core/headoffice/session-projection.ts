import type pg from 'pg';
import { applyEvent, type Journal, type JournalEvent, type SessionRecord, type StoredChainRow } from '../journal/index.ts';
import { HEADOFFICE_SCHEMA } from './server-schema.ts';

/**
 * The sessions a batch of events touches, folded by the journal's own projection (projection.ts)
 * up to the batch's last event, for the head office's `sessions` table (what the fleet report
 * sums). A session whose earlier events went in an earlier batch starts from those events, read
 * from the journal; the batch's own rows are folded from the pushed text, so the row sent is
 * exactly what the pushed events say, never a later state the server has no events for.
 */
export interface ProjectedSession {
  record: SessionRecord;
  /** The last event id folded in. */
  throughEvent: number;
}

export function projectBatch(journal: Pick<Journal, 'eventsOf'>, rows: readonly StoredChainRow[]): ProjectedSession[] {
  const touched = new Map<string, ProjectedSession | null>();
  for (const row of rows) {
    let current = touched.get(row.sessionId);
    if (current === undefined) {
      current = row.seq === 1 ? null : foldBefore(journal, row.sessionId, row.id);
    }
    const event = { id: row.id, sessionId: row.sessionId, seq: row.seq, type: row.type, at: row.at, payload: JSON.parse(row.payload) } as JournalEvent;
    touched.set(row.sessionId, { record: applyEvent(current?.record ?? null, event), throughEvent: row.id });
  }
  return [...touched.values()].filter((p): p is ProjectedSession => p !== null);
}

function foldBefore(journal: Pick<Journal, 'eventsOf'>, sessionId: string, beforeId: number): ProjectedSession | null {
  let record: SessionRecord | null = null;
  let through = 0;
  for (const event of journal.eventsOf(sessionId)) {
    if (event.id >= beforeId) break;
    record = applyEvent(record, event);
    through = event.id;
  }
  return record ? { record, throughEvent: through } : null;
}

/** Upserts the projected sessions; a row never goes back to an older fold (a re-sent batch). */
export async function upsertSessions(client: pg.PoolClient, tillId: string, sessions: readonly ProjectedSession[]): Promise<void> {
  if (sessions.length === 0) return;
  const r = sessions.map((s) => s.record);
  await client.query(
    `INSERT INTO ${HEADOFFICE_SCHEMA}.sessions AS s
       (till_id, session_id, kind, state, amount, tip_amount, currency_code, terminal_id, business_day, created_at, alert, resolution, through_event)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[],
                              $11::text[], $12::text[], $13::bigint[])
     ON CONFLICT (till_id, session_id) DO UPDATE SET
       kind = excluded.kind, state = excluded.state, amount = excluded.amount, tip_amount = excluded.tip_amount,
       currency_code = excluded.currency_code, terminal_id = excluded.terminal_id, business_day = excluded.business_day,
       created_at = excluded.created_at, alert = excluded.alert, resolution = excluded.resolution, through_event = excluded.through_event
     WHERE s.through_event < excluded.through_event`,
    [
      tillId,
      r.map((x) => x.sessionId),
      r.map((x) => x.kind),
      r.map((x) => x.state),
      r.map((x) => x.amount),
      r.map((x) => x.tipAmount),
      r.map((x) => x.currencyCode),
      r.map((x) => x.terminalId),
      r.map((x) => x.businessDay),
      r.map((x) => x.createdAt),
      r.map((x) => x.alert),
      r.map((x) => x.resolution),
      sessions.map((s) => s.throughEvent),
    ],
  );
}
