import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCore } from '../../electron/core/app.ts';
import type { SessionRecord } from '../../electron/core/journal/index.ts';
import { seededRandom } from '../support/seed.ts';
import { startSimulator } from '../../electron/core/simulator/index.ts';
import { customEndpoints, type FetchFunction } from '../../electron/core/viva/index.ts';

/**
 * Result-detection latency (design.md §8): how long after the terminal finished does the till's
 * journal hold the final state. One run = `rounds` rounds one after the other; a round =
 * `sessionsPerRound` sales, each on its own simulated terminal, all open at once (so a round
 * takes seconds, not minutes), started at random moments over `staggerMs`, each with its own
 * customer time drawn uniformly from [customerMinMs, customerMaxMs], so the moments terminals
 * finish are not aligned with the polls (see stratifiedCustomerTimes).
 *
 * Latency of a session = the final journal event's `at` (engine clock = wall clock) minus the
 * simulator's true `finishedAt` (its clock = the same wall clock), both ms since the epoch.
 * Every simulator answer is held `rttMs` after it was handled, so a request/response round trip
 * costs ~rttMs; as all of it is on the answer's side, the state a GET reports is the state when
 * the request arrived, which is the pessimistic reading of a symmetric network by rttMs/2.
 *
 * Poll rate = GET /ecr/v1/sessions/{id} requests sent / total open time, where a session is open
 * from its `created` event to its final event (the time the till is waiting for it).
 */
export interface LatencyOptions {
  rounds: number;
  sessionsPerRound: number;
  pollIntervalMs: number;
  firstPollDelayMs: number;
  rttMs: number;
  customerMinMs: number;
  customerMaxMs: number;
  staggerMs: number;
  /** Same seed, same customer times and start moments: runs with other poll settings compare like for like. */
  seed: number;
}

export interface LatencyResult {
  latenciesMs: number[];
  gets: number;
  openMs: number;
  /** Mean round trip of the GETs as the client saw them (fetch start to response headers). */
  meanRttMs: number;
  wallMs: number;
  /** Share of the run the event loop (engine and simulator share it) was busy. */
  eventLoopUtilization: number;
}

export const LATENCY_DEFAULTS = {
  rounds: 3,
  sessionsPerRound: 100,
  rttMs: 50,
  customerMinMs: 1000,
  customerMaxMs: 6000,
  staggerMs: 1000,
  seed: 7,
} as const;

const SESSION_PATH = /^\/ecr\/v1\/sessions\/([^/?]+)$/;

export async function measureDetectionLatency(options: LatencyOptions): Promise<LatencyResult> {
  const random = seededRandom(options.seed);
  const total = options.rounds * options.sessionsPerRound;
  const terminals = stratifiedCustomerTimes(total, options.customerMinMs, options.customerMaxMs, random).map((customerTimeMs, index) => ({
    terminalId: `1700${String(index + 1).padStart(4, '0')}`,
    customerTimeMs,
    startDelayMs: Math.round(random() * options.staggerMs),
  }));
  const warmup = { terminalId: '17999999', customerTimeMs: 200 };
  const simulator = await startSimulator({
    port: 0,
    responseDelayMs: options.rttMs,
    terminals: [...terminals.map(({ terminalId, customerTimeMs }) => ({ terminalId, customerTimeMs })), warmup],
  });
  const dir = mkdtempSync(join(tmpdir(), 'ecr-bench-latency-'));

  const getsBySession = new Map<string, number>();
  const rtts: number[] = [];
  const countingFetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const match = request.method === 'GET' ? SESSION_PATH.exec(new URL(request.url).pathname) : null;
    const sent = performance.now();
    const response = await fetch(request);
    if (match?.[1]) {
      const sessionId = decodeURIComponent(match[1]);
      getsBySession.set(sessionId, (getsBySession.get(sessionId) ?? 0) + 1);
      rtts.push(performance.now() - sent);
    }
    return response;
  };

  const core = createCore({
    dataDir: dir,
    environment: 'simulator',
    connection: { endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }), credentials: simulator.credentials },
    cashRegisterId: 'BENCH-1',
    businessDay: { timeZone: 'UTC', cutoffHour: 0 },
    engine: { pollIntervalMs: options.pollIntervalMs, firstPollDelayMs: options.firstPollDelayMs },
    fetch: countingFetch,
  });
  try {
    await core.start();
    // One payment first, not measured: fetches the token and warms every code path.
    const first = await core.engine.sale({ amount: 1250, currency: 'EUR', terminalId: warmup.terminalId });
    await core.engine.settled(first.sessionId);
    getsBySession.clear();
    rtts.length = 0;

    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    const settled: SessionRecord[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const mine = terminals.slice(round * options.sessionsPerRound, (round + 1) * options.sessionsPerRound);
      const results = await Promise.all(
        mine.map(async (terminal) => {
          await sleep(terminal.startDelayMs);
          const record = await core.engine.sale({ amount: 1250, currency: 'EUR', terminalId: terminal.terminalId, merchantReference: `BENCH-${terminal.terminalId}` });
          return core.engine.settled(record.sessionId);
        }),
      );
      settled.push(...results);
    }
    const wallMs = performance.now() - started;
    const eventLoopUtilization = performance.eventLoopUtilization(elu).utilization;

    const latenciesMs: number[] = [];
    let openMs = 0;
    for (const record of settled) {
      const truth = simulator.control.session(record.sessionId);
      const final = core.journal.eventsOf(record.sessionId).at(-1);
      if (record.state !== 'approved' || truth?.outcome !== 'approved' || !truth.finishedAt || final?.type !== 'poll-result') {
        throw new Error(
          `session ${record.sessionId} on ${record.terminalId} ended ${record.state} (simulator: ${truth?.outcome ?? 'missing'}, last event ${final?.type ?? 'none'}); the benchmark expects every sale approved through a poll`,
        );
      }
      latenciesMs.push(Date.parse(final.at) - Date.parse(truth.finishedAt));
      openMs += Date.parse(final.at) - Date.parse(record.createdAt);
    }
    const gets = settled.reduce((sum, record) => sum + (getsBySession.get(record.sessionId) ?? 0), 0);
    const meanRttMs = rtts.reduce((a, b) => a + b, 0) / Math.max(1, rtts.length);
    return { latenciesMs, gets, openMs, meanRttMs, wallMs, eventLoopUtilization };
  } finally {
    await core.close();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Customer times drawn at random, one from each of `n` equal slices of [minMs, maxMs], in
 * shuffled order (stratified sampling). What decides a session's latency is where its finish
 * falls between two polls; with plain uniform draws, 300 sessions still leave p50 at the mercy of
 * the seed (±0.05 s from one seed to the next), which would judge the seed, not the poll policy.
 */
export function stratifiedCustomerTimes(n: number, minMs: number, maxMs: number, random: () => number): number[] {
  const slice = (maxMs - minMs) / n;
  const times = Array.from({ length: n }, (_, i) => Math.round(minMs + (i + random()) * slice));
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [times[i], times[j]] = [times[j] as number, times[i] as number];
  }
  return times;
}
