import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../../electron/core/clock.ts';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { openJournal, type EngineLockOwner, type Journal, type SessionRecord } from '../../../electron/core/journal/index.ts';
import { createPaymentEngine, type EngineConfigInput, type PaymentEngine } from '../../../electron/core/payments/index.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../electron/core/simulator/index.ts';
import { createVivaClient, customEndpoints, type VivaClient } from '../../../electron/core/viva/index.ts';
import { FAST } from '../payments/harness.ts';
import { startVivaProxy, type VivaProxy } from './viva-proxy.ts';

export const TERMINALS = Array.from({ length: 12 }, (_, i) => String(16_100_001 + i));

/** A till: the real engine and journal file, the real client, the simulator behind a loopback proxy. */
export interface Till {
  dir: string;
  simulator: RunningSimulator;
  proxy: VivaProxy;
  journal: Journal;
  viva: VivaClient;
  engine: PaymentEngine;
  clock: Clock;
  logger: ReturnType<typeof recordingLogger>;
  /** Every session this till was asked to start, in order. */
  started: string[];
  close(): Promise<void>;
}

export interface TillOptions {
  config?: EngineConfigInput;
  clock?: Clock;
  simulator?: Partial<SimulatorOptions>;
  clientTimeoutMs?: number;
  lockOwner?: EngineLockOwner;
  dir?: string;
}

export async function startTill(options: TillOptions = {}): Promise<Till> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ecr-local-faults-'));
  const simulator = await startSimulator({
    port: 0,
    customerTimeMs: 300,
    sessionLifetimeMs: 3_000,
    abortAckMs: 20,
    // The harsh default early 404 (1 s) is longer than these tests' 500 ms deadline; scaled like the rest.
    early404Ms: 60,
    terminals: TERMINALS.map((terminalId) => ({ terminalId })),
    ...options.simulator,
  });
  const proxy = await startVivaProxy(simulator.url);
  const clock = options.clock ?? systemClock;
  const logger = recordingLogger();
  const viva = createVivaClient({
    endpoints: customEndpoints({ apiUrl: proxy.url, accountsUrl: proxy.url }),
    credentials: simulator.credentials,
    logger,
    clock,
    timeoutMs: options.clientTimeoutMs ?? 2_000,
  });
  // One clock for the whole till, as createCore passes it: the journal stamps events with it.
  const journal = openJournal({ dataDir: dir, environment: 'simulator', logger, clock });
  const engine = createPaymentEngine({
    journal,
    viva,
    cashRegisterId: 'REG-LOCAL',
    config: { ...FAST, recheckAfterMs: 86_400_000, ...options.config },
    clock,
    logger,
    ...(options.lockOwner ? { lock: { owner: options.lockOwner } } : {}),
  });
  const till: Till = {
    dir,
    simulator,
    proxy,
    journal,
    viva,
    engine,
    clock,
    logger,
    started: [],
    async close() {
      await engine.stop();
      journal.close();
      await proxy.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await engine.start();
  return till;
}

/**
 * The journal's own SQLite connection. `max_page_count` is a per-connection limit, so a cap set
 * from a second connection would never touch the engine's writes; reaching the private handle
 * is the one way to make the engine's own connection hit SQLITE_FULL without a filled disk.
 */
export function engineConnection(journal: Journal): Database.Database {
  return (journal as unknown as { db: Database.Database }).db;
}

/** The wall clock moved by hand (an NTP step); the monotonic reading is the machine's own. */
export function steppingClock(): Clock & { step(ms: number): void; offset(): number } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    monotonic: () => performance.now(),
    step(ms: number) {
      offset += ms;
    },
    offset: () => offset,
  };
}

/** Waits until a condition holds (every 5 ms), or fails naming what it waited for. */
export async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts a sale and remembers it for the invariant. */
export async function sale(till: Till, amount: number, terminalId: string, merchantReference?: string): Promise<SessionRecord> {
  const record = await till.engine.sale({ amount, terminalId, ...(merchantReference ? { merchantReference } : {}) });
  till.started.push(record.sessionId);
  return record;
}

export function pendingOnTerminal(till: Till, sessionId: string): SessionRecord | undefined {
  const record = till.journal.getSession(sessionId);
  return record?.state === 'pending' ? record : undefined;
}

