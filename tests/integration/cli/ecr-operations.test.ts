import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { journalFile } from '../../../electron/core/journal/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import type { SessionJson } from '../../../electron/cli/session-json.ts';
import { runEcr } from './run-ecr.ts';

// The operations issue 10 §3 adds to `ecr` (preauth, complete, refund --unreferenced,
// sale --instalments) and the diagnosis of a session that never ends, as a user runs them:
// the real binary in its own process, the simulator's harsh defaults over HTTP, a real journal.

const ENGINE = {
  pollIntervalMs: 20,
  firstPollDelayMs: 5,
  deadlineMs: 500,
  abortGraceMs: 150,
  busyGraceMs: 60,
  notFoundGraceMs: 600_000,
  backoffBaseMs: 10,
  backoffMaxMs: 40,
  unknownRetryMs: 40,
  backgroundTickMs: 25,
  neverDeliveredAfterMs: 300,
};

let simulator: RunningSimulator;
let urls: string[];
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, abortAckMs: 20, sessionLifetimeMs: 5_000, early404Ms: 100 });
  urls = ['--api-url', simulator.url, '--accounts-url', simulator.url];
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.control.reset();
  dir = mkdtempSync(join(tmpdir(), 'ecr-ops-'));
  env = { ECR_DATA_DIR: dir, ECR_ENGINE_CONFIG: JSON.stringify(ENGINE), ECR_CASH_REGISTER: 'REG-CLI' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ecr = (args: string[]) => runEcr([...args, ...urls], env);
const parsed = (stdout: string) => JSON.parse(stdout) as SessionJson;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(journalFile(dir, 'simulator'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const openSessions = () => query<{ session_id: string }>("SELECT session_id FROM sessions WHERE state IN ('created','dispatching','pending','aborting','unknown')");
// No journal file at all is the plainest "nothing written".
const sessionCount = () => (existsSync(journalFile(dir, 'simulator')) ? (query<{ n: number }>('SELECT count(*) AS n FROM sessions')[0]?.n ?? 0) : 0);

describe('ecr preauth and ecr complete', () => {
  it('holds an amount, then captures part of it', async () => {
    const hold = await ecr(['preauth', '--amount', '50.00', '--terminal', '16000001', '--json']);
    expect(hold.code, hold.stderr).toBe(0);
    const preauth = parsed(hold.stdout);
    expect(preauth).toMatchObject({ kind: 'preauth', state: 'approved', amount: 5000 });
    expect(simulator.control.session(preauth.sessionId)).toMatchObject({ kind: 'preauth' });

    const over = await ecr(['complete', '--parent', preauth.sessionId, '--amount', '50.01']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/cannot capture more than the pre-authorised amount/);
    expect(sessionCount()).toBe(1);

    const done = await ecr(['complete', '--parent', preauth.sessionId, '--amount', '42.00', '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(parsed(done.stdout)).toMatchObject({ kind: 'preauth-completion', state: 'approved', amount: 4200, parentSessionId: preauth.sessionId });
  });

  it('refuses a tip on a pre-authorisation and a completion of a sale, writing nothing', async () => {
    expect((await ecr(['preauth', '--amount', '5.00', '--terminal', '16000001', '--tip', '1.00'])).code).toBe(1);
    const sale = parsed((await ecr(['sale', '--amount', '5.00', '--terminal', '16000001', '--json'])).stdout);
    const refused = await ecr(['complete', '--parent', sale.sessionId, '--amount', '1.00']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Only an approved pre-authorisation can be completed/);
    expect(sessionCount()).toBe(1);
  });

  it('a completion Viva has not enabled for the account: says so, exit 2, the session failed, nothing pending', async () => {
    const preauth = parsed((await ecr(['preauth', '--amount', '20.00', '--terminal', '16000001', '--json'])).stdout);
    simulator.control.configure({ disabledOperations: ['preauth-completion'] });
    const result = await ecr(['complete', '--parent', preauth.sessionId, '--amount', '20.00', '--json']);
    expect(result.code, result.stderr).toBe(2);
    const doc = parsed(result.stdout);
    expect(doc).toMatchObject({ kind: 'preauth-completion', state: 'failed', error: 'not-found' });
    expect(doc.message).toMatch(/does not exist for this account \(it may not be enabled\)/);
    expect(openSessions()).toEqual([]);
    const text = await ecr(['status', doc.sessionId]);
    expect(text.stdout).toMatch(/failed: no money moved/);
    expect(text.stdout).toMatch(/may not be enabled/);
  });
});

describe('ecr refund --unreferenced', () => {
  it('refunds an amount with no sale behind it', async () => {
    const result = await ecr(['refund', '--unreferenced', '--amount', '7.50', '--terminal', '16000002', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(parsed(result.stdout)).toMatchObject({ kind: 'unreferenced-refund', state: 'approved', amount: 750, parentSessionId: null, terminalId: '16000002' });
    expect(simulator.control.ledger()).toMatchObject({ refunds: 1, refundedAmount: 750 });
  });

  it('bad combinations are refused before anything is written', async () => {
    for (const [args, message] of [
      [['--unreferenced', '--parent', 'abc', '--amount', '1.00', '--terminal', '16000001'], /leave out --parent/],
      [['--unreferenced', '--amount', '1.00'], /--terminal is required/],
      [['--parent', 'abc', '--amount', '1.00', '--currency', 'USD'], /--currency is only for --unreferenced/],
    ] as const) {
      const refused = await ecr(['refund', ...args]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(message);
    }
    expect(sessionCount()).toBe(0);
  });

  it('not enabled for the account: exit 2, failed, nothing pending', async () => {
    simulator.control.configure({ disabledOperations: ['unreferenced-refund'] });
    const result = await ecr(['refund', '--unreferenced', '--amount', '3.00', '--terminal', '16000001', '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(parsed(result.stdout)).toMatchObject({ state: 'failed', error: 'not-found', message: expect.stringMatching(/may not be enabled/) });
    expect(openSessions()).toEqual([]);
    expect(simulator.control.ledger().refunds).toBe(0);
  });
});

describe('ecr sale --instalments', () => {
  it('offers instalments on a euro sale; refuses them in another currency or out of range', async () => {
    const result = await ecr(['sale', '--amount', '300.00', '--terminal', '16000001', '--instalments', '6', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(parsed(result.stdout)).toMatchObject({ state: 'approved', amount: 30000 });
    for (const args of [['--instalments', '3', '--currency', 'USD'], ['--instalments', '-1'], ['--instalments', '100'], ['--instalments', '2.5']]) {
      const refused = await ecr(['sale', '--amount', '10.00', '--terminal', '16000001', ...args]);
      expect(refused.code, args.join(' ')).toBe(1);
    }
    expect(sessionCount()).toBe(1);
  });

  it('a sale Viva has not enabled: exit 2, failed, nothing pending', async () => {
    simulator.control.configure({ disabledOperations: ['sale'] });
    const result = await ecr(['sale', '--amount', '10.00', '--terminal', '16000001', '--instalments', '0', '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(parsed(result.stdout)).toMatchObject({ state: 'failed', error: 'not-found' });
    expect(openSessions()).toEqual([]);
  });
});

describe('ecr status of a session that never ends', () => {
  it('prints the diagnosis and the recommended resolution; the operator resolves it as failed with the evidence', async () => {
    const lost = await ecr(['sale', '--amount', '10.04', '--terminal', '16000001', '--json']);
    expect(lost.code, lost.stderr).toBe(3);
    const { sessionId } = parsed(lost.stdout);
    // The background's checks run while an engine runs: recover keeps one going for a while.
    const recovered = await ecr(['recover', '--wait-ms', '1200']);
    expect(recovered.code, recovered.stderr).toBe(3);

    const text = await ecr(['status', sessionId]);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/viva said "being processed" \(202\) at every check from .* to /);
    expect(text.stdout).toMatch(/day lists \d{4}-\d{2}-\d{2} do not contain it/);
    expect(text.stdout).toMatch(/RECOMMENDED: not charged/);
    expect(text.stdout).toContain(`ecr resolve ${sessionId} --outcome failed`);
    const doc = JSON.parse((await ecr(['status', sessionId, '--json'])).stdout) as SessionJson & { diagnosis: { recommendation: string; pendingForMs: number } };
    expect(doc.diagnosis).toMatchObject({ recommendation: 'resolve-as-failed', lastObserved: 'pending' });
    expect(doc.diagnosis.pendingForMs).toBeGreaterThanOrEqual(ENGINE.neverDeliveredAfterMs);

    const resolved = await ecr(['resolve', sessionId, '--outcome', 'failed', '--reason', 'never delivered to the terminal', '--operator', 'alice', '--json']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(parsed(resolved.stdout)).toMatchObject({ state: 'failed', resolvedBy: 'alice' });
    const [decision] = query<{ payload: string }>("SELECT payload FROM events WHERE session_id = ? AND type = 'resolved-by-operator'", sessionId);
    expect(JSON.parse(decision!.payload)).toMatchObject({ outcome: 'failed', evidence: { recommendation: 'resolve-as-failed', dayLists: { result: 'absent' } } });
  });

  it('without enough evidence, status says what a recommendation still needs', async () => {
    const lost = parsed((await ecr(['sale', '--amount', '10.04', '--terminal', '16000001', '--json'])).stdout);
    await ecr(['recover', '--wait-ms', '100']);
    const text = await ecr(['status', lost.sessionId]);
    expect(text.stdout).not.toMatch(/RECOMMENDED/);
  });
});

describe('ecr attention', () => {
  it('ecr attention: an unknown sale is listed (exit 2) until resolved (exit 0); its retry is refused meanwhile, another amount is not', async () => {
    const lost = parsed((await ecr(['sale', '--amount', '10.04', '--terminal', '16000001', '--json'])).stdout);
    expect(lost.state).toBe('unknown');
    const listed = await ecr(['attention']);
    expect(listed.code, listed.stderr).toBe(2);
    expect(listed.stdout).toContain(lost.sessionId);
    expect(listed.stdout).toMatch(/10\.04 EUR {2}terminal 16000001 {2}outcome unknown/);
    const json = JSON.parse((await ecr(['attention', '--json'])).stdout) as { items: { kind: string; session: { sessionId: string } }[] };
    expect(json.items).toMatchObject([{ kind: 'unknown', session: { sessionId: lost.sessionId } }]);

    const retry = await ecr(['sale', '--amount', '10.04', '--terminal', '16000001']);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toMatch(/same amount \(€10\.04\) on terminal 16000001 has an unknown outcome/);
    expect((await ecr(['sale', '--amount', '12.50', '--terminal', '16000001'])).code).toBe(0);

    expect((await ecr(['resolve', lost.sessionId, '--outcome', 'failed', '--reason', 'Never reached the terminal', '--operator', 'Maria'])).code).toBe(0);
    const none = await ecr(['attention']);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('No payment needs attention.');
  });
});
