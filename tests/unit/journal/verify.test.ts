import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/core/journal/canonical-json.ts';
import { canonicalEventContent, chainHash, GENESIS_HASH } from '../../../electron/core/journal/hash-chain.ts';
import type { Journal } from '../../../electron/core/journal/journal.ts';
import { dispatched, rawConnection, saleRequest, testJournal, vivaBody } from './helpers.ts';

/** Three sessions, eleven events: enough to break in the middle and at the ends. */
function journalWithHistory() {
  const { journal, clock } = testJournal();
  const sessions = [saleRequest(), saleRequest({ terminalId: '16000011' }), saleRequest({ terminalId: '16000012' })];
  for (const request of sessions) {
    dispatched(journal, request);
    clock.advance(1000);
  }
  const [first, second, third] = sessions.map((s) => s.sessionId) as [string, string, string];
  journal.append(first, { type: 'poll-result', outcome: 'approved', viva: vivaBody(first, 'approved') });
  journal.append(second, { type: 'poll-result', outcome: 'declined', viva: vivaBody(second, 'declined') });
  return { journal, clock, sessions: [first, second, third] as const };
}

/** What an attacker with the file does: drop the append-only triggers first. */
function tamper(journal: Journal, sql: string): void {
  const db: Database.Database = rawConnection(journal.file);
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  db.exec(sql);
  db.close();
}

