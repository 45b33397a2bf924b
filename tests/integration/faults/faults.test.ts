import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { isPaymentError } from '../../../electron/core/payments/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { customEndpoints } from '../../../electron/core/viva/index.ts';
import { seededRandom } from '../../support/seed.ts';

// The fault suite: hundreds of sales on several terminals through the real core (createCore:
// journal, client, engine) against the simulator over HTTP, while a chaos loop breaks the
// network in every way design.md §2 names: 5xx bursts that were or were not processed, answers
// slower than the client's timeout, processed requests whose answer is lost, tokens that expire
// mid-poll, and a network that is simply down. Afterwards the engine's own recovery runs until nothing is open, and the
// journal must agree with the simulator's true record, session by session.

// ECR_FAULT_SALES=10000 for a soak (npm run soak); the test's timeout grows with it.
const SALES = Number(process.env.ECR_FAULT_SALES ?? 200);
const SEED = Number(process.env.ECR_FAULT_SEED ?? 7_251);
const TERMINALS = Array.from({ length: 8 }, (_, i) => String(17_000_001 + i));
const CLIENT_TIMEOUT_MS = 250;
const EARLY_404_MS = 300;
const ENGINE = {
  pollIntervalMs: 20,
  firstPollDelayMs: 5,
  deadlineMs: 1_200,
  abortGraceMs: 200,
  busyGraceMs: 60,
  notFoundGraceMs: 1_000,
  backoffBaseMs: 10,
  backoffMaxMs: 80,
  unknownRetryMs: 60,
  recheckAfterMs: 86_400_000,
  backgroundTickMs: 25,
};

// Two streams, so the chaos draws the same faults in the same order whatever the timing of the sales.
const amounts = seededRandom(SEED);
const faultDraws = seededRandom(SEED + 1);
const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** The recovery after the sales: the sessions still open then grow with the run (600 sales: 9 s). */
const RECOVERY_MS = Math.max(60_000, SALES * 100);
// On two shared cores a sale took 85-105 ms (200 sales: 17 s, 600: 62 s); about four times that
// plus the recovery, and never less than CI's old fixed 110 s: a slow machine is not a stuck suite.
const TIMEOUT_MS = Math.max(110_000, SALES * 400 + RECOVERY_MS);

/** Mostly approvals; some declines (.02, .07) and cardholder cancels (.10). */
function pickAmount(): number {
  if (amounts() < 0.15) return [1002, 1007, 1010][between(amounts, 0, 2)] as number;
  return between(amounts, 1, 90) * 100 + ([0, 20, 50, 90, 99][between(amounts, 0, 4)] as number);
}

let dir: string;
let simulator: RunningSimulator;
let core: Core;
/** While set, the till's requests fail before leaving the machine (cable pulled, DNS gone). */
const network = { down: false };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-faults-'));
  // Viva's early 404 (the harsh default is 1 s) scaled like the engine's timings: the not-found grace
  // must outlast it plus a dispatch's own delay, or a request that arrived late is taken for one that
  // never arrived (the 10,000-sale soak found two charged sessions recorded as failed that way).
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, abortAckMs: 20, sessionLifetimeMs: 3_000, early404Ms: EARLY_404_MS, terminals: TERMINALS.map((terminalId) => ({ terminalId })) });
  core = createCore({
    dataDir: dir,
    environment: 'simulator',
    connection: { endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }), credentials: simulator.credentials },
    cashRegisterId: 'REG-FAULTS',
    engine: ENGINE,
    timeoutMs: CLIENT_TIMEOUT_MS,
    fetch: async (input, init) => {
      if (network.down) throw new TypeError('fetch failed');
      return fetch(input, init);
    },
  });
  await core.start();
  // A till that has been running holds a token; without one, every sale during the first outage
  // would be refused before leaving (certain, but it would teach this suite nothing).
  await core.viva.tokenInfo();
});

