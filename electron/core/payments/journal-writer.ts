import type { Clock } from '../clock.ts';
import { applyEvent, isJournalError, isJournalWriteFault, JournalError, type EventInput, type Journal, type JournalEvent, type SessionRecord } from '../journal/index.ts';
import { parseEventInput } from '../journal/event-schemas.ts';
import type { Logger } from '../logger.ts';

/**
 * Whether a failed write is the journal's fault (disk full, locked, read-only, damaged, I/O, or
 * closed under us), not a refusal of the event itself: such a write is held, never dropped.
 */
export function isJournalFault(error: unknown): boolean {
  return isJournalWriteFault(error) || isJournalError(error, 'closed');
}

interface Held {
  sessionId: string;
  event: EventInput;
  at: string;
}

export interface JournalWriterOptions {
  journal: Journal;
  clock: Clock;
  logger: Logger;
  /** Told of every event that reached the journal, in order. */
  onJournaled: (record: SessionRecord) => void;
  /** Told when the journal stops or starts again accepting writes. */
  onFault: (fault: unknown | undefined) => void;
}

/**
 * The engine's only way to write (promise 9): an outcome learned from Viva is never dropped.
 * When the journal cannot take a write (disk full, another process holding the write lock past
 * busy_timeout, a read-only or damaged file), the event is held in memory, in order, and written
 * as soon as the journal accepts writes again; meanwhile `view()` shows each session as it will
 * stand, so the poll loops decide on what they learned, and the engine admits no new payment.
 */
export class JournalWriter {
  readonly #options: JournalWriterOptions;
  readonly #held: Held[] = [];
  #fault: unknown;

  constructor(options: JournalWriterOptions) {
    this.#options = options;
  }

  /** Journals the event, or holds it while the journal cannot be written; returns the session as it now stands. */
  append(sessionId: string, event: EventInput): SessionRecord {
    if (this.#held.length === 0 || this.flush()) {
      try {
        return this.#write(sessionId, event);
      } catch (error) {
        if (!isJournalFault(error)) throw error;
        this.#setFault(error);
      }
    }
    this.#held.push({ sessionId, event, at: new Date(this.#options.clock.now()).toISOString() });
    this.#options.logger.warn('journal write held in memory until the journal accepts writes', { sessionId, type: event.type });
    const record = this.view(sessionId);
    if (!record) throw new JournalError('unknown-session', { id: 'journal.unknown-session', params: { session: sessionId } });
    return record;
  }

  /**
   * Journals the event now or throws: for what must be on disk before anything else happens
   * (the `dispatching` row before the request leaves, promise 1).
   */
  appendNow(sessionId: string, event: EventInput): SessionRecord {
    if (this.#held.length > 0 && !this.flush()) throw this.#fault;
    try {
      return this.#write(sessionId, event);
    } catch (error) {
      if (isJournalFault(error)) this.#setFault(error);
      throw error;
    }
  }

  /** Writes what is held, in order; true when nothing is held any more. */
  flush(): boolean {
    while (this.#held.length > 0) {
      const next = this.#held[0] as Held;
      try {
        this.#write(next.sessionId, next.event);
      } catch (error) {
        if (isJournalFault(error)) {
          this.#setFault(error);
          return false;
        }
        // The journal refuses the event itself (the session moved on meanwhile, in another
        // process): it can never be written, and holding it would block every later write.
        this.#options.logger.error('a held journal write was refused and dropped', {
          sessionId: next.sessionId,
          type: next.event.type,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      this.#held.shift();
    }
    this.#setFault(undefined);
    return true;
  }

  /** The session as the journal has it plus what is held for it. */
  view(sessionId: string): SessionRecord | undefined {
    let record = this.#options.journal.getSession(sessionId);
    if (!record) return undefined;
    for (const held of this.#held) {
      if (held.sessionId !== sessionId) continue;
      const body = parseEventInput(sessionId, held.event);
      record = applyEvent(record, { ...body, id: 0, sessionId, seq: record.lastSeq + 1, at: held.at } as JournalEvent);
    }
    return record;
  }

  /** Sessions with writes held for them. */
  heldSessions(): string[] {
    return [...new Set(this.#held.map((held) => held.sessionId))];
  }

  isHeld(sessionId: string): boolean {
    return this.#held.some((held) => held.sessionId === sessionId);
  }

  get heldCount(): number {
    return this.#held.length;
  }

  /** Why the journal refuses writes; undefined while it accepts them. */
  get fault(): unknown {
    return this.#fault;
  }

  #write(sessionId: string, event: EventInput): SessionRecord {
    const record = this.#options.journal.append(sessionId, event);
    this.#options.onJournaled(record);
    return record;
  }

  #setFault(fault: unknown): void {
    const changed = (fault === undefined) !== (this.#fault === undefined);
    this.#fault = fault;
    if (changed) this.#options.onFault(fault);
  }
}

/** The journal's own sentence for a fault, or a plain one when the error carries none. */
export function journalFaultMessage(error: unknown): string {
  if (error instanceof JournalError) return error.message;
  return `The journal cannot be written (${error instanceof Error ? error.message : String(error)}).`;
}
