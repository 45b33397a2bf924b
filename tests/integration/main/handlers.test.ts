import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttentionItem } from '../../../electron/domain/attention.ts';
import type { DeviceView, DiagnosticsExport, SessionDetail, SettingsView } from '../../../electron/contract/views.ts';
import type { SessionPage, SessionRecord, VerifyResult } from '../../../electron/core/journal/index.ts';
import type { NeverEndingDiagnosis, Refundable } from '../../../electron/core/payments/index.ts';
import type { ConnectionTestResult, SecretStore } from '../../../electron/core/settings/index.ts';
import { keytarSecretStore } from '../../../electron/main/secret-store.ts';
import { DEMO, PRODUCTION, eventually, startShell, valueOf, type Shell } from './shell-harness.ts';

let shell: Shell | undefined;
afterEach(async () => {
  await shell?.close();
  shell = undefined;
});

async function approvedSale(s: Shell, amount = 2000, extra: Record<string, unknown> = {}): Promise<SessionRecord> {
  const sale = valueOf<SessionRecord>(await s.call('startSale', { amount, terminalId: '16000001', ...extra }));
  return s.host.core().engine.settled(sale.sessionId);
}

describe('payment channels', () => {
  it('sells on the default terminal, and asks for one when none is set', async () => {
    shell = await startShell();
    expect(await shell.call('startSale', { amount: 500 })).toMatchObject({ ok: false, error: { code: 'no-terminal' } });
    valueOf(await shell.call('updateSettings', { defaultTerminalId: '16000002' }));
    const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 500, tipAmount: 50, merchantReference: 'table 4' }));
    expect(sale).toMatchObject({ terminalId: '16000002', amount: 500, tipAmount: 50, merchantReference: 'table 4', currencyCode: '978' });
    expect((await shell.host.core().engine.settled(sale.sessionId)).state).toBe('approved');
  });

  it('refunds part of a sale on its terminal, and says how much is left', async () => {
    shell = await startShell();
    const sale = await approvedSale(shell);
    const refund = valueOf<SessionRecord>(await shell.call('startRefund', { parentSessionId: sale.sessionId, amount: 800 }));
    expect(refund).toMatchObject({ kind: 'refund', terminalId: '16000001', parentSessionId: sale.sessionId });
    expect((await shell.host.core().engine.settled(refund.sessionId)).state).toBe('approved');
    expect(valueOf<Refundable>(await shell.call('refundable', { sessionId: sale.sessionId }))).toMatchObject({ total: 2000, refunded: 800, remaining: 1200 });
    expect(await shell.call('startRefund', { parentSessionId: sale.sessionId, amount: 1201 })).toMatchObject({ ok: false, error: { code: 'refund-exceeds-remaining' } });
  });

  it('runs unreferenced refunds, pre-authorisations and their completion', async () => {
    shell = await startShell();
    valueOf(await shell.call('updateSettings', { defaultTerminalId: '16000003' }));
    const unreferenced = valueOf<SessionRecord>(await shell.call('startUnreferencedRefund', { amount: 300 }));
    expect(unreferenced).toMatchObject({ kind: 'unreferenced-refund', terminalId: '16000003' });
    await shell.host.core().engine.settled(unreferenced.sessionId);
    const preauth = await approvedSale(shell, 5000, { preauth: true });
    expect(preauth).toMatchObject({ kind: 'preauth', state: 'approved' });
    const completion = valueOf<SessionRecord>(await shell.call('completePreauth', { parentSessionId: preauth.sessionId, amount: 4200 }));
    expect(completion).toMatchObject({ kind: 'preauth-completion', amount: 4200 });
  });

  it('aborts, checks again, and settles an unknown payment by hand', async () => {
    shell = await startShell();
    const waiting = valueOf<SessionRecord>(await shell.call('startSale', { amount: 1001, terminalId: '16000001' }));
    expect(valueOf<SessionRecord[]>(await shell.call('openSessions')).map((s) => s.sessionId)).toEqual([waiting.sessionId]);
    valueOf(await shell.call('abortSession', { sessionId: waiting.sessionId }));
    expect((await shell.host.core().engine.settled(waiting.sessionId)).state).toBe('aborted');
    expect(await shell.call('abortSession', { sessionId: waiting.sessionId })).toMatchObject({ ok: false, error: { code: 'not-abortable' } });
    expect(valueOf<SessionRecord>(await shell.call('checkAgain', { sessionId: waiting.sessionId })).sessionId).toBe(waiting.sessionId);
    // .04: never delivered; past the deadline and the abort grace the outcome is unknown.
    const lost = valueOf<SessionRecord>(await shell.call('startSale', { amount: 1004, terminalId: '16000002' }));
    expect((await shell.host.core().engine.settled(lost.sessionId)).state).toBe('unknown');
    const resolved = valueOf<SessionRecord>(
      await shell.call('resolveSession', { sessionId: lost.sessionId, outcome: 'declined', reason: 'terminal showed declined', operator: 'Maria' }),
    );
    expect(resolved).toMatchObject({ state: 'declined', resolution: 'operator', resolvedBy: 'Maria' });
  });
});

