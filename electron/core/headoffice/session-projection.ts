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

/**
 * The record's fields the head office's `sessions` table holds, in one list so the INSERT's
 * columns, its array types and the values sent cannot fall out of step: the server column, its
 * PostgreSQL type, and the field.
 */
const COLUMNS: readonly (readonly [column: string, type: 'text' | 'bigint', field: keyof SessionRecord])[] = [
  ['session_id', 'text', 'sessionId'],
  ['kind', 'text', 'kind'],
  ['state', 'text', 'state'],
  ['amount', 'bigint', 'amount'],
  ['tip_amount', 'bigint', 'tipAmount'],
  ['currency_code', 'text', 'currencyCode'],
  ['terminal_id', 'text', 'terminalId'],
  ['business_day', 'text', 'businessDay'],
  ['created_at', 'text', 'createdAt'],
  ['alert', 'text', 'alert'],
  ['resolution', 'text', 'resolution'],
];
const NAMES = [...COLUMNS.map(([column]) => column), 'through_event'];
// $1 is the till; the arrays follow, through_event last.
const ARRAYS = [...COLUMNS.map(([, type], i) => `$${i + 2}::${type}[]`), `$${COLUMNS.length + 2}::bigint[]`];

const UPSERT_SQL = `INSERT INTO ${HEADOFFICE_SCHEMA}.sessions AS s (till_id, ${NAMES.join(', ')})
     SELECT $1, * FROM unnest(${ARRAYS.join(', ')})
     ON CONFLICT (till_id, session_id) DO UPDATE SET ${NAMES.filter((n) => n !== 'session_id').map((n) => `${n} = excluded.${n}`).join(', ')}
     WHERE s.through_event < excluded.through_event`;

/** Upserts the projected sessions; a row never goes back to an older fold (a re-sent batch). */
export async function upsertSessions(client: pg.PoolClient, tillId: string, sessions: readonly ProjectedSession[]): Promise<void> {
  if (sessions.length === 0) return;
  await client.query(UPSERT_SQL, [
    tillId,
    ...COLUMNS.map(([, , field]) => sessions.map((s) => s.record[field])),
    sessions.map((s) => s.throughEvent),
  ]);
}
