import { benchDayReport, benchYearCsv } from './reports.bench.ts';
import { randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalFile, openJournal, type Journal, type SessionFilter } from '../../electron/core/journal/index.ts';
import { minorToDecimal } from '../../electron/domain/minor-units.ts';
import { searchAmount } from '../../electron/domain/session-search.ts';
import { ENVIRONMENT, ensureSeededJournal, type SeedParameters } from './journal-cache.ts';
import { count, ms, type Report } from './report.ts';
import { measureStartup } from './startup.ts';
import { max, median, percentile, timed } from './stats.ts';

/**
 * The journal at a million sessions (design.md §8): append latency with synchronous=FULL, list
 * pages under every filter the journal screen offers, one day's totals, and core start-up. All of
 * it runs on a copy of the cached seeded file (appends and start-up write to it), opened through
 * openJournal() with the app's own pragmas (WAL, synchronous=FULL, 64 MiB cache).
 */
export interface JournalBenchOptions {
  cacheRoot: string;
  params: SeedParameters;
  reseed: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE_RUNS = 15;
const PAGE_WARMUPS = 3;
const APPEND_SESSIONS = 350; // x 3 appends = 1,050 measured appends
const APPEND_WARMUP_SESSIONS = 20;
const STARTUP_PROCESSES = 3;

export async function benchJournal(report: Report, options: JournalBenchOptions): Promise<void> {
  const { params } = options;
  const size = count(params.sessions);
  const cached = ensureSeededJournal({ cacheRoot: options.cacheRoot, params, reseed: options.reseed, log: (line) => report.detail(line) });
  const bytes = statSync(cached.file).size;
  if (cached.seeded) {
    report.detail(
      `seeding took ${(cached.seeded.ms / 1000).toFixed(1)} s: ${size} sessions, ${count(cached.seeded.events)} events, ${(bytes / 2 ** 30).toFixed(2)} GiB (cached as ${cached.key})`,
    );
  } else if (cached.migrated) {
    report.detail(
      `migrated the cached journal from schema ${cached.migrated.fromVersion} in ${(cached.migrated.ms / 1000).toFixed(1)} s (openJournal, as a till's first start after the upgrade): ${(bytes / 2 ** 30).toFixed(2)} GiB, cached as ${cached.key}`,
    );
  } else {
    report.detail(`reusing the seeded journal ${cached.key} (${(bytes / 2 ** 30).toFixed(2)} GiB); --reseed rebuilds it`);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'ecr-bench-journal-'));
  try {
    // Flushed before measuring: otherwise the kernel writes the copy's 3 GB back while the append
    // benchmark runs, and every fsync of the journal waits behind it.
    const copyMs = timed(() => copyDurably(cached.file, journalFile(dataDir, ENVIRONMENT)));
    report.detail(`copied to ${dataDir} and flushed to disk in ${(copyMs / 1000).toFixed(1)} s (the benchmarks below write to the copy)`);

    const journal = openJournal({ dataDir, environment: ENVIRONMENT, businessDay: params.businessDay });
    let open: string[];
    try {
      const days = seededDays(journal, params);
      // Each figure on its own: one that cannot be measured is a FAIL line, and the others still print.
      await attempt(report, 'journal page', () => benchPages(report, journal, days, size));
      // One day's report and a year's CSV: the reports module itself (electron/core/reports).
      await attempt(report, "one day's report", () => benchDayReport(report, journal, { days, sessions: params.sessions }));
      await attempt(report, "a year's CSV export", () => benchYearCsv(report, journal, { days, sessions: params.sessions }));
      await attempt(report, 'append one event', () => benchAppends(report, journal, size));
      open = leaveOpenSessions(journal);
    } finally {
      journal.close();
    }
    await attempt(report, 'core start-up', () => benchStartup(report, dataDir, params, open, size));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function attempt(report: Report, label: string, work: () => void | Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    report.broken(label, error);
  }
}

async function benchStartup(report: Report, dataDir: string, params: SeedParameters, open: string[], size: string): Promise<void> {
  const startups = await measureStartup({ dataDir, businessDay: params.businessDay, processes: STARTUP_PROCESSES });
  const resumed = startups.map((s) => s.resumed);
  if (resumed.some((n) => n !== open.length)) {
    throw new Error(`start-up resumed ${resumed.join(', ')} sessions; the file holds ${open.length} open ones`);
  }
  if (startups.some((s) => !s.accepting)) throw new Error('the engine did not admit payments when start() returned: the figure would not be the start-up');
  if (startups.some((s) => !s.integrityOk)) throw new Error('quick_check found the benchmark journal damaged');
  report.figure({
    label: `core start-up at ${size} sessions (createCore() incl. migrations check + engine.start() incl. recovery scan, ${open.length} open sessions resumed, until payments are admitted, quick_check running beside it on a worker, Viva unreachable: a socket that never answers), worst of ${STARTUP_PROCESSES} fresh processes`,
    value: max(startups.map((s) => s.ms)),
    format: ms(0),
    limit: 300,
  });
  report.detail(`start-up per process: ${startups.map((s) => `${s.ms.toFixed(0)} ms`).join(', ')} (modules loaded before the clock starts; file in the OS page cache); payments admitted when it returns`);
  // Not a budget of its own: nothing waits for it (engine.ts checkIntegrityOnce); damage it finds refuses payments from then on.
  report.detail(
    `PRAGMA quick_check of the whole file, on its worker thread from createCore(): answered ${startups.map((s) => `${(s.integrityMs / 1000).toFixed(1)} s`).join(', ')} after the start, ok; payments did not wait for it`,
  );
}

function copyDurably(from: string, to: string): void {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The business days the seed filled, oldest first; checked against the file. */
function seededDays(journal: Journal, params: SeedParameters): string[] {
  // Sessions are created 08:00-23:00 UTC: the same business day as the UTC date in any zone
  // within UTC-8..UTC+1 at cut-off 0, and for Europe/Athens with a cut-off of 4 or more.
  const days = Array.from({ length: params.days }, (_, d) => new Date(params.startMs + d * DAY_MS).toISOString().slice(0, 10));
  for (const day of [days[0], days.at(-1)] as string[]) {
    if (journal.listSessions({ businessDay: day, limit: 1 }).sessions.length === 0) {
      throw new Error(`the seeded journal has no session on business day ${day}; the day list does not match the seed`);
    }
  }
  return days;
}

interface PageCase {
  name: string;
  /** The filter of run i (parameters vary across runs where the filter has any). */
  filter: (run: number) => SessionFilter;
}

function pageCases(journal: Journal, days: string[]): PageCase[] {
  const dayOf = (run: number) => days[(run * 53 + 17) % days.length] as string;
  const terminalOf = (run: number) => `1600000${1 + (run % 3)}`;
  // Real values to search for, picked from the file (not timed).
  const samples = Array.from({ length: PAGE_RUNS + PAGE_WARMUPS }, (_, run) => {
    const page = journal.listSessions({ businessDay: dayOf(run), state: 'approved', limit: 20 }).sessions;
    const withCard = page.find((s) => s.panLast4 !== null && s.merchantReference !== null);
    if (!withCard) throw new Error(`no approved session with a card on ${dayOf(run)}`);
    return withCard;
  });
  const sample = (run: number) => samples[run % samples.length] as (typeof samples)[number];
  // A deep cursor: the key of the newest row of a day in the middle of the file, as handed out by
  // the journal. Any cursor is just a row key; the next page starts strictly below it.
  const deepCursor = (run: number, base: SessionFilter = {}) => {
    const cursor = journal.listSessions({ ...base, toDay: dayOf(run), limit: 1 }).nextCursor;
    if (!cursor) throw new Error(`no cursor below ${dayOf(run)}`);
    return cursor;
  };
  const deep = Array.from({ length: PAGE_RUNS + PAGE_WARMUPS }, (_, run) => deepCursor(run));
  const deepTerminal = Array.from({ length: PAGE_RUNS + PAGE_WARMUPS }, (_, run) => deepCursor(run, { terminalId: terminalOf(run) }));
  const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

  return [
    { name: 'no filter (newest page)', filter: () => ({}) },
    { name: 'state approved (88%)', filter: () => ({ state: 'approved' }) },
    { name: 'state failed (1.5%)', filter: () => ({ state: 'failed' }) },
    { name: 'states declined|cancelled|failed|aborted ("not paid", 12%)', filter: () => ({ states: ['declined', 'cancelled', 'failed', 'aborted'] }) },
    { name: 'terminal', filter: (run) => ({ terminalId: terminalOf(run) }) },
    { name: 'kind refund', filter: () => ({ kind: 'refund' }) },
    { name: 'business day', filter: (run) => ({ businessDay: dayOf(run) }) },
    {
      name: 'terminal + approved + 30-day range',
      filter: (run) => ({ terminalId: terminalOf(run), state: 'approved', fromDay: dayOf(run), toDay: plusDays(dayOf(run), 29) }),
    },
    // Seeded references run INV-00000001 .. INV-01000000 in creation order, as invoice numbers do;
    // a search box sends every prefix the cashier types on the way to a full reference.
    { name: 'text: a whole merchant reference (1 match)', filter: (run) => ({ text: sample(run).merchantReference as string }) },
    { name: 'text: reference prefix "INV-00ddd" (1,000 matches)', filter: (run) => ({ text: sample(run).merchantReference?.slice(0, 9) as string }) },
    { name: 'text: reference prefix "INV-00dd" (10,000 matches)', filter: (run) => ({ text: sample(run).merchantReference?.slice(0, 8) as string }) },
    { name: 'text: reference prefix "INV-00" (999,999 matches)', filter: () => ({ text: 'INV-00' }) },
    { name: 'text: a 4-digit card ending', filter: (run) => ({ text: sample(run).panLast4 as string }) },
    // The search box (domain/session-search.ts) as the journal screen sends it: the text, and the
    // same text read as an amount when it reads as one.
    { name: 'search: "dddd", the end of a reference (a substring of references, ids and card endings, or the total dddd.00)', filter: (run) => searchOf(sample(run).merchantReference?.slice(-4) as string) },
    { name: 'search: a whole reference in lower case (1 match)', filter: (run) => searchOf((sample(run).merchantReference as string).toLowerCase()) },
    { name: 'search: 8 characters from the middle of a session id', filter: (run) => searchOf(sample(run).sessionId.slice(14, 22)) },
    { name: 'search: the total of a sale "dd.dd"', filter: (run) => searchOf(minorToDecimal(sample(run).amount + sample(run).tipAmount, 2)) },
    { name: 'search: "INV-005" (100,000 matches) among failed sessions', filter: () => ({ ...searchOf('INV-005'), state: 'failed' }) },
    { name: 'deep page via cursor, no filter', filter: (run) => ({ cursor: deep[run] ?? null }) },
    { name: 'deep page via cursor, terminal', filter: (run) => ({ terminalId: terminalOf(run), cursor: deepTerminal[run] ?? null }) },
  ];
}

/** What the journal screen's search box sends for a typed text (renderer journal-filters.ts), in euros. */
function searchOf(text: string): SessionFilter {
  const amount = searchAmount(text, 2);
  return amount === undefined ? { text } : { text, amount };
}

function benchPages(report: Report, journal: Journal, days: string[], size: string): void {
  const results = pageCases(journal, days).map((pageCase) => {
    let rows = 0;
    const run = (index: number) =>
      timed(() => {
        rows = journal.listSessions({ ...pageCase.filter(index), limit: 50 }).sessions.length;
      });
    // A pathological filter must not eat the run's time: past 200 ms, one warm-up and 3 runs.
    const warm = [run(PAGE_RUNS)];
    if ((warm[0] as number) < 200) for (let i = 1; i < PAGE_WARMUPS; i += 1) warm.push(run(PAGE_RUNS + i));
    const runs = (warm[0] as number) < 200 ? PAGE_RUNS : 3;
    const samples = Array.from({ length: runs }, (_, i) => run(i));
    return { name: pageCase.name, median: median(samples), max: max(samples), first: warm[0] as number, rows, runs };
  });
  const worst = results.reduce((a, b) => (b.median > a.median ? b : a));
  report.figure({
    label: `journal page (50 rows) at ${size} sessions, worst of ${results.length} filters (median of ${PAGE_RUNS} warm runs each, varied parameters; worst: ${worst.name})`,
    value: worst.median,
    format: ms(1),
    limit: 10,
  });
  for (const r of results) {
    report.detail(
      `page, ${r.name}: median ${r.median.toFixed(2)} ms, max ${r.max.toFixed(2)} ms, first (cold) ${r.first.toFixed(2)} ms, ${r.rows} rows${r.runs < PAGE_RUNS ? `, only ${r.runs} runs (slow)` : ''}`,
    );
  }
}


function benchAppends(report: Report, journal: Journal, size: string): void {
  const appendMs: number[] = [];
  const createMs: number[] = [];
  const terminals = ['16000001', '16000002', '16000003'];
  const runSessions = (sessions: number, record: boolean) => {
    // Three terminals, so three sessions are open at once, as on a busy till.
    for (let first = 0; first < sessions; first += terminals.length) {
      const group = terminals.slice(0, Math.min(terminals.length, sessions - first)).map((terminalId, i) => ({
        sessionId: randomUUID(),
        terminalId,
        amount: 500 + ((first + i) * 137) % 20_000,
      }));
      for (const s of group) {
        const took = timed(() => {
          journal.createSession({ sessionId: s.sessionId, kind: 'sale', amount: s.amount, currency: 'EUR', terminalId: s.terminalId, cashRegisterId: 'POS01', merchantReference: `BENCH-${s.sessionId.slice(0, 8)}` });
        });
        if (record) createMs.push(took);
      }
      const steps = [
        () => ({ type: 'dispatching' as const }),
        () => ({ type: 'dispatched' as const, correlationId: randomUUID() }),
        (s: (typeof group)[number]) => ({ type: 'poll-result' as const, outcome: 'approved' as const, viva: approvedBody(s.sessionId, s.terminalId, s.amount) }),
      ];
      for (const step of steps) {
        for (const s of group) {
          const event = step(s);
          const took = timed(() => journal.append(s.sessionId, event));
          if (record) appendMs.push(took);
        }
      }
    }
  };
  runSessions(APPEND_WARMUP_SESSIONS, false);
  runSessions(APPEND_SESSIONS, true);
  report.figure({
    label: `append one event to an open session at ${size} sessions (journal.append, synchronous=FULL, WAL; dispatching/dispatched/poll-result), p99 of ${count(appendMs.length)}`,
    value: percentile(appendMs, 99),
    format: ms(2),
    limit: 5,
  });
  report.detail(
    `append: p50 ${percentile(appendMs, 50).toFixed(2)} ms, max ${max(appendMs).toFixed(2)} ms; createSession (write-ahead row): p50 ${percentile(createMs, 50).toFixed(2)} ms, p99 ${percentile(createMs, 99).toFixed(2)} ms of ${createMs.length}`,
  );
}

/** A handful of sessions a crash would leave open: what the start-up's recovery scan resumes. */
function leaveOpenSessions(journal: Journal): string[] {
  const open: string[] = [];
  const create = (terminalId: string) => {
    const sessionId = randomUUID();
    journal.createSession({ sessionId, kind: 'sale', amount: 1250, currency: 'EUR', terminalId, cashRegisterId: 'POS01', merchantReference: `OPEN-${open.length + 1}` });
    journal.append(sessionId, { type: 'dispatching' });
    open.push(sessionId);
    return sessionId;
  };
  for (const terminalId of ['16000001', '16000002', '16000003', '16000004']) journal.append(create(terminalId), { type: 'dispatched' });
  const aborting = create('16000005');
  journal.append(aborting, { type: 'dispatched' });
  journal.append(aborting, { type: 'abort-requested', reason: 'cashier' });
  journal.append(create('16000006'), { type: 'dispatch-uncertain', errorClass: 'timeout', message: 'No answer within 10 s.' });
  return open;
}

/** What Viva returns for an approved sale (spec §3), about the size of the real thing. */
function approvedBody(sessionId: string, terminalId: string, amount: number): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    sessionId,
    terminalId,
    cashRegisterId: 'POS01',
    amount,
    currencyCode: '978',
    merchantReference: `BENCH-${sessionId.slice(0, 8)}`,
    customerTrns: null,
    tipAmount: 0,
    success: true,
    eventId: 0,
    authorizationId: 'A1B2C3',
    transactionId: randomUUID(),
    transactionTypeId: 5,
    retrievalReferenceNumber: '123456789012',
    panEntryMode: '07',
    applicationLabel: 'VISA',
    primaryAccountNumberMasked: '414746XXXXXX0133',
    transactionDateTime: now,
    abortOperation: false,
    abortAckTime: null,
    abortSuccess: false,
    verificationMethod: 'NONE',
    tid: terminalId,
    shortOrderCode: '1234567890',
    installments: 0,
    message: 'Transaction successful',
    preauth: false,
    referenceNumber: 123456,
    orderCode: '1234567890123456',
  };
}
