import type { SessionHistory } from '../../electron/core/journal/event-store.ts';
import type { EventInput, NewSessionRequest } from '../../electron/core/journal/event-schemas.ts';
import type { Journal } from '../../electron/core/journal/journal.ts';
import type { FinalState, SessionKind } from '../../electron/domain/session-states.ts';

/**
 * Fills a journal with realistic finished sessions for benchmarks and screen demos: mostly
 * approved sales, some declines, cancels, aborts and failures, refunds of earlier sales,
 * pre-auths and their completions, spread over business days in opening hours, across terminals.
 *
 * Goes through Journal.importSessions(), so every history passes the same checks and state
 * machine as the engine's writes and the result is a chain verify() accepts; only the batching
 * (one transaction per `batchSize` sessions) makes it fast.
 */
export interface SeedOptions {
  sessions: number;
  /** Business days to spread the sessions over, starting at startMs. */
  days: number;
  terminals: number;
  /** The first day's midnight (UTC ms); sessions fall between 08:00 and 23:00 UTC of each day. */
  startMs: number;
  /** A source of [0, 1) numbers; seededRandom() makes runs repeatable. */
  random: () => number;
  /** Sessions per transaction; default 10,000. */
  batchSize?: number;
  /** Called after each batch with the number of sessions written so far. */
  onProgress?: (written: number) => void;
}

export interface SeedResult {
  sessions: number;
  events: number;
  ms: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const OPEN_MS = 8 * 60 * 60 * 1000;
const OPEN_FOR_MS = 15 * 60 * 60 * 1000;
const BRANDS = ['VISA', 'MASTERCARD', 'MAESTRO', 'VISA DEBIT', 'AMEX'] as const;

export function seedJournal(journal: Journal, options: SeedOptions): SeedResult {
  const { sessions, days, terminals, startMs, random } = options;
  if (!Number.isInteger(sessions) || sessions < 0) throw new RangeError('seedJournal: sessions must be a whole number');
  if (!Number.isInteger(days) || days < 1 || !Number.isInteger(terminals) || terminals < 1) {
    throw new RangeError('seedJournal: days and terminals must be at least 1');
  }
  const batchSize = options.batchSize ?? 10_000;
  const started = performance.now();
  const generator = new SessionGenerator(random, terminals);
  let batch: SessionHistory[] = [];
  let written = 0;
  let events = 0;
  for (let index = 0; index < sessions; index += 1) {
    // Even spread over days, creation times increasing through each day's opening hours.
    const day = Math.floor((index * days) / sessions);
    const firstOfDay = Math.ceil((day * sessions) / days);
    const firstOfNext = Math.ceil(((day + 1) * sessions) / days);
    const slot = (index - firstOfDay + random() * 0.5) / Math.max(1, firstOfNext - firstOfDay);
    const createdAtMs = Math.floor(startMs + day * DAY_MS + OPEN_MS + slot * OPEN_FOR_MS);
    const history = generator.next(createdAtMs);
    events += history.events.length + 1;
    batch.push(history);
    if (batch.length >= batchSize) {
      written += journal.importSessions(batch);
      batch = [];
      options.onProgress?.(written);
    }
  }
  if (batch.length > 0) {
    written += journal.importSessions(batch);
    options.onProgress?.(written);
  }
  return { sessions: written, events, ms: performance.now() - started };
}

/** Mulberry32: a small, fast, seedable PRNG; good enough for test data, never for keys. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Parent {
  sessionId: string;
  amount: number;
  terminalId: string;
}

/** Makes one plausible history at a time, remembering recent approvals to refund or complete. */
class SessionGenerator {
  private readonly random: () => number;
  private readonly terminals: number;
  private readonly approvedSales: Parent[] = [];
  private readonly approvedPreauths: Parent[] = [];
  private count = 0;

  constructor(random: () => number, terminals: number) {
    this.random = random;
    this.terminals = terminals;
  }

  next(createdAtMs: number): SessionHistory {
    this.count += 1;
    const sessionId = this.uuidV7(createdAtMs);
    const roll = this.random();
    let kind: SessionKind = 'sale';
    let parent: Parent | undefined;
    if (roll < 0.05) [kind, parent] = ['refund', this.pick(this.approvedSales)];
    else if (roll < 0.06) kind = 'unreferenced-refund';
    else if (roll < 0.07) kind = 'preauth';
    else if (roll < 0.08) [kind, parent] = ['preauth-completion', this.pick(this.approvedPreauths)];
    if ((kind === 'refund' || kind === 'preauth-completion') && !parent) kind = 'sale';

    const terminalId = parent?.terminalId ?? `1600${String(1 + Math.floor(this.random() * this.terminals)).padStart(4, '0')}`;
    const amount = parent ? Math.max(1, Math.floor(parent.amount * (this.random() < 0.7 ? 1 : this.random()))) : this.amount();
    const tipAmount = kind === 'sale' && this.random() < 0.1 ? 50 * (1 + Math.floor(this.random() * 10)) : 0;
    const request: NewSessionRequest = {
      sessionId,
      kind,
      amount,
      tipAmount,
      currency: '978',
      terminalId,
      cashRegisterId: `POS${terminalId.slice(-2)}`,
      merchantReference: `INV-${String(this.count).padStart(8, '0')}`,
      customerTrns: null,
      parentSessionId: parent?.sessionId ?? null,
    };

    const outcome = this.outcome();
    const events: { atMs: number; event: EventInput }[] = [
      { atMs: createdAtMs + 2, event: { type: 'dispatching' } },
      { atMs: createdAtMs + 180 + Math.floor(this.random() * 400), event: { type: 'dispatched', correlationId: this.hex(16) } },
    ];
    const finishedAtMs = createdAtMs + 6_000 + Math.floor(this.random() * 40_000);
    if (outcome === 'aborted') {
      events.push({ atMs: finishedAtMs - 3_000, event: { type: 'abort-requested', reason: 'cashier' } });
      events.push({ atMs: finishedAtMs - 2_800, event: { type: 'abort-result', accepted: true } });
    }
    events.push({ atMs: finishedAtMs, event: { type: 'poll-result', outcome, viva: this.vivaBody(request, outcome, finishedAtMs) } });

    if (outcome === 'approved') {
      const remembered = { sessionId, amount, terminalId };
      if (kind === 'sale') this.remember(this.approvedSales, remembered);
      if (kind === 'preauth') this.remember(this.approvedPreauths, remembered);
    }
    return { request, createdAtMs, events };
  }

