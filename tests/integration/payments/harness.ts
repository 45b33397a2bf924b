import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { openJournal, type Journal, type SessionRecord } from '../../../electron/core/journal/index.ts';
import { createPaymentEngine, type EngineConfigInput, type PaymentEngine } from '../../../electron/core/payments/index.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../electron/core/simulator/index.ts';
import { createVivaClient, customEndpoints, type FetchFunction, type VivaClient } from '../../../electron/core/viva/index.ts';

/** Engine timings scaled down ~200x so every promise is exercised in well under a second. */
export const FAST: EngineConfigInput = {
  pollIntervalMs: 20,
  firstPollDelayMs: 5,
  deadlineMs: 500,
  abortGraceMs: 150,
  busyGraceMs: 60,
  notFoundGraceMs: 300,
  backoffBaseMs: 10,
  backoffMaxMs: 40,
  unknownRetryMs: 40,
  recheckAfterMs: 150,
  recheckWindowMs: 60_000,
  backgroundTickMs: 25,
  offlineProbeMs: 50,
  lockHeartbeatMs: 20,
  lockStaleMs: 300,
  lockRetryMs: 25,
};

export interface Harness {
  dir: string;
  simulator: RunningSimulator;
  journal: Journal;
  viva: VivaClient;
  engine: PaymentEngine;
  logger: ReturnType<typeof recordingLogger>;
  /** Every HTTP request the client made, in order, with the status it got (0: no answer). */
  requests: { method: string; path: string; at: number; status?: number; answeredAt?: number }[];
  /** While set, the client's requests fail as if the network were down. */
  network: { down: boolean };
  /** Bearer tokens seen on the wire, to prove they never reach the journal. */
  tokens: Set<string>;
  count(pathEnd: string, method?: string): number;
  /** A new engine on the same journal file and simulator: a restart after a crash. */
  restart(config?: EngineConfigInput): Promise<PaymentEngine>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { config?: EngineConfigInput; customerTimeMs?: number; simulator?: Partial<SimulatorOptions> } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-engine-'));
  const simulator = await startSimulator({
    port: 0,
    customerTimeMs: options.customerTimeMs ?? 40,
    sessionLifetimeMs: 400,
    abortAckMs: 20,
    flipAfterMs: 100,
    early404Ms: 60,
    ...options.simulator,
  });
  const logger = recordingLogger();
  const requests: Harness['requests'] = [];
  const network = { down: false };
  const tokens = new Set<string>();
  const fetchThroughNetwork: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const auth = request.headers.get('authorization');
    if (auth?.startsWith('Bearer ')) tokens.add(auth.slice(7));
    const seen: Harness['requests'][number] = { method: request.method, path: new URL(request.url).pathname, at: Date.now() };
    requests.push(seen);
    try {
      if (network.down) throw new TypeError('fetch failed');
      const response = await fetch(request);
      seen.status = response.status;
      return response;
    } catch (error) {
      seen.status = 0;
      throw error;
    } finally {
      seen.answeredAt = Date.now();
    }
  };
  const viva = createVivaClient({
    endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }),
    credentials: simulator.credentials,
    fetch: fetchThroughNetwork,
    logger,
    timeoutMs: 2_000,
  });
  const journal = openJournal({ dataDir: dir, environment: 'simulator', logger });
  const build = (config?: EngineConfigInput) =>
    createPaymentEngine({ journal, viva, cashRegisterId: 'REG-1', config: { ...FAST, ...options.config, ...config }, logger });
  const harness: Harness = {
    dir,
    simulator,
    journal,
    viva,
    engine: build(),
    logger,
    requests,
    network,
    tokens,
    count: (pathEnd, method = 'POST') => requests.filter((r) => r.method === method && r.path.endsWith(pathEnd)).length,
    async restart(config) {
      await harness.engine.stop();
      harness.engine = build(config);
      return harness.engine;
    },
    async close() {
      await harness.engine.stop();
      journal.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Waits until a condition holds (polling every 5 ms), or fails with what was last seen. */
export async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = 3_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function stateOf(h: Harness, sessionId: string): SessionRecord['state'] | undefined {
  return h.journal.getSession(sessionId)?.state;
}

/** A harness whose engine has run its start-up recovery and accepts work. */
export async function startedHarness(options?: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const harness = await startHarness(options);
  await harness.engine.start();
  return harness;
}
