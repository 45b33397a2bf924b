import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { journalFile } from '../../../electron/core/journal/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import type { SessionJson } from '../../../electron/cli/session-json.ts';
import { runEcr, startEcr } from './run-ecr.ts';

// The payment commands as a user runs them: the real `ecr` binary in its own process, against
// the simulator over HTTP, with a real journal in a temp folder. Engine timings are shortened
// through ECR_ENGINE_CONFIG so a deadline is under a second.

const ENGINE = {
  pollIntervalMs: 20,
  firstPollDelayMs: 5,
  deadlineMs: 500,
  abortGraceMs: 150,
  busyGraceMs: 60,
  // Long: an unknown session must stay unknown here until a person resolves it.
  notFoundGraceMs: 600_000,
  backoffBaseMs: 10,
  backoffMaxMs: 40,
  unknownRetryMs: 50,
  backgroundTickMs: 25,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let simulator: RunningSimulator;
let urls: string[];
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  // The harsh defaults, with Viva's early-404 window scaled down like the engine's deadline.
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, abortAckMs: 20, sessionLifetimeMs: 5_000, early404Ms: 100 });
  urls = ['--api-url', simulator.url, '--accounts-url', simulator.url];
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.control.reset();
  dir = mkdtempSync(join(tmpdir(), 'ecr-cli-'));
  env = { ECR_DATA_DIR: dir, ECR_ENGINE_CONFIG: JSON.stringify(ENGINE), ECR_CASH_REGISTER: 'REG-CLI' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ecr = (args: string[], extraEnv: Record<string, string> = {}) => runEcr([...args, ...urls], { ...env, ...extraEnv });
const parsed = (stdout: string) => JSON.parse(stdout) as SessionJson;

async function sale(amount: string, terminal: string, more: string[] = []): Promise<SessionJson> {
  const result = await ecr(['sale', '--amount', amount, '--terminal', terminal, '--json', ...more]);
  expect(result.stdout, result.stderr).not.toBe('');
  return parsed(result.stdout);
}

/** The event types of one session, read directly from the journal file. */
function eventTypes(sessionId: string): string[] {
  const db = new Database(journalFile(dir, 'simulator'), { readonly: true });
  try {
    return (db.prepare('SELECT type FROM events WHERE session_id = ? ORDER BY seq').all(sessionId) as { type: string }[]).map((r) => r.type);
  } finally {
    db.close();
  }
}

/** Sessions and events in the journal file, read directly (no journal code in between). */
function journalCounts(): { sessions: number; events: number } {
  const file = journalFile(dir, 'simulator');
  if (!existsSync(file)) return { sessions: 0, events: 0 };
  const db = new Database(file, { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { sessions: count('sessions'), events: count('events') };
  } finally {
    db.close();
  }
}

describe('ecr sale', () => {
  it('an approved sale exits 0, shows its progress on stderr and prints the session as JSON', async () => {
    const result = await ecr(['sale', '--amount', '12.50', '--tip', '1.00', '--terminal', '16000001', '--reference', 'T-1', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = parsed(result.stdout);
    expect(doc).toMatchObject({
      kind: 'sale',
      state: 'approved',
      amount: 1250,
      tipAmount: 100,
      currencyCode: '978',
      currency: 'EUR',
      terminalId: '16000001',
      cashRegisterId: 'REG-CLI',
      merchantReference: 'T-1',
      eventId: 0,
      abortRequested: false,
    });
    expect(doc.sessionId).toMatch(UUID);
    expect(doc.message).toEqual(expect.any(String));
    expect(doc.transactionId).toEqual(expect.any(String));
    expect(doc.createdAt).toMatch(ISO);
    expect(doc.finishedAt).toMatch(ISO);
    for (const state of ['created', 'dispatching', 'pending', 'approved']) {
      expect(result.stderr).toContain(`${doc.sessionId} ${state}`);
    }
    // What the simulator really did: one charge of amount + tip, under the same sessionId.
    expect(simulator.control.session(doc.sessionId)).toMatchObject({ charged: true, amount: 1350, cashRegisterId: 'REG-CLI' });
    expect(simulator.control.ledger().charges).toBe(1);
  });

  it('a declined sale exits 2', async () => {
    const result = await ecr(['sale', '--amount', '10.07', '--terminal', '16000001', '--json']);
    expect(result.code).toBe(2);
    expect(parsed(result.stdout)).toMatchObject({ state: 'declined', eventId: 1007, amount: 1007 });
    expect(simulator.control.ledger().charges).toBe(0);
  });

  it('prints a readable result without --json', async () => {
    const result = await ecr(['sale', '--amount', '12.50', '--terminal', '16000001']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sale of 12\.50 EUR — APPROVED/);
  });

  it('--no-wait returns once Viva has the request; status reads the journal; recover finishes it', async () => {
    const sent = await ecr(['sale', '--amount', '12.50', '--terminal', '16000002', '--no-wait', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const doc = parsed(sent.stdout);
    expect(doc.state).toBe('pending');
    expect(simulator.control.session(doc.sessionId)).toBeDefined();

    // Nobody polls it now: the journal still says pending (status is offline).
    const status = await ecr(['status', doc.sessionId, '--json']);
    expect(status.code).toBe(0);
    expect(parsed(status.stdout)).toMatchObject({ sessionId: doc.sessionId, state: 'pending' });

    const recover = await ecr(['recover', '--json']);
    expect(recover.code, recover.stderr).toBe(0);
    const summary = JSON.parse(recover.stdout) as { resumed: number; states: Record<string, number>; stillUnknown: string[]; sessions: (SessionJson & { stateBefore: string })[] };
    expect(summary).toMatchObject({ resumed: 1, states: { approved: 1 }, stillUnknown: [] });
    expect(summary.sessions[0]).toMatchObject({ sessionId: doc.sessionId, stateBefore: 'pending', state: 'approved' });

    const after = await ecr(['status', doc.sessionId]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('APPROVED');
  });

  it('status of a session the journal does not have exits 1', async () => {
    const none = await ecr(['status', 'no-such-session']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('There is no simulator journal'); // read-only: nothing is created
    expect((await ecr(['sale', '--amount', '12.50', '--terminal', '16000001', '--json'])).code).toBe(0);
    const result = await ecr(['status', 'no-such-session']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no payment no-such-session');
  });
});

describe('ecr abort', () => {
  it('aborts a sale that waits on the terminal from a second process; both end aborted (exit 2)', async () => {
    // A deadline far enough away that the cashier's abort, not the deadline's, is what ends it,
    // however slowly the second process starts on a busy machine.
    const patient = { ...env, ECR_ENGINE_CONFIG: JSON.stringify({ ...ENGINE, deadlineMs: 10_000, abortGraceMs: 5_000 }) };
    const running = startEcr(['sale', '--amount', '10.01', '--terminal', '16000003', '--json', ...urls], patient);
    const [, sessionId] = (await running.waitForStderr(/^(\S+) pending:/m)) as [string, string];

    const abort = await runEcr(['abort', sessionId, '--json', ...urls], patient);
    expect(abort.code, abort.stderr).toBe(2);
    expect(parsed(abort.stdout)).toMatchObject({ sessionId, state: 'aborted', abortRequested: true });
    expect(eventTypes(sessionId).filter((type) => type === 'abort-requested')).toHaveLength(1);

    const sale = await running.done;
    expect(sale.code, sale.stderr).toBe(2);
    expect(parsed(sale.stdout)).toMatchObject({ sessionId, state: 'aborted' });
    expect(simulator.control.session(sessionId)).toMatchObject({ outcome: 'aborted', moneyMoved: false });
  });

  it('refuses to abort a finished payment (exit 1)', async () => {
    const done = await sale('12.50', '16000001');
    const result = await ecr(['abort', done.sessionId]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already finished; it cannot be aborted\. \(it is approved\)/);
  });
});

describe('ecr refund', () => {
  it('refunds part of a sale; a refund above what is left is refused, exit 1, nothing written', async () => {
    const paid = await sale('20.00', '16000001');
    expect(paid.state).toBe('approved');

    const partial = await ecr(['refund', '--parent', paid.sessionId, '--amount', '5.00', '--json']);
    expect(partial.code, partial.stderr).toBe(0);
    expect(parsed(partial.stdout)).toMatchObject({ kind: 'refund', state: 'approved', amount: 500, parentSessionId: paid.sessionId, terminalId: '16000001' });

    const before = journalCounts();
    const over = await ecr(['refund', '--parent', paid.sessionId, '--amount', '15.01']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('Cannot refund 15.01 EUR: at most 15.00 EUR of this payment can still be refunded (5.00 EUR of 20.00 EUR already refunded');
    const badAmount = await ecr(['refund', '--parent', paid.sessionId, '--amount', '1.001']);
    expect(badAmount.code).toBe(1);
    expect(badAmount.stderr).toMatch(/too many decimals/);
    const noParent = await ecr(['refund', '--parent', 'nope', '--amount', '1.00']);
    expect(noParent.code).toBe(1);
    expect(noParent.stderr).toContain("This till's journal has no payment nope");
    expect(journalCounts()).toEqual(before);
    expect(simulator.control.ledger()).toMatchObject({ refunds: 1, refundedAmount: 500 });

    const rest = await ecr(['refund', '--parent', paid.sessionId, '--amount', '15', '--json']);
    expect(rest.code, rest.stderr).toBe(0);
    expect(simulator.control.ledger()).toMatchObject({ refunds: 2, refundedAmount: 2000 });
  });
});

describe('ecr resolve', () => {
  it('an operator settles an unknown sale with a reason; it is recorded with who did it', async () => {
    // 10.04: Viva never delivers it and ignores the abort, so the till cannot know: unknown, exit 3.
    const lost = await ecr(['sale', '--amount', '10.04', '--terminal', '16000001', '--json']);
    expect(lost.code, lost.stderr).toBe(3);
    const { sessionId } = parsed(lost.stdout);
    expect(parsed(lost.stdout).state).toBe('unknown');

    for (const [args, message] of [
      [['--outcome', 'declined'], /--reason is required/],
      [['--outcome', 'maybe', '--reason', 'x'], /--outcome must be approved, declined or failed/],
      [['--reason', 'x'], /--outcome is required/],
    ] as const) {
      const refused = await ecr(['resolve', sessionId, ...args]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(message);
    }
    expect((await ecr(['status', sessionId, '--json'])).code).toBe(3);

    const resolved = await ecr(['resolve', sessionId, '--outcome', 'declined', '--reason', 'customer paid cash instead', '--json']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(parsed(resolved.stdout)).toMatchObject({
      state: 'declined',
      resolution: 'operator',
      resolvedBy: userInfo().username,
      resolutionReason: 'customer paid cash instead',
    });
    const status = await ecr(['status', sessionId, '--json']);
    expect(status.code).toBe(2);

    const again = await ecr(['resolve', sessionId, '--outcome', 'approved', '--reason', 'x', '--operator', 'alice']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Only a payment with an unknown outcome can be resolved by hand\. \(this one is declined\)/);
  });

  it('--operator names who resolved it', async () => {
    const lost = parsed((await ecr(['sale', '--amount', '10.04', '--terminal', '16000002', '--json'])).stdout);
    const resolved = await ecr(['resolve', lost.sessionId, '--outcome', 'approved', '--reason', 'slip 123456', '--operator', 'alice', '--json']);
    expect(resolved.code).toBe(0);
    expect(parsed(resolved.stdout)).toMatchObject({ state: 'approved', resolvedBy: 'alice' });
  });
});

describe('ecr journal', () => {
  it('list filters by state, terminal, business day and limit', async () => {
    const a = await sale('12.50', '16000001', ['--reference', 'A']);
    const b = await sale('10.07', '16000002');
    const c = await sale('11.00', '16000003');
    const list = async (args: string[]) => {
      const result = await ecr(['journal', 'list', '--json', ...args]);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as SessionJson[]).map((s) => s.sessionId);
    };
    expect(await list([])).toEqual([c.sessionId, b.sessionId, a.sessionId]);
    expect(await list(['--state', 'approved'])).toEqual([c.sessionId, a.sessionId]);
    expect(await list(['--state', 'declined'])).toEqual([b.sessionId]);
    expect(await list(['--terminal', '16000001'])).toEqual([a.sessionId]);
    expect(await list(['--limit', '2'])).toEqual([c.sessionId, b.sessionId]);
    expect(await list(['--date', a.businessDay])).toHaveLength(3);
    expect(await list(['--date', '2001-01-01'])).toEqual([]);
    const human = await ecr(['journal', 'list']);
    expect(human.stdout).toMatch(/session\s+day\s+time\s+kind\s+amount\s+terminal\s+state/);
    expect(human.stdout).toContain('12.50 EUR');

    for (const [args, message] of [
      [['--state', 'paid'], /--state must be one of/],
      [['--limit', '0'], /--limit must be a whole number from 1 to 500/],
      [['--date', '2026-13-01'], /calendar date/],
    ] as const) {
      const result = await ecr(['journal', 'list', ...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('verify exits 0 on an intact journal and 1, naming the first broken link, once a row was edited', async () => {
    await sale('12.50', '16000001');
    const ok = await ecr(['journal', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Journal intact: SQLite integrity check ok, 4 events, 1 sessions/);

    // Tamper as someone with the file would: drop the append-only triggers and edit an amount.
    const db = new Database(journalFile(dir, 'simulator'));
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) {
      db.exec(`DROP TRIGGER "${name}"`);
    }
    const edited = db.prepare("UPDATE events SET payload = replace(payload, '\"amount\":1250', '\"amount\":125') WHERE type = 'created'").run();
    db.close();
    expect(edited.changes).toBe(1);

    const broken = await ecr(['journal', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Journal BROKEN/);
    expect(broken.stderr).toMatch(/event\s+1\n/);
    expect(broken.stderr).toMatch(/reason\s+hash-mismatch/);
    const asJson = await ecr(['journal', 'verify', '--json']);
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: false, firstBroken: { eventId: 1, reason: 'hash-mismatch' } });
  });
});

describe('bad arguments change nothing', () => {
  it.each([
    [['--amount', '12.505', '--terminal', '16000001'], /"12\.505" has too many decimals: EUR takes at most 2 decimals/],
    [['--amount', '-5', '--terminal', '16000001'], /--amount' argument is ambiguous/],
    [['--amount=-5', '--terminal', '16000001'], /The amount "-5" is not a number like 12\.50/],
    [['--amount', '0', '--terminal', '16000001'], /The amount must be greater than zero/],
    [['--amount', 'abc', '--terminal', '16000001'], /The amount "abc" is not a number like 12\.50/],
    [['--amount', '12.50', '--currency', 'JPY', '--terminal', '16000001'], /JPY takes no decimals/],
    [['--amount', '12.50', '--currency', 'XYZ', '--terminal', '16000001'], /Unknown currency "XYZ"/],
    [['--amount', '12.50'], /--terminal is required/],
    [['--terminal', '16000001'], /--amount is required/],
    [['--amount', '12.50', '--terminal', '16000001', '--tip', '0.001'], /The tip "0\.001" has too many decimals/],
    [['--amount', '1000000000.00', '--terminal', '16000001'], /larger than the till accepts/],
  ])('ecr sale %j exits 1 with a clear message and writes nothing', async (args, message) => {
    const result = await ecr(['sale', ...args]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(journalCounts()).toEqual({ sessions: 0, events: 0 });
    expect(simulator.control.sessions()).toHaveLength(0);
  });

  it('the decimals come from the currency: 12.520 is a valid BHD amount (3 decimals)', async () => {
    const result = await ecr(['sale', '--amount', '12.520', '--currency', 'BHD', '--terminal', '16000001', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(parsed(result.stdout)).toMatchObject({ amount: 12520, currencyCode: '048', currency: 'BHD' });
  });

  it.each([
    ['{"pollIntervalMs": 1}', /ECR_ENGINE_CONFIG is invalid: pollIntervalMs/],
    ['{"deadlineMs": "soon"}', /ECR_ENGINE_CONFIG is invalid: deadlineMs/],
    ['{"nope": 1}', /ECR_ENGINE_CONFIG is invalid/],
    ['{pollIntervalMs: 5}', /ECR_ENGINE_CONFIG is not JSON/],
  ])('ECR_ENGINE_CONFIG=%s is a usage error (exit 1), nothing written', async (config, message) => {
    const result = await ecr(['sale', '--amount', '12.50', '--terminal', '16000001'], { ECR_ENGINE_CONFIG: config });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(journalCounts()).toEqual({ sessions: 0, events: 0 });
  });

  it('a busy terminal is refused with a clear message and nothing written for the second sale', async () => {
    const first = parsed((await ecr(['sale', '--amount', '12.50', '--terminal', '16000001', '--no-wait', '--json'])).stdout);
    const before = journalCounts();
    const second = await ecr(['sale', '--amount', '3.00', '--terminal', '16000001']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/Terminal 16000001 is still busy with another payment/);
    // The second process resumed the first sale (crash recovery) before refusing: only that moved on.
    const after = journalCounts();
    expect(after.sessions).toBe(before.sessions);
    expect(simulator.control.sessions().map((s) => s.sessionId)).toEqual([first.sessionId]);
  });

  it('`ecr journal` alone names its subcommands', async () => {
    const result = await runEcr(['journal']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/"ecr journal" needs one of: list, verify/);
  });
});