describe('instalments and sessions that never end', () => {
  it('passes maxInstalments to the engine, and refuses a bad one before it', async () => {
    shell = await startShell();
    const engine = shell.host.core().engine;
    const seen: unknown[] = [];
    const sale = engine.sale.bind(engine);
    engine.sale = (input) => {
      seen.push(input);
      return sale(input);
    };
    valueOf(await shell.call('startSale', { amount: 30000, terminalId: '16000001', maxInstalments: 6 }));
    expect(seen).toEqual([expect.objectContaining({ maxInstalments: 6 })]);
    expect(await shell.call('startSale', { amount: 100, terminalId: '16000001', maxInstalments: -1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(seen).toHaveLength(1);
  });

  it('diagnoses a never-delivered sale and journals the evidence with the operator\'s resolution', async () => {
    shell = await startShell({ engine: { neverDeliveredAfterMs: 300 } });
    const s = shell;
    const lost = valueOf<SessionRecord>(await s.call('startSale', { amount: 1004, terminalId: '16000002' }));
    expect(valueOf(await s.call('diagnoseSession', { sessionId: lost.sessionId }))).toBeNull();
    const until = Date.now() + 5_000;
    let diagnosis: NeverEndingDiagnosis | null = null;
    while (diagnosis?.recommendation !== 'resolve-as-failed' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      diagnosis = valueOf<NeverEndingDiagnosis | null>(await s.call('diagnoseSession', { sessionId: lost.sessionId }));
    }
    expect(diagnosis).toMatchObject({ recommendation: 'resolve-as-failed', dayLists: { result: 'absent' } });
    const resolved = valueOf<SessionRecord>(
      await s.call('resolveSession', { sessionId: lost.sessionId, outcome: 'failed', reason: 'never delivered', operator: 'Maria' }),
    );
    expect(resolved.state).toBe('failed');
    expect(s.host.journal().eventsOf(lost.sessionId).at(-1)?.payload).toMatchObject({ evidence: { recommendation: 'resolve-as-failed' } });
  });
});

describe('journal channels', () => {
  it('pages, filters, details and verifies', async () => {
    shell = await startShell();
    const first = await approvedSale(shell, 1000);
    const second = await approvedSale(shell, 1100);
    const page = valueOf<SessionPage>(await shell.call('listSessions', { limit: 1 }));
    expect(page.sessions.map((s) => s.sessionId)).toEqual([second.sessionId]);
    const next = valueOf<SessionPage>(await shell.call('listSessions', { limit: 1, cursor: page.nextCursor }));
    expect(next.sessions.map((s) => s.sessionId)).toEqual([first.sessionId]);
    expect(valueOf<SessionPage>(await shell.call('listSessions', { states: ['declined'] })).sessions).toEqual([]);
    expect(await shell.call('listSessions', { cursor: 'forged' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await shell.call('listSessions', { businessDay: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid-business-day' } });
    const detail = valueOf<SessionDetail>(await shell.call('getSession', { sessionId: first.sessionId }));
    expect(detail.session.state).toBe('approved');
    expect(detail.events.map((e) => e.type)[0]).toBe('created');
    expect(valueOf(await shell.call('getSession', { sessionId: 'no-such-session' }))).toBeNull();
    expect(valueOf(await shell.call('sessionStatus', { sessionId: 'no-such-session' }))).toBeNull();
    expect(valueOf<VerifyResult>(await shell.call('verifyJournal'))).toMatchObject({ ok: true, sessions: 2 });
  });
});

describe('the attention list', () => {
  it('answers a read with the list it pushes: a failed automatic backup included', async () => {
    shell = await startShell();
    // A backup folder inside a plain file: every backup fails.
    const notAFolder = join(shell.dir, 'usb-stick');
    closeSync(openSync(notAFolder, 'w'));
    valueOf(await shell.call('updateSettings', { backupFolder: join(notAFolder, 'backups'), backupHour: 0 }));
    expect(await shell.host.core().backups.tick()).toMatchObject({ ok: false, error: { code: 'folder-unwritable' } });
    const pushed = await eventually(
      () => shell?.events.findLast((e) => e.name === 'attention' && (e.payload as AttentionItem[]).length > 0)?.payload as AttentionItem[] | undefined,
      'the attention event with the failed backup',
    );
    expect(pushed).toMatchObject([{ kind: 'backup-failed', backup: { code: 'folder-unwritable', trigger: 'daily' } }]);
    expect(valueOf<AttentionItem[]>(await shell.call('attentionList'))).toEqual(pushed);
  });
});

describe('devices, settings, credentials and the connection test', () => {
  it('lists the terminals', async () => {
    shell = await startShell();
    const devices = valueOf<DeviceView[]>(await shell.call('searchDevices'));
    expect(devices.map((d) => [d.terminalId, d.live])).toEqual([
      ['16000001', true],
      ['16000002', true],
      ['16000003', true],
    ]);
    expect(valueOf<DeviceView[]>(await shell.call('searchDevices', { statusId: 0 }))).toEqual([]);
  });

  it('reads settings with credential status, and refuses bad settings field by field', async () => {
    shell = await startShell();
    const view = valueOf<SettingsView>(await shell.call('getSettings'));
    expect(view).toMatchObject({
      settings: { environment: 'simulator', cashRegisterId: 'test-till' },
      credentials: { production: { clientId: PRODUCTION.clientId, hasClientSecret: true }, demo: { clientId: DEMO.clientId, hasClientSecret: true } },
      keychainAvailable: true,
    });
    const refused = await shell.call('updateSettings', { currency: 'ZZZ', businessDayTimeZone: 'Nowhere/Land' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-settings' } });
    expect(!refused.ok && refused.error.fields?.map((f) => f.path).sort()).toEqual(['businessDayTimeZone', 'currency']);
    expect(shell.settings.read().currency).toBe('EUR');
    // A core setting rebuilds the core with it.
    valueOf(await shell.call('updateSettings', { currency: 'GBP', cashRegisterId: 'TILL-2' }));
    const sale = valueOf<SessionRecord>(await shell.call('startSale', { amount: 100, terminalId: '16000001' }));
    expect(sale).toMatchObject({ currencyCode: '826', cashRegisterId: 'TILL-2' });
  });

  it('stores and clears credentials, and tests the connection of each environment', async () => {
    shell = await startShell();
    expect(valueOf<ConnectionTestResult>(await shell.call('testConnection'))).toMatchObject({ ok: true, outcome: 'ok' });
    expect(valueOf<ConnectionTestResult>(await shell.call('testConnection', { environment: 'production' }))).toMatchObject({ ok: true });
    valueOf(await shell.call('setCredentials', { environment: 'production', clientSecret: 'a-wrong-secret-123' }));
    expect(valueOf<ConnectionTestResult>(await shell.call('testConnection', { environment: 'production' }))).toMatchObject({ outcome: 'bad-credentials' });
    const cleared = valueOf<SettingsView>(await shell.call('clearCredentials', { environment: 'production' }));
    expect(cleared.credentials.production).toEqual({ clientId: null, hasClientSecret: false });
    expect(valueOf<ConnectionTestResult>(await shell.call('testConnection', { environment: 'production' }))).toMatchObject({ outcome: 'not-configured' });
    for (const terminal of shell.viva.control.terminals()) shell.viva.control.configureTerminal(terminal.terminalId, { statusId: 6 });
    expect(valueOf<ConnectionTestResult>(await shell.call('testConnection', { environment: 'demo' }))).toMatchObject({ outcome: 'no-live-devices' });
  });

  it('says so when the keychain cannot be read, instead of failing the settings screen', async () => {
    const unavailable = async () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files'));
    const broken: SecretStore = keytarSecretStore({ keychain: { getPassword: unavailable, setPassword: unavailable, deletePassword: unavailable } });
    shell = await startShell({ secrets: broken });
    expect(valueOf<SettingsView>(await shell.call('getSettings'))).toMatchObject({ keychainAvailable: false, credentials: { demo: { hasClientSecret: false } } });
    expect(await shell.call('setCredentials', { environment: 'demo', clientSecret: 'x-secret' })).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } });
  });
});

describe('diagnostics and links', () => {
  it('exports diagnostics where the save dialog says, or nothing when it is cancelled', async () => {
    shell = await startShell({ saveAs: null });
    expect(valueOf<DiagnosticsExport>(await shell.call('exportDiagnostics'))).toEqual({ saved: false, file: null });
    expect(shell.written.size).toBe(0);
    shell.dialogs.answer = 'support.json';
    await approvedSale(shell);
    const saved = valueOf<DiagnosticsExport>(await shell.call('exportDiagnostics'));
    expect(saved).toEqual({ saved: true, file: join(shell.dir, 'support.json') });
    expect(shell.dialogs.calls[1]).toMatchObject({ title: 'Export diagnostics', defaultName: expect.stringMatching(/^cloud-ecr-diagnostics-\d{8}-\d{6}\.json$/) });
    const bundle = JSON.parse(readFileSync(saved.file!, 'utf8'));
    expect(bundle).toMatchObject({ app: { version: '0.1.0-test' }, status: { state: 'ready' }, journal: { environment: 'simulator', verify: { ok: true } } });
    expect(bundle.logs[0].file).toBe('main.log');
    expect(bundle.logs[0].tail).toContain('core ready');
  });

  it('reports a file that cannot be written', async () => {
    shell = await startShell({ saveAs: 'no-such-folder/diagnostics.json' });
    const result = await shell.call('exportDiagnostics');
    expect(result).toMatchObject({ ok: false, error: { code: 'save-failed' } });
    expect(existsSync(join(shell.dir, 'no-such-folder'))).toBe(false);
  });

  it('opens https links in the browser, and nothing else', async () => {
    shell = await startShell();
    expect(valueOf(await shell.call('openExternal', { url: 'https://www.viva.com/' }))).toEqual({ opened: true });
    for (const url of ['http://www.viva.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(await shell.call('openExternal', { url })).toMatchObject({ ok: false, error: { code: 'not-https' } });
    }
    expect(shell.opened).toEqual(['https://www.viva.com/']);
  });
});
