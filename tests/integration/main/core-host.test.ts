import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../electron/contract/views.ts';
import type { SessionRecord } from '../../../electron/core/journal/index.ts';
import { journalFile, openJournal } from '../../../electron/core/journal/index.ts';
import { memorySecretStore } from '../../../electron/core/settings/index.ts';
import { eventually, PRODUCTION, startShell, valueOf, type Shell } from './shell-harness.ts';

let shell: Shell | undefined;
afterEach(async () => {
  await shell?.close();
  shell = undefined;
});

/** Whether something listens on a loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

const statuses = (s: Shell) => s.events.filter((e) => e.name === 'status').map((e) => (e.payload as AppStatus).state);

describe('the core host', () => {
  it('runs a fresh install on the embedded simulator, on a random loopback port, with no account', async () => {
    shell = await startShell();
    const url = shell.host.simulatorUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await listening(Number(new URL(url!).port))).toBe(true);
    expect(valueOf(await shell.call('getStatus'))).toEqual({
      environment: 'simulator',
      training: true,
      state: 'ready',
      message: null,
      online: true,
      payments: null,
      version: '0.1.0-test',
    });
    const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 1250, terminalId: '16000001' }));
    const settled = await shell.host.core().engine.settled(sale.sessionId);
    expect(settled).toMatchObject({ state: 'approved', amount: 1250, cashRegisterId: 'test-till' });
    expect(shell.events.some((e) => e.name === 'session' && (e.payload as SessionRecord).state === 'approved')).toBe(true);
  });

  it('runs recovery of earlier payments before it accepts one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecr-shell-'));
    // A payment journaled but never sent when the till stopped.
    const journal = openJournal({ dataDir: dir, environment: 'simulator' });
    journal.createSession({ sessionId: 'b3a3c0de-0000-4000-8000-00000000aaaa', kind: 'sale', amount: 700, currency: '978', terminalId: '16000001', cashRegisterId: 'test-till' });
    journal.close();
    shell = await startShell({ dataDir: dir });
    // By the time the host says ready, recovery has settled it: it never reached Viva.
    expect(statuses(shell)).toEqual(['starting', 'ready']);
    expect(valueOf<SessionRecord>(await shell.call('sessionStatus', { sessionId: 'b3a3c0de-0000-4000-8000-00000000aaaa' })).state).toBe('failed');
  });

  it('keeps the journal readable while demo or production has no credentials', async () => {
    shell = await startShell({ environment: 'production', secrets: memorySecretStore() });
    expect(valueOf<AppStatus>(await shell.call('getStatus'))).toMatchObject({ environment: 'production', training: false, state: 'needs-credentials' });
    expect(valueOf(await shell.call('listSessions', {}))).toEqual({ sessions: [], nextCursor: null });
    expect(await shell.call('startSale', { amount: 100, terminalId: '16000001' })).toMatchObject({ ok: false, error: { code: 'needs-credentials' } });
    expect(shell.host.simulatorUrl()).toBeNull();
    // Entering them rebuilds the core.
    valueOf(await shell.call('setCredentials', { environment: 'production', ...PRODUCTION }));
    expect(shell.host.status().state).toBe('ready');
    const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 100, terminalId: '16000002' }));
    expect((await shell.host.core().engine.settled(sale.sessionId)).state).toBe('approved');
    expect(shell.viva.control.sessions().map((s) => s.sessionId)).toContain(sale.sessionId);
  });

  it('switches environment: new journal, simulator stopped, status events in order', async () => {
    shell = await startShell();
    const simulatorPort = Number(new URL(shell.host.simulatorUrl()!).port);
    valueOf(await shell.call('updateSettings', { environment: 'production' }));
    expect(shell.host.status()).toMatchObject({ environment: 'production', state: 'ready', training: false });
    expect(shell.host.journal().file).toBe(journalFile(shell.dir, 'production'));
    expect(await listening(simulatorPort)).toBe(false);
    valueOf(await shell.call('updateSettings', { environment: 'simulator' }));
    expect(shell.host.simulatorUrl()).not.toBeNull();
    expect(statuses(shell)).toEqual(['starting', 'ready', 'starting', 'ready', 'starting', 'ready']);
  });

  it('refuses to switch while a payment is on a terminal, and changes nothing', async () => {
    shell = await startShell();
    // .01: the simulated customer waits until told.
    const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 1001, terminalId: '16000003' }));
    expect(sale.state).toBe('pending');
    const refused = await shell.call('updateSettings', { environment: 'demo', language: 'el' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'payment-in-progress' } });
    expect(shell.settings.read()).toMatchObject({ environment: 'simulator', language: 'en' });
    expect(await shell.call('setCredentials', { environment: 'demo', clientSecret: 'x-secret' })).toMatchObject({ ok: true });
    // Settings that do not touch the core are fine meanwhile.
    expect(await shell.call('updateSettings', { language: 'el' })).toMatchObject({ ok: true });
    valueOf(await shell.call('abortSession', { sessionId: sale.sessionId }));
    await eventually(() => shell!.host.journal().getSession(sale.sessionId)?.state === 'aborted', 'the abort');
    expect(await shell.call('updateSettings', { environment: 'demo' })).toMatchObject({ ok: true });
  });

  it('reports a core that cannot start, and keeps answering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecr-shell-'));
    writeFileSync(journalFile(dir, 'simulator'), 'this is not a SQLite database, just some text long enough to be read');
    shell = await startShell({ dataDir: dir });
    const status = valueOf<AppStatus>(await shell.call('getStatus'));
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/could not start/);
    expect(await shell.call('startSale', { amount: 100, terminalId: '16000001' })).toMatchObject({ ok: false, error: { code: 'core-failed' } });
    expect(await shell.call('getSettings')).toMatchObject({ ok: true });
  });

  it('shuts down gracefully: the core and the simulator are closed', async () => {
    shell = await startShell();
    const port = Number(new URL(shell.host.simulatorUrl()!).port);
    const journal = shell.host.journal();
    await shell.host.close();
    expect(shell.host.status().state).toBe('closed');
    expect(journal.isOpen).toBe(false);
    expect(await listening(port)).toBe(false);
    expect(await shell.call('startSale', { amount: 100, terminalId: '16000001' })).toMatchObject({ ok: false, error: { code: 'starting' } });
  });
});

