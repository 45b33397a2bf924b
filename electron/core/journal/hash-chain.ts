import { hash } from 'node:crypto';

/**
 * The tamper evidence of design.md §2 promise 5. Every event row stores
 *   hash = SHA-256( prev_hash (64 hex chars) + canonical content )
 * where prev_hash is the previous row's hash (by id) and the first row's is 64 zeros.
 * The chain is global over all sessions, so removing a whole session breaks it too.
 *
 * The canonical content is the sorted-key JSON (canonical-json.ts) of
 *   { at, id, payload, seq, session_id, type }
 * Because the stored payload text is itself canonical JSON, it is spliced in as is: the result
 * is byte for byte the canonical JSON of the object with the parsed payload, without parsing
 * anything at verify time (which is what makes a 1M-session walk fast). A payload rewritten in
 * another but equivalent form therefore fails verification, which is what we want.
 *
 * What the chain cannot see on its own: someone who rewrites a row AND recomputes every later
 * hash, or who cuts rows off the end. A head stored elsewhere (a Z report's `head()`) catches
 * both; verify() takes it as an anchor.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainRow {
  id: number;
  sessionId: string;
  seq: number;
  type: string;
  /** UTC ISO 8601 with milliseconds. */
  at: string;
  /** The stored payload: canonical JSON text. */
  payload: string;
}

export function canonicalEventContent(row: ChainRow): string {
  return (
    `{"at":${JSON.stringify(row.at)},"id":${row.id},"payload":${row.payload},"seq":${row.seq},` +
    `"session_id":${JSON.stringify(row.sessionId)},"type":${JSON.stringify(row.type)}}`
  );
}

/** The row's hash as 32 raw bytes (stored as a BLOB; shown as hex). */
export function chainHash(prevHashHex: string, row: ChainRow): Buffer {
  return hash('sha256', prevHashHex + canonicalEventContent(row), 'buffer');
}

/** The same hash as lowercase hex: a checker that reads hashes as hex compares strings, and no Buffer is made (half the cost). */
export function chainHashHex(prevHashHex: string, row: ChainRow): string {
  return hash('sha256', prevHashHex + canonicalEventContent(row), 'hex');
}

/** 'file-damaged': SQLite's own integrity check failed (pages, b-trees, indexes), whatever the chain says. */
export type ChainBreakReason = 'missing-row' | 'prev-mismatch' | 'hash-mismatch' | 'anchor-mismatch' | 'projection-mismatch' | 'file-damaged';

export interface ChainBreak {
  /** The first event that does not check out (for 'missing-row': the first missing id). */
  eventId: number | null;
  sessionId: string | null;
  reason: ChainBreakReason;
  /** A sentence for the operator / support. */
  detail: string;
}

export interface StoredChainRow extends ChainRow {
  prevHash: Buffer;
  hash: Buffer;
}

/**
 * Walks rows in id order, one at a time, keeping only the previous hash: memory stays flat
 * however long the journal is.
 */
export class ChainWalker {
  events = 0;
  head = GENESIS_HASH;
  private lastId = 0;

  /** Checks the next row; returns the first problem, or undefined if the row extends the chain. */
  check(row: StoredChainRow): ChainBreak | undefined {
    if (row.id !== this.lastId + 1) {
      const missing = this.lastId + 1;
      return {
        eventId: missing,
        sessionId: null,
        reason: 'missing-row',
        detail: `Event ${missing} is missing: after event ${this.lastId} comes event ${row.id}.`,
      };
    }
    const prevHex = row.prevHash.toString('hex');
    if (prevHex !== this.head) {
      return {
        eventId: row.id,
        sessionId: row.sessionId,
        reason: 'prev-mismatch',
        detail: `Event ${row.id} does not follow event ${this.lastId}: rows were inserted, reordered or replaced.`,
      };
    }
    const expected = chainHash(prevHex, row);
    if (!expected.equals(row.hash)) {
      return {
        eventId: row.id,
        sessionId: row.sessionId,
        reason: 'hash-mismatch',
        detail: `Event ${row.id} (session ${row.sessionId}) was changed after it was written.`,
      };
    }
    this.lastId = row.id;
    this.events += 1;
    this.head = expected.toString('hex');
    return undefined;
  }
}