describe('verify: the hash chain', () => {
  it('accepts an untouched journal and reports its head', () => {
    const { journal } = journalWithHistory();
    const result = journal.verify();
    expect(result).toEqual({ ok: true, events: 11, sessions: 3, head: journal.head().head, integrity: { ok: true } });
    expect(journal.head().events).toBe(11);
    expect(journal.head().head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts an empty journal, whose head is the genesis hash', () => {
    const { journal } = testJournal();
    expect(journal.head()).toEqual({ events: 0, head: GENESIS_HASH });
    expect(journal.verify()).toEqual({ ok: true, events: 0, sessions: 0, head: GENESIS_HASH, integrity: { ok: true } });
  });

  it('hashes exactly the canonical JSON of (id, session_id, seq, type, at, payload)', () => {
    const row = { id: 7, sessionId: 's-1', seq: 2, type: 'poll-result', at: '2026-03-10T09:00:00.000Z', payload: canonicalJson({ outcome: 'declined', viva: { b: 1, a: [null, 'x'] } }) };
    const asObject = canonicalJson({ id: 7, session_id: 's-1', seq: 2, type: 'poll-result', at: row.at, payload: JSON.parse(row.payload) as unknown });
    expect(canonicalEventContent(row)).toBe(asObject);
    const expected = createHash('sha256').update(GENESIS_HASH + asObject).digest('hex');
    expect(chainHash(GENESIS_HASH, row).toString('hex')).toBe(expected);
  });

  it('detects an edited payload (hash-mismatch at that event)', () => {
    const { journal, sessions } = journalWithHistory();
    const target = journal.eventsOf(sessions[0]).find((e) => e.type === 'created');
    tamper(journal, `UPDATE events SET payload = replace(payload, '"amount":1250', '"amount":125') WHERE id = ${target?.id}`);
    expect(journal.verify()).toMatchObject({
      ok: false,
      events: (target?.id ?? 0) - 1,
      firstBroken: { eventId: target?.id, sessionId: sessions[0], reason: 'hash-mismatch' },
    });
  });

  it('detects an edited time, type or seq too', () => {
    for (const change of ["at = '2026-03-09T09:00:00.000Z'", "type = 'dispatch-refused'", 'seq = 9']) {
      const { journal } = journalWithHistory();
      tamper(journal, `UPDATE events SET ${change} WHERE id = 5`);
      expect(journal.verify({ projection: false }), change).toMatchObject({ ok: false, firstBroken: { eventId: 5, reason: 'hash-mismatch' } });
    }
  });

  it('detects a deleted event (missing-row)', () => {
    const { journal } = journalWithHistory();
    tamper(journal, 'DELETE FROM events WHERE id = 6');
    expect(journal.verify()).toMatchObject({ ok: false, events: 5, firstBroken: { eventId: 6, reason: 'missing-row' } });
  });

  it('detects a whole session deleted from both tables', () => {
    const { journal, sessions } = journalWithHistory();
    tamper(journal, `DELETE FROM events WHERE session_id = '${sessions[1]}'; DELETE FROM sessions WHERE session_id = '${sessions[1]}';`);
    expect(journal.verify()).toMatchObject({ ok: false, firstBroken: { reason: 'missing-row' } });
  });

  it('detects two rows swapped (prev-mismatch)', () => {
    const { journal } = journalWithHistory();
    tamper(
      journal,
      `UPDATE events SET id = -1 WHERE id = 4;
       UPDATE events SET id = 4 WHERE id = 5;
       UPDATE events SET id = 5 WHERE id = -1;`,
    );
    expect(journal.verify()).toMatchObject({ ok: false, events: 3, firstBroken: { eventId: 4, reason: 'prev-mismatch' } });
  });

  it('detects a forged row inserted at the end, even one with a correct-looking hash', () => {
    const { journal, sessions } = journalWithHistory();
    // Chained to the wrong predecessor:
    tamper(journal, `INSERT INTO events VALUES (12, '${sessions[2]}', 4, 'dispatch-refused', '2026-03-10T10:00:00.000Z', '{"reason":"x"}', zeroblob(32), zeroblob(32))`);
    expect(journal.verify()).toMatchObject({ ok: false, firstBroken: { eventId: 12, reason: 'prev-mismatch' } });

    // Correctly chained by someone who knows the algorithm: the chain holds, the projection does not.
    const other = journalWithHistory();
    const head = other.journal.head();
    const forged = { id: 12, sessionId: other.sessions[2], seq: 4, type: 'poll-result', at: '2026-03-10T10:00:00.000Z', payload: '{"outcome":"approved","viva":{}}' };
    const hash = chainHash(head.head, forged).toString('hex');
    tamper(
      other.journal,
      `INSERT INTO events VALUES (12, '${forged.sessionId}', 4, 'poll-result', '${forged.at}', '${forged.payload}', x'${head.head}', x'${hash}')`,
    );
    expect(other.journal.verify({ projection: false })).toMatchObject({ ok: true, events: 12 });
    expect(other.journal.verify()).toMatchObject({ ok: false, firstBroken: { sessionId: other.sessions[2], reason: 'projection-mismatch' } });
  });

  it('with an anchor (a head stored earlier), detects rows cut off the end and a recomputed chain', () => {
    const { journal, sessions } = journalWithHistory();
    const anchor = journal.head();
    journal.append(sessions[2], { type: 'poll-result', outcome: 'cancelled', viva: vivaBody(sessions[2], 'cancelled') });
    expect(journal.verify({ anchor })).toMatchObject({ ok: true, events: 12 });

    tamper(journal, 'DELETE FROM events WHERE id >= 11');
    // Without the anchor the shortened chain still links up; the projection row still says cancelled.
    expect(journal.verify({ projection: false })).toMatchObject({ ok: true, events: 10 });
    expect(journal.verify({ anchor, projection: false })).toMatchObject({ ok: false, firstBroken: { reason: 'anchor-mismatch', eventId: 11 } });

    const rewritten = journalWithHistory();
    const rewrittenAnchor = rewritten.journal.head();
    rewriteChainFrom(rewritten.journal, 1, "UPDATE events SET payload = replace(payload, '1250', '1') WHERE id = 1");
    expect(rewritten.journal.verify({ projection: false })).toMatchObject({ ok: true });
    expect(rewritten.journal.verify({ anchor: rewrittenAnchor, projection: false })).toMatchObject({
      ok: false,
      firstBroken: { reason: 'anchor-mismatch', eventId: 11 },
    });
  });
});

describe('verify: the projection', () => {
  it('detects an edited amount in the sessions table', () => {
    const { journal, sessions } = journalWithHistory();
    tamper(journal, `UPDATE sessions SET amount = 125 WHERE session_id = '${sessions[1]}'`);
    const result = journal.verify();
    expect(result).toMatchObject({ ok: false, firstBroken: { sessionId: sessions[1], reason: 'projection-mismatch' } });
    expect(!result.ok && result.firstBroken.detail).toContain('amount = 125');
    expect(journal.verify({ projection: false }).ok).toBe(true);
  });

  it('detects an edited state, a removed row and an invented row', () => {
    const edited = journalWithHistory();
    tamper(edited.journal, `UPDATE sessions SET state = 'approved' WHERE session_id = '${edited.sessions[1]}'`);
    expect(edited.journal.verify()).toMatchObject({ ok: false, firstBroken: { sessionId: edited.sessions[1], reason: 'projection-mismatch' } });

    const removed = journalWithHistory();
    tamper(removed.journal, `DELETE FROM sessions WHERE session_id = '${removed.sessions[2]}'`);
    expect(removed.journal.verify()).toMatchObject({ ok: false, firstBroken: { sessionId: removed.sessions[2], reason: 'projection-mismatch' } });

    const invented = journalWithHistory();
    tamper(
      invented.journal,
      `INSERT INTO sessions SELECT 'zzz-invented', kind, state, amount, tip_amount, currency_code, terminal_id, cash_register_id,
         merchant_reference, customer_trns, parent_session_id, business_day, created_at, updated_at, finished_at, viva_event_id, message,
         error, transaction_id, authorization_id, card_brand, masked_pan, pan_last4, abort_requested, alert, resolution, resolved_by,
         resolution_reason, rechecked_at, last_seq FROM sessions LIMIT 1`,
    );
    expect(invented.journal.verify()).toMatchObject({ ok: false, firstBroken: { sessionId: 'zzz-invented', reason: 'projection-mismatch' } });
  });
});

/** Applies `sql`, then recomputes every hash from `fromId` on, as a knowledgeable forger would. */
function rewriteChainFrom(journal: Journal, fromId: number, sql: string): void {
  const db = rawConnection(journal.file);
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  db.exec(sql);
  const rows = db.prepare('SELECT id, session_id AS sessionId, seq, type, at, payload FROM events WHERE id >= ? ORDER BY id').all(fromId) as {
    id: number;
    sessionId: string;
    seq: number;
    type: string;
    at: string;
    payload: string;
  }[];
  let prev = fromId === 1 ? GENESIS_HASH : (db.prepare('SELECT hex(hash) FROM events WHERE id = ?').pluck().get(fromId - 1) as string).toLowerCase();
  const update = db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?');
  for (const row of rows) {
    const hash = chainHash(prev, row);
    update.run(Buffer.from(prev, 'hex'), hash, row.id);
    prev = hash.toString('hex');
  }
  db.close();
}
