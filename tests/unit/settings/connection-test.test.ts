import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { classifyConnectionError, testConnection } from '../../../electron/core/settings/index.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { customEndpoints, VivaError } from '../../../electron/core/viva/index.ts';

let sim: RunningSimulator;
const SECRET = 'right-secret-for-the-test-0001';

beforeAll(async () => {
  sim = await startSimulator({ port: 0, credentials: [{ clientId: 'till.apps.vivapayments.com', clientSecret: SECRET }] });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

const endpoints = () => customEndpoints({ apiUrl: sim.url, accountsUrl: sim.url });
const good = { clientId: 'till.apps.vivapayments.com', clientSecret: SECRET };

/** A loopback port nobody listens on: connection refused, like a machine without network. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the connection test, against the simulator', () => {
  it('reports the live terminals when everything works', async () => {
    const result = await testConnection({ endpoints: endpoints(), credentials: good });
    expect(result).toMatchObject({ ok: true, outcome: 'ok', liveTerminals: ['16000001', '16000002', '16000003'], devices: 3 });
    expect(result.message).toContain('3 live terminals');
  });

  it('says the credentials are wrong, without repeating them', async () => {
    const logger = recordingLogger();
    const result = await testConnection({ endpoints: endpoints(), credentials: { ...good, clientSecret: 'wrong-secret-value-9' }, logger });
    expect(result).toMatchObject({ ok: false, outcome: 'bad-credentials' });
    expect(result.message).toMatch(/client id or client secret/);
    expect(JSON.stringify([result, logger.records])).not.toContain('wrong-secret-value-9');
  });

  it('says the network is down when Viva cannot be reached', async () => {
    const port = await closedPort();
    const unreachable = customEndpoints({ apiUrl: `http://127.0.0.1:${port}`, accountsUrl: `http://127.0.0.1:${port}` });
    const result = await testConnection({ endpoints: unreachable, credentials: good, timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, outcome: 'no-network' });
    expect(result.message).toMatch(/internet connection/);
  });

  it('says when the account has terminals but none is live', async () => {
    for (const terminal of sim.control.terminals()) sim.control.configureTerminal(terminal.terminalId, { statusId: 0 });
    const result = await testConnection({ endpoints: endpoints(), credentials: good });
    expect(result).toMatchObject({ ok: false, outcome: 'no-live-devices', liveTerminals: [], devices: 3 });
    expect(result.message).toMatch(/none of the account's 3 terminal/);
  });

  it('asks for credentials before testing without them', async () => {
    const result = await testConnection({ endpoints: endpoints(), credentials: null });
    expect(result).toMatchObject({ ok: false, outcome: 'not-configured' });
  });

  it('classifies the remaining failures', () => {
    expect(classifyConnectionError(new VivaError('forbidden', 'x', { status: 403 })).outcome).toBe('forbidden');
    expect(classifyConnectionError(new VivaError('timeout', 'x')).outcome).toBe('no-network');
    expect(classifyConnectionError(new VivaError('server', 'Viva is down (503)')).outcome).toBe('viva-error');
    expect(classifyConnectionError(new VivaError('auth', 'not set', { phase: 'local' })).outcome).toBe('not-configured');
    expect(classifyConnectionError(new Error('boom')).outcome).toBe('viva-error');
  });
});
