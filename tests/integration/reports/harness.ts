import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../../electron/core/clock.ts';
import { openJournal, type BusinessDayConfig, type Journal, type SessionRecord } from '../../../electron/core/journal/index.ts';
import { createPaymentEngine, type PaymentEngine } from '../../../electron/core/payments/index.ts';
import { createReportsService, type ReportsService } from '../../../electron/core/reports/index.ts';
import { startSimulator, type RunningSimulator, type SeedSessionInput } from '../../../electron/core/simulator/index.ts';
import { createVivaClient, customEndpoints, type FetchFunction, type VivaClient } from '../../../electron/core/viva/index.ts';
import { journalSession, type SessionSpec } from '../../unit/reports/helpers.ts';

/**
 * Real parts for reconciliation: the simulator (Viva's record), the real client, a journal file
 * and the payment engine (for refunds), all on one manual clock, so sessions can be placed at
 * any instant of the business day. The simulator finishes requests at once (customer time 0),
 * so a refund completes on the engine's first poll without the clock moving.
 */
export interface ReportsHarness {
  simulator: RunningSimulator;
  journal: Journal;
  viva: VivaClient;
  engine: PaymentEngine;
  reports: ReportsService;
  clock: ReturnType<typeof manualClock>;
  /** While true the client's requests fail as if the network were down. */
  network: { down: boolean };
  /** Bearer tokens seen on the wire, to prove none reaches an export. */
  tokens: Set<string>;
  /** A session in the journal (as the engine would have written it) and, unless `viva: null`, in Viva's record. */
  both(spec: SessionSpec & { vivaSeed?: Partial<SeedSessionInput> | null }): SessionRecord;
  /** A session only Viva has. */
  vivaOnly(seed: SeedSessionInput): string;
  close(): Promise<void>;
}

export const REGISTER = 'REG-1';

export async function startReportsHarness(businessDay: BusinessDayConfig, startIso: string): Promise<ReportsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-reports-'));
  const clock = manualClock(Date.parse(startIso));
  const simulator = await startSimulator({ port: 0, clock, customerTimeMs: 0, early404Ms: 0, magicAmounts: false });
  const network = { down: false };
  const tokens = new Set<string>();
  const fetchThroughNetwork: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const auth = request.headers.get('authorization');
    if (auth?.startsWith('Bearer ')) tokens.add(auth.slice(7));
    if (network.down) throw new TypeError('fetch failed');
    return fetch(request);
  };
  const viva = createVivaClient({
    endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }),
    credentials: simulator.credentials,
    fetch: fetchThroughNetwork,
    clock,
    timeoutMs: 2_000,
  });
  const journal = openJournal({ dataDir: dir, environment: 'simulator', clock, businessDay });
  // Background work off for the test's span: the reconciliation, not the engine, is under test.
  const engine = createPaymentEngine({
    journal,
    viva,
    cashRegisterId: REGISTER,
    clock,
    config: { pollIntervalMs: 10, firstPollDelayMs: 0, recheckAfterMs: 86_400_000, backgroundTickMs: 600_000, unknownRetryMs: 3_600_000 },
  });
  const reports = createReportsService({
    journal,
    viva,
    clock,
    cashRegisterId: REGISTER,
    refund: async (input) => {
      await engine.start();
      const record = await engine.refund(input);
      return engine.settled(record.sessionId);
    },
  });
  return {
    simulator,
    journal,
    viva,
    engine,
    reports,
    clock,
    network,
    tokens,
    both(spec) {
      const now = clock.now();
      const record = journalSession(journal, clock, { register: REGISTER, ...spec });
      clock.set(now);
      if (spec.vivaSeed !== null && spec.outcome !== 'never-sent' && spec.outcome !== 'pending') {
        const outcome = spec.outcome === 'unknown' || spec.outcome === 'failed' ? 'approved' : spec.outcome;
        simulator.control.seedSession({
          sessionId: record.sessionId,
          kind: record.kind,
          terminalId: record.terminalId,
          cashRegisterId: record.cashRegisterId,
          amount: record.amount + record.tipAmount,
          tipAmount: record.tipAmount,
          currencyCode: record.currencyCode,
          merchantReference: record.merchantReference,
          createdAt: record.createdAt,
          outcome,
          ...spec.vivaSeed,
        });
      }
      return journal.getSession(record.sessionId) as SessionRecord;
    },
    vivaOnly(seed) {
      return simulator.control.seedSession(seed).sessionId;
    },
    async close() {
      await engine.stop();
      journal.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