  private outcome(): FinalState {
    const roll = this.random();
    if (roll < 0.88) return 'approved';
    if (roll < 0.94) return 'declined';
    if (roll < 0.97) return 'cancelled';
    if (roll < 0.985) return 'aborted';
    return 'failed';
  }

  private vivaBody(request: NewSessionRequest, outcome: FinalState, atMs: number): Record<string, unknown> {
    const approved = outcome === 'approved';
    const eventId = { approved: 0, declined: 1006, cancelled: 1000, aborted: 1016, failed: 3000 }[outcome];
    const message = {
      approved: 'Transaction successful',
      declined: 'Transaction declined by server',
      cancelled: 'Transaction canceled by user',
      aborted: 'Transaction aborted',
      failed: 'Terminal not connected',
    }[outcome];
    const brand = BRANDS[Math.floor(this.random() * BRANDS.length)] ?? 'VISA';
    return {
      sessionId: request.sessionId,
      terminalId: request.terminalId,
      cashRegisterId: request.cashRegisterId,
      amount: request.amount + (request.tipAmount ?? 0),
      currencyCode: '978',
      merchantReference: request.merchantReference,
      customerTrns: null,
      tipAmount: request.tipAmount ?? 0,
      success: approved,
      eventId,
      authorizationId: approved ? this.hex(6).toUpperCase() : null,
      transactionId: approved ? this.uuid() : null,
      transactionTypeId: approved ? 5 : null,
      retrievalReferenceNumber: approved ? this.digits(12) : null,
      panEntryMode: this.random() < 0.8 ? '07' : '05',
      applicationLabel: approved ? brand : null,
      primaryAccountNumberMasked: approved ? `${this.digits(6)}XXXXXX${this.digits(4)}` : null,
      transactionDateTime: approved ? new Date(atMs).toISOString() : null,
      abortOperation: outcome === 'aborted',
      abortAckTime: outcome === 'aborted' ? new Date(atMs - 500).toISOString() : null,
      abortSuccess: outcome === 'aborted',
      verificationMethod: approved ? 'NONE' : null,
      tid: request.terminalId,
      shortOrderCode: approved ? this.digits(10) : '0',
      installments: 0,
      message,
      preauth: request.kind === 'preauth',
      referenceNumber: approved ? Math.floor(this.random() * 999_999) : 0,
      orderCode: approved ? this.digits(16) : '0',
    };
  }

  private amount(): number {
    // Mostly small tickets, a long tail of larger ones: roughly 1.00 to 400.00.
    return Math.max(100, Math.round(Math.exp(4.6 + this.random() * 6) / 10) * 10);
  }

  private remember(list: Parent[], parent: Parent): void {
    list.push(parent);
    if (list.length > 500) list.splice(0, list.length - 500);
  }

  private pick(list: Parent[]): Parent | undefined {
    if (list.length === 0) return undefined;
    // Each parent is taken once, so refunds never exceed what was paid.
    return list.splice(Math.floor(this.random() * list.length), 1)[0];
  }

  private digits(count: number): string {
    let out = String(1 + Math.floor(this.random() * 9));
    while (out.length < count) out += String(Math.floor(this.random() * 10));
    return out;
  }

  private hex(count: number): string {
    let out = '';
    while (out.length < count) out += Math.floor(this.random() * 16).toString(16);
    return out;
  }

  /**
   * Session ids are RFC 9562 version-7 UUIDs (time-ordered) rather than the till's version 4:
   * each batch then extends the sessionId indexes at one end instead of touching pages all over
   * them, which makes seeding a million sessions about a third faster. Lookups, pages and reports
   * do not depend on the id's shape, so the benchmarks measure the same thing.
   */
  private uuidV7(atMs: number): string {
    const time = Math.floor(atMs).toString(16).padStart(12, '0');
    const h = this.hex(20);
    const variant = (8 + Math.floor(this.random() * 4)).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${h.slice(0, 3)}-${variant}${h.slice(3, 6)}-${h.slice(6, 18)}`;
  }

  private uuid(): string {
    const h = this.hex(32);
    const variant = (8 + Math.floor(this.random() * 4)).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
