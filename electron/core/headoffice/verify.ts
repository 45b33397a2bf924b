import { ChainWalker, type ChainBreak } from '../journal/hash-chain.ts';
import type { ChainHead } from '../journal/index.ts';
import { describeServerError, parseHeadOfficeUrl, poolFor, type HeadOfficeConnection } from './connection-url.ts';
import { checkServerSchema, HEADOFFICE_SCHEMA } from './server-schema.ts';

/**
 * The head office's copy checked across the wire: each till's events re-walked with the journal's
 * own chain code (hash-chain.ts), so an event edited, inserted or deleted on the server is found;
 * the chain's end compared with what the push acknowledged (rows cut off the end) and with the
 * head the till reported; every Z report's head checked as an anchor. When run on a till, that
 * till's own head is compared too. Each till's result is kept on its row (verified_at,
 * verified_events, verify_problem) for the fleet report.
 */
export interface TillVerification {
  tillId: string;
  ok: boolean;
  /** Events on the server that extend the chain. */
  events: number;
  head: string;
  /** The first problem, with a sentence. */
  problem: ChainBreak | null;
  /** The till's reported (or, run on the till, own) head is ahead of the server: not an error, a lag. */
  behindBy: number;
}

export interface VerifyHeadOfficeOptions {
  url: string | HeadOfficeConnection;
  /** Only this till; all tills when absent. */
  tillId?: string;
  /** This till's own head (run on the till): compared with the server's chain as well. */
  localHead?: ChainHead;
  allowInsecure?: boolean;
}

const PAGE = 5000;

export async function verifyHeadOffice(options: VerifyHeadOfficeOptions): Promise<TillVerification[]> {
  const connection = typeof options.url === 'string' ? parseHeadOfficeUrl(options.url, { allowInsecure: options.allowInsecure ?? false }) : options.url;
  const pool = poolFor(connection, { max: 1 });
  try {
    await checkServerSchema(pool, connection);
    const tills = await pool.query<{ till_id: string; acked_events: string; acked_hash: string; reported_head_events: string; reported_head_hash: string }>(
      `SELECT till_id, acked_events, acked_hash, reported_head_events, reported_head_hash FROM ${HEADOFFICE_SCHEMA}.tills
        WHERE $1::text IS NULL OR till_id = $1 ORDER BY till_id`,
      [options.tillId ?? null],
    );
    const results: TillVerification[] = [];
    for (const till of tills.rows) {
      const anchors = await pool.query<{ number: number; head_events: string; head_hash: string }>(
        `SELECT number, head_events, head_hash FROM ${HEADOFFICE_SCHEMA}.z_reports WHERE till_id = $1`,
        [till.till_id],
      );
      const heads: Array<{ label: string; head: ChainHead }> = [
        { label: 'the last acknowledged event', head: { events: Number(till.acked_events), head: till.acked_hash } },
        { label: 'the head the till reported', head: { events: Number(till.reported_head_events), head: till.reported_head_hash } },
        ...anchors.rows.map((z) => ({ label: `Z report ${z.number}`, head: { events: Number(z.head_events), head: z.head_hash } })),
        ...(options.localHead && options.tillId ? [{ label: "this till's own head", head: options.localHead }] : []),
      ];
      const result = await verifyTill(pool, till.till_id, heads, Number(till.acked_events));
      // Kept for the fleet report's chain status: the walk costs seconds per till, the report must not.
      await pool.query(`UPDATE ${HEADOFFICE_SCHEMA}.tills SET verified_at = now(), verified_events = $2, verify_problem = $3 WHERE till_id = $1`, [
        till.till_id,
        result.events,
        result.problem?.detail ?? null,
      ]);
      results.push(result);
    }
    return results;
  } catch (error) {
    throw describeServerError(error, connection, 'headoffice.op.verify');
  } finally {
    await pool.end().catch(() => {});
  }
}

async function verifyTill(
  pool: ReturnType<typeof poolFor>,
  tillId: string,
  heads: Array<{ label: string; head: ChainHead }>,
  acked: number,
): Promise<TillVerification> {
  const walker = new ChainWalker();
  const wanted = new Map<number, string>();
  for (const h of heads) if (h.head.events > 0) wanted.set(h.head.events, '');
  let problem: ChainBreak | undefined;
  let after = 0;
  // Keyset pages: memory stays flat however long the till's journal is.
  outer: for (;;) {
    const page = await pool.query<{ event_id: string; session_id: string; seq: number; type: string; at: string; payload: string; prev_hash: Buffer; hash: Buffer }>(
      `SELECT event_id, session_id, seq, type, at, payload, prev_hash, hash FROM ${HEADOFFICE_SCHEMA}.events
        WHERE till_id = $1 AND event_id > $2 ORDER BY event_id LIMIT ${PAGE}`,
      [tillId, after],
    );
    for (const r of page.rows) {
      const id = Number(r.event_id);
      problem = walker.check({ id, sessionId: r.session_id, seq: r.seq, type: r.type, at: r.at, payload: r.payload, prevHash: r.prev_hash, hash: r.hash });
      if (problem) break outer;
      if (wanted.has(id)) wanted.set(id, walker.head);
      after = id;
    }
    if (page.rows.length < PAGE) break;
  }
  const result: TillVerification = { tillId, ok: !problem, events: walker.events, head: walker.head, problem: problem ?? null, behindBy: 0 };
  if (problem) return result;
  if (walker.events < acked) {
    return fail(result, walker.events + 1, `The server holds ${walker.events} events of till ${tillId}, but the push acknowledged ${acked}: rows were removed.`);
  }
  for (const { label, head } of heads) {
    if (head.events > walker.events) {
      result.behindBy = Math.max(result.behindBy, head.events - walker.events);
      continue;
    }
    const here = head.events === 0 ? '0'.repeat(64) : wanted.get(head.events);
    if (here !== head.head) {
      return fail(result, head.events, `Event ${head.events} of till ${tillId} on the server does not match ${label}: the server's copy differs from the till's.`);
    }
  }
  return result;
}

function fail(result: TillVerification, eventId: number, detail: string): TillVerification {
  return { ...result, ok: false, problem: { eventId, sessionId: null, reason: 'anchor-mismatch', detail } };
}