export function eventTypes(till: Till, sessionId: string): string[] {
  return till.journal.eventsOf(sessionId).map((event) => event.type);
}

/**
 * The suite's invariant (issue 9), after a round: every session the till started is final or
 * `unknown` (nothing pending, aborting or dispatching past its bound) and on disk (no write held);
 * the simulator's true record agrees (charged ⇔ approved; money moved only for an approval); no
 * sale reached the simulator twice or without the journal knowing; the chain verifies. Returns
 * the problems found, one line each.
 */
export function invariantProblems(till: Till): string[] {
  const problems: string[] = [];
  const truth = new Map(till.simulator.control.sessions().map((s) => [s.sessionId, s]));
  for (const id of till.engine.heldSessions()) problems.push(`${id} has writes held in memory`);
  for (const id of till.started) {
    const s = till.journal.getSession(id);
    const real = truth.get(id);
    if (!s) problems.push(`${id} started but not journaled`);
    else if (s.finishedAt === null && s.state !== 'unknown') problems.push(`${id} still ${s.state}`);
    else if (s.state === 'approved' && !real?.charged) problems.push(`${id} approved, simulator: ${real?.outcome ?? 'never received'}`);
    else if (s.state !== 'approved' && s.state !== 'unknown' && real?.moneyMoved) problems.push(`${id} ${s.state}, but the simulator charged it`);
  }
  const journaled = new Set(till.started);
  for (const real of truth.values()) if (!journaled.has(real.sessionId)) problems.push(`${real.sessionId} reached the simulator without the journal knowing`);
  const references = [...truth.values()].map((s) => s.merchantReference).filter((r) => r !== null);
  if (new Set(references).size !== references.length) problems.push('a merchant reference reached the simulator twice');
  const approved = till.started.map((id) => till.journal.getSession(id)).filter((s) => s?.state === 'approved');
  const ledger = till.simulator.control.ledger();
  if (ledger.charges !== approved.length) problems.push(`simulator charged ${ledger.charges} times, the journal has ${approved.length} approvals`);
  const verify = till.journal.verify();
  if (!verify.ok) problems.push(`journal.verify(): ${JSON.stringify(verify)}`);
  return problems;
}

/** What the suite saw, printed once at the end (the soak script collects the block). */
export const figures = {
  rounds: 0,
  faults: {} as Record<string, number>,
  held: 0,
  heldThenWritten: 0,
  refusedWhileUnwritable: 0,
  anomalies: {} as Record<string, number>,
  /** Milliseconds a session stayed open past its deadline (until final or `unknown`), the worst seen. */
  maxPastDeadlineMs: 0,
  /** Earliest abort after a sale's start, in ms (must not be before the deadline). */
  earliestAbortMs: Number.POSITIVE_INFINITY,
  secondProcessRefusals: 0,
};

export function countFault(kind: string): void {
  figures.faults[kind] = (figures.faults[kind] ?? 0) + 1;
}

export function countAnomalies(till: Till, sessionId: string): void {
  for (const event of till.journal.eventsOf(sessionId)) {
    if (event.type !== 'anomaly') continue;
    const kind = (event.payload as { anomaly: string }).anomaly;
    figures.anomalies[kind] = (figures.anomalies[kind] ?? 0) + 1;
  }
}

export function figuresBlock(roundsPerTest: number, slowRounds: number): string {
  const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');
  return [
    `local-fault suite: ${roundsPerTest} rounds per fast fault, ${slowRounds} per slow one; ${figures.rounds} rounds completed in all`,
    `  faults injected: ${JSON.stringify(figures.faults)}`,
    `  outcomes held in memory: ${figures.held}, then written: ${figures.heldThenWritten}; new payments refused meanwhile: ${figures.refusedWhileUnwritable}`,
    `  anomalies journaled: ${JSON.stringify(figures.anomalies)}`,
    `  max time a session stayed open past its deadline: ${ms(figures.maxPastDeadlineMs)}; earliest abort after a sale started: ${ms(figures.earliestAbortMs)}`,
    `  second engine processes refused: ${figures.secondProcessRefusals}`,
  ].join('\n');
}
