import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.ts';
import { channels } from '../../../electron/contract/channels.ts';
import { PaymentError } from '../../../electron/core/payments/errors.ts';
import { parseResolve, parseSale, parseSessionId } from '../../../electron/core/payments/operation-inputs.ts';
import { createVivaClient, customEndpoints, isVivaError } from '../../../electron/core/viva/index.ts';
import { freeTextProblem } from '../../../electron/domain/free-text.ts';
import { isSafeSessionId, isTerminalId } from '../../../electron/domain/identifiers.ts';
import { MAX_AMOUNT_MINOR } from '../../../electron/domain/money-limits.ts';

/** Issue 9 item 8: each hostile input, at each door (domain, core, IPC schema, Viva client, CLI). */
const HOSTILE = {
  ansi: 'Table 4 \u001b[31mRED\u001b[0m',
  newline: 'line one\nline two',
  tab: 'a\tb',
  nul: 'ref\u0000',
  del: 'ref\u007f',
  c1: 'ref\u009b31m',
  rlo: 'invoice \u202Egpj.exe',
  isolate: 'name \u2066x\u2069',
  loneSurrogate: 'half \uD83D',
};

describe('the domain rules', () => {
  it.each(Object.entries(HOSTILE))('refuses %s', (_name, text) => {
    expect(freeTextProblem(text, { max: 200 })).not.toBeNull();
  });

  it('accepts ordinary text of every script, emoji included, and refuses text over the max', () => {
    for (const text of ['Basic membership', 'Bearer bond coupon', 'Καφές & κέικ', 'مرحبا', '☕ 🍰', '']) expect(freeTextProblem(text, { max: 200 })).toBeNull();
    expect(freeTextProblem('x'.repeat(201), { max: 200 })).toBe('too-long');
    expect(freeTextProblem('x'.repeat(200), { max: 200 })).toBeNull();
  });

  it('knows a terminal id and a safe session id', () => {
    expect(['16000001', '1'].every(isTerminalId)).toBe(true);
    expect(['', 'T-1', '16000001\u0000', '1'.repeat(17), ' 1'].some(isTerminalId)).toBe(false);
    expect(['3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f', 'PP3280784-31a023ea1a', 's-1'].every(isSafeSessionId)).toBe(true);
    expect(['..', '.', '', '/', 'a/b', '%2e%2e', '..%2F', 'a\u0000', '-x', 'x'.repeat(200)].some(isSafeSessionId)).toBe(false);
  });
});

describe('the core (operation inputs)', () => {
  const sale = { amount: 1250, terminalId: '16000001' };
  const refused = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(PaymentError);
      expect((error as PaymentError).code).toBe('invalid-input');
      return;
    }
    throw new Error('expected a refusal');
  };

  it.each(Object.entries(HOSTILE))('refuses a reference or note with %s', (_name, text) => {
    refused(() => parseSale({ ...sale, merchantReference: text }, 'EUR'));
    refused(() => parseSale({ ...sale, customerTrns: text }, 'EUR'));
    refused(() => parseResolve({ outcome: 'declined', reason: text, operator: 'Ann' }));
    refused(() => parseResolve({ outcome: 'declined', reason: 'slip', operator: text }));
  });

  it('refuses amount + tip over the limit, accepts a tip of zero and exactly the limit', () => {
    refused(() => parseSale({ ...sale, amount: MAX_AMOUNT_MINOR, tipAmount: 1 }, 'EUR'));
    refused(() => parseSale({ ...sale, amount: MAX_AMOUNT_MINOR - 1, tipAmount: MAX_AMOUNT_MINOR - 1 }, 'EUR'));
    expect(parseSale({ ...sale, amount: MAX_AMOUNT_MINOR - 100, tipAmount: 100 }, 'EUR').tipAmount).toBe(100);
    expect(parseSale({ ...sale, tipAmount: 0 }, 'EUR').tipAmount).toBe(0);
  });

  it('refuses a terminal id not of Viva\'s shape and an unsafe session id', () => {
    for (const terminalId of ['T-1', '16000001\u0000', '../x', '1'.repeat(17)]) refused(() => parseSale({ ...sale, terminalId }, 'EUR'));
    for (const id of ['..', 'a/b', '%2F']) refused(() => parseSessionId(id));
  });
});