afterAll(async () => {
  await core?.close();
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

const FAULTS = ['5xx', '5xx-after-processing', 'slow-network', 'lost-response', 'token-expiry', 'network-down'] as const;
type Fault = (typeof FAULTS)[number];

/** Breaks the network at random until told to stop; returns how often it did what. */
async function chaos(stop: { done: boolean }): Promise<Record<Fault, number>> {
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const control = simulator.control;
  const draw = (min: number, max: number) => between(faultDraws, min, max);
  while (!stop.done) {
    await sleep(draw(20, 100));
    const fault = FAULTS[draw(0, FAULTS.length - 1)] as Fault;
    counts[fault] += 1;
    switch (fault) {
      case '5xx':
        // Refused before processing (429 is a certain refusal; garbled a 200 nobody can read).
        control.injectFaults({ count: draw(3, 8), status: [503, 500, 502, 504, 'garbled', 429], retryAfterSec: 0 });
        break;
      case '5xx-after-processing':
        // Processed, then the answer is replaced: "did my sale go through?"
        control.injectFaults({ count: draw(1, 4), status: [500, 502, 503, 504], afterProcessing: true, retryAfterSec: 0 });
        break;
      case 'slow-network':
        // Every answer arrives after the client gave up, for a while; now and then for longer
        // than a sale's deadline, so sessions time out, are aborted blind and become unknown.
        control.configure({ responseDelayMs: CLIENT_TIMEOUT_MS + 100 });
        // The first outage is always a long one, so every run has sessions that pass their deadline.
        await sleep(counts[fault] === 1 || faultDraws() < 0.25 ? draw(ENGINE.deadlineMs + 300, ENGINE.deadlineMs + 600) : draw(150, 600));
        control.configure({ responseDelayMs: 0 });
        break;
      case 'lost-response':
        control.injectFaults({ count: draw(1, 3), status: 'drop', afterProcessing: true });
        break;
      case 'token-expiry':
        control.expireTokens();
        break;
      case 'network-down':
        // Requests sent now never reach Viva: recovery must prove it (404 past the grace) before "failed".
        network.down = true;
        await sleep(draw(100, 300));
        network.down = false;
        break;
    }
  }
  control.configure({ responseDelayMs: 0 });
  network.down = false;
  return counts;
}

describe('fault suite: sales under 5xx bursts, timeouts, lost answers and expiring tokens', () => {
  it(`${SALES} sales on ${TERMINALS.length} terminals: nothing lost, nothing charged twice, every unknown resolved`, { timeout: TIMEOUT_MS }, async () => {
    const started = Date.now();
    const accepted: string[] = [];
    let busyRefusals = 0;
    let reference = 0;

    async function driveTerminal(terminalId: string): Promise<void> {
      while (accepted.length < SALES) {
        reference += 1;
        let record: SessionRecord;
        try {
          record = await core.engine.sale({ amount: pickAmount(), terminalId, merchantReference: `F-${reference}` });
        } catch (error) {
          // Promise 3: an uncertain session still owns its terminal for a while; try again later.
          if (isPaymentError(error) && error.code === 'terminal-busy') {
            busyRefusals += 1;
            await sleep(25);
            continue;
          }
          throw error;
        }
        accepted.push(record.sessionId);
        const settled = await core.engine.settled(record.sessionId);
        // Refused before it left (no token while the network is down) takes no time at all; a
        // cashier would not retry in a tight loop either, and the run must not burn its sales so.
        if (settled.state === 'failed') await sleep(50);
      }
    }

    const stop = { done: false };
    const chaosDone = chaos(stop);
    await Promise.all(TERMINALS.map(driveTerminal));
    stop.done = true;
    const faults = await chaosDone;
    const salesDoneAt = Date.now();

    // Recovery: the poll loops end, then background passes until no session is open.
    const until = Date.now() + RECOVERY_MS;
    while (core.journal.openSessions().length > 0 && Date.now() < until) {
      for (const open of core.journal.openSessions()) await core.engine.settled(open.sessionId);
      await core.engine.runBackground();
      await sleep(20);
    }
    expect(core.journal.openSessions().map((s) => `${s.sessionId} ${s.state}`)).toEqual([]);

    // --- the journal against the simulator's true record ---------------------------------
    // Every page: a soak journals far more sessions than one page holds.
    const journaled: SessionRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = core.journal.listSessions({ limit: 500, cursor });
      journaled.push(...page.sessions);
      cursor = page.nextCursor;
    } while (cursor);
    expect(journaled.length).toBe(accepted.length);
    const byId = new Map(journaled.map((s) => [s.sessionId, s]));
    const truth = simulator.control.sessions();
    const simById = new Map(truth.map((s) => [s.sessionId, s]));

    const problems: string[] = [];
    for (const id of accepted) {
      const s = byId.get(id);
      const real = simById.get(id);
      if (!s) problems.push(`${id} accepted but not in the journal`);
      else if (s.finishedAt === null) problems.push(`${id} still ${s.state}`);
      else if (s.state === 'approved' && !real?.charged) problems.push(`${id} approved, simulator: ${real?.outcome ?? 'never received'}`);
      else if (s.state !== 'approved' && real?.moneyMoved) problems.push(`${id} ${s.state}, but the simulator charged it`);
      else if (!real && s.state !== 'failed') problems.push(`${id} never reached the simulator but is ${s.state}`);
    }
    expect(problems).toEqual([]);
    // No charge the journal does not know, and never two for one sale.
    expect(truth.filter((s) => !byId.has(s.sessionId)).map((s) => s.sessionId)).toEqual([]);
    const references = truth.map((s) => s.merchantReference);
    expect(new Set(references).size).toBe(references.length);
    const approved = journaled.filter((s) => s.state === 'approved');
    expect(simulator.control.ledger()).toMatchObject({ charges: approved.length, chargedAmount: approved.reduce((n, s) => n + s.amount + s.tipAmount, 0) });

    // Every session that became unknown was resolved by recovery, none by a guess.
    const wentUnknown = journaled.filter((s) => core.journal.eventsOf(s.sessionId).some((e) => e.type === 'dispatch-uncertain' || e.type === 'deadline-passed'));
    // (An unknown session still live at Viva is aborted and then polled: its outcome is Viva's poll-result.)
    for (const s of wentUnknown) {
      const last = core.journal.eventsOf(s.sessionId).findLast((e) => e.type === 'recovered' || e.type === 'poll-result');
      expect(last?.type === 'poll-result' || ['get-session', 'sessions-by-date', 'not-found'].includes(s.resolution ?? ''), `${s.sessionId} resolved by ${s.resolution}`).toBe(true);
    }
    expect(core.journal.verify()).toMatchObject({ ok: true });

    // --- the figures -------------------------------------------------------------------------
    const countBy = (items: readonly SessionRecord[], key: (s: SessionRecord) => string) => {
      const out: Record<string, number> = {};
      for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
      return out;
    };
    const how = (s: SessionRecord) => {
      const types = core.journal.eventsOf(s.sessionId).map((e) => e.type);
      return types.includes('dispatch-uncertain') ? 'dispatch uncertain' : 'deadline passed';
    };
    console.log(
      [
        `fault suite: ${accepted.length} sales on ${TERMINALS.length} terminals, seed ${SEED}; sales ${((salesDoneAt - started) / 1000).toFixed(1)} s, recovery ${((Date.now() - salesDoneAt) / 1000).toFixed(1)} s`,
        `  faults injected: ${JSON.stringify(faults)}; busy-terminal refusals (retried): ${busyRefusals}`,
        `  final states: ${JSON.stringify(countBy(journaled, (s) => s.state))}; simulator charges ${simulator.control.ledger().charges}, never received ${journaled.filter((s) => !simById.has(s.sessionId)).length}`,
        `  went unknown: ${wentUnknown.length} (${JSON.stringify(countBy(wentUnknown, how))}); resolved as: ${JSON.stringify(countBy(wentUnknown, (s) => `${s.resolution} -> ${s.state}`))}`,
        `  refused before leaving the till (certain, nothing sent): ${JSON.stringify(countBy(journaled.filter((s) => s.state === 'failed' && s.resolution === null), (s) => s.error ?? ''))}`,
        `  alerts: ${JSON.stringify(countBy(journaled.filter((s) => s.alert !== null), (s) => s.alert ?? ''))}`,
      ].join('\n'),
    );
    expect(accepted.length).toBeGreaterThanOrEqual(SALES);
    expect(truth.length).toBeGreaterThan(accepted.length / 2);
    expect(new Set(journaled.map((s) => s.terminalId)).size).toBe(TERMINALS.length);
    // The suite is only worth something if the faults really made sessions uncertain.
    for (const fault of FAULTS) expect(faults[fault]).toBeGreaterThan(0);
    expect(wentUnknown.some((s) => s.state === 'approved')).toBe(true);
    expect(wentUnknown.some((s) => s.resolution === 'not-found')).toBe(true);
    expect(wentUnknown.some((s) => how(s) === 'deadline passed')).toBe(true);
  });
});
