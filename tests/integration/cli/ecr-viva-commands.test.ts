import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { runEcr } from './run-ecr.ts';

let simulator: RunningSimulator;
let urls: string[];

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, customerTimeMs: 5 });
  urls = ['--api-url', simulator.url, '--accounts-url', simulator.url];
});
afterAll(() => simulator.close());
beforeEach(() => simulator.control.reset());

describe('ecr against the simulator', () => {
  it('devices --json prints the simulated terminals as one JSON document', async () => {
    const result = await runEcr(['devices', '--env', 'simulator', ...urls, '--json']);
    expect(result.code).toBe(0);
    const devices = JSON.parse(result.stdout) as { terminalId: string }[];
    expect(devices.map((d) => d.terminalId)).toEqual(simulator.control.terminals().map((t) => t.terminalId));
  });

  it('devices prints a table', async () => {
    const result = await runEcr(['devices', ...urls]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/terminal\s+status/);
    expect(result.stdout).toContain(simulator.control.terminals()[0]?.terminalId);
  });

  it('token prints expiry and scope, never the token', async () => {
    const result = await runEcr(['token', ...urls, '--json', '--verbose']);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout) as { expiresAt: string; scope: string; tokenType: string };
    expect(Date.parse(info.expiresAt)).toBeGreaterThan(Date.now());
    expect(info.scope).toBe('urn:viva:payments:ecr:api');
    expect(info.tokenType).toBe('Bearer');
    expect(result.stdout + result.stderr).not.toMatch(/access_token|eyJ|simulator-secret/);
  });

  it('session reports a finished sale and sessions lists the UTC day', async () => {
    const seeded = simulator.control.seedSession({ terminalId: '16000001', amount: 1250, outcome: 'approved' });
    const one = await runEcr(['session', seeded.sessionId, ...urls, '--json']);
    expect(one.code).toBe(0);
    const lookup = JSON.parse(one.stdout) as { status: string; outcome: { kind: string }; session: { amount: number } };
    expect(lookup).toMatchObject({ status: 'final', outcome: { kind: 'approved' }, session: { amount: 1250 } });

    const day = new Date().toISOString().slice(0, 10);
    const list = await runEcr(['sessions', '--date', day, ...urls, '--json']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as { sessions: { sessionId: string }[]; unreadable: unknown[] };
    expect(listed.sessions.map((s) => s.sessionId)).toContain(seeded.sessionId);
    expect(listed.unreadable).toEqual([]);

    const human = await runEcr(['session', seeded.sessionId, ...urls]);
    expect(human.stdout).toContain('12.50 EUR');
  });

  it('session of an unknown id exits 1 and says so', async () => {
    const result = await runEcr(['session', 'no-such-session', ...urls]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no session with this id');
  });

  it('a failed call exits 1 with a plain message (wrong credentials)', async () => {
    const result = await runEcr(['devices', ...urls, '--client-id', 'someone-else', '--json'], { ECR_CLIENT_SECRET: 'wrong' });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'auth' } });
    expect(result.stderr).not.toContain('wrong');
  });

  it('an unreachable Viva is a network error, exit 1', async () => {
    const result = await runEcr(['devices', '--api-url', 'http://127.0.0.1:9', '--accounts-url', 'http://127.0.0.1:9', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'network' } });
  });
});

describe('ecr argument errors', () => {
  it.each([
    [['bogus'], /Unknown command "bogus"/],
    [['devices', '--env', 'staging'], /--env must be one of simulator, demo, production/],
    [['devices', '--api-url', 'not a url'], /--api-url "not a url" is not a URL/],
    [['devices', '--api-url', 'ftp://x'], /http:\/\/ or https:\/\//],
    [['devices', '--status-id', '9'], /--status-id must be 0 to 7/],
    [['devices', '--nope'], /Unknown option '--nope'/],
    [['session'], /needs <sessionId>/],
    [['session', 'a', 'b'], /Unexpected argument "b"/],
    [['sessions'], /needs --date/],
    [['sessions', '--date', '26/11/2026'], /calendar date/],
    [['sessions', '--date', '2026-02-30'], /calendar date/],
    [['simulator', '--port', '70000'], /--port must be a whole number/],
    [['devices', '--env', 'demo'], /needs your POS API client id/],
    [['devices', '--env', 'production', '--client-id', 'x.apps.vivapayments.com'], /ECR_CLIENT_SECRET/],
  ])('ecr %j fails with a clear message', async (args, message) => {
    const result = await runEcr(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('ecr help');
  });

  it('help lists every command and exits 0', async () => {
    const result = await runEcr(['help']);
    expect(result.code).toBe(0);
    for (const name of ['simulator', 'token', 'devices', 'session', 'sessions']) expect(result.stdout).toContain(`  ${name}`);
  });
});