describe('the IPC schemas agree with the core', () => {
  it.each(Object.entries(HOSTILE))('refuse %s in free text', (_name, text) => {
    expect(channels.startSale.input.safeParse({ amount: 1250, merchantReference: text }).success).toBe(false);
    expect(channels.resolveSession.input.safeParse({ sessionId: 's-1', outcome: 'declined', reason: text, operator: 'Ann' }).success).toBe(false);
  });

  it('refuse amount + tip over the limit and odd ids; accept tip 0', () => {
    expect(channels.startSale.input.safeParse({ amount: MAX_AMOUNT_MINOR, tipAmount: 1 }).success).toBe(false);
    expect(channels.startSale.input.safeParse({ amount: 1250, tipAmount: 0 }).success).toBe(true);
    expect(channels.startSale.input.safeParse({ amount: 1250, terminalId: '16000001\u0000' }).success).toBe(false);
    expect(channels.sessionStatus.input.safeParse({ sessionId: '..' }).success).toBe(false);
  });
});

// A stand-in that counts every request: an unsafe id must be refused before one leaves.
let server: Server;
let url: string;
let hits: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the Viva client', () => {
  it.each(['..', '', '/', 'a/../b', '%2e%2e', '.'])('refuses session id %j with a validation error and sends nothing', async (id) => {
    hits = [];
    const viva = createVivaClient({ endpoints: customEndpoints({ apiUrl: url, accountsUrl: url }), credentials: { clientId: 'id', clientSecret: 'secret-value' } });
    for (const call of [() => viva.getSession(id), () => viva.abortSession(id, 'REG-1')]) {
      const error = await call().then(() => null, (e: unknown) => e);
      expect(isVivaError(error) && error.code === 'validation').toBe(true);
    }
    expect(hits).toEqual([]);
  });
});

describe('the CLI checks before it opens anything', () => {
  // A fresh data folder per run, so one refusal that opened a journal cannot hide behind another.
  let dataDir = '';
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    dataDir = mkdtempSync(join(tmpdir(), 'ecr-hygiene-'));
    dirs.push(dataDir);
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, waitForInterrupt: () => new Promise<void>(() => {}) };
    const code = await runCli([...args, '--data-dir', dataDir], io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  it.each([
    ['an ANSI escape in --reference', ['sale', '--amount', '12.50', '--terminal', '16000001', '--reference', HOSTILE.ansi]],
    ['a 10 kB --reference', ['sale', '--amount', '12.50', '--terminal', '16000001', '--reference', 'x'.repeat(10_000)]],
    ['a control character in --cash-register', ['sale', '--amount', '12.50', '--terminal', '16000001', '--cash-register', 'REG\u001b[2J']],
    ['amount + tip over the limit', ['sale', '--amount', '999999.99', '--tip', '0.01', '--terminal', '16000001']],
    ['a bidi override in --reason', ['resolve', '3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f', '--outcome', 'declined', '--reason', HOSTILE.rlo, '--operator', 'Ann']],
    ['a control character in --operator', ['resolve', '3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f', '--outcome', 'declined', '--reason', 'slip', '--operator', HOSTILE.c1]],
    ['"ecr status .."', ['status', '..']],
    ['"ecr abort ../x"', ['abort', '../x']],
  ])('refuses %s as a usage error and opens no journal', async (_what, args) => {
    const result = await run(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toContain('\u001b');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('"ecr session .." is refused without any HTTP request', async () => {
    hits = [];
    const result = await run(['session', '..', '--env', 'demo', '--api-url', url, '--accounts-url', url, '--client-id', 'id']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not a session id/);
    expect(hits).toEqual([]);
  });

  it('--tip 0.00 is no tip, not a refusal', async () => {
    const result = await run(['sale', '--amount', '12.50', '--tip', '0.00', '--terminal', 'T-1']);
    // Past the tip: refused later, for the terminal id, by the core.
    expect(result.stderr).not.toMatch(/tip/i);
    expect(existsSync(dataDir)).toBe(true);
  });
});
