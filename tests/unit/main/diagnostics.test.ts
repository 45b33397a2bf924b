import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretValues } from '../../../electron/core/secret-values.ts';
import { manualClock } from '../../../electron/core/clock.ts';
import { defaultSettings, memorySecretStore } from '../../../electron/core/settings/index.ts';
import {
  createDiagnosticsCollector,
  credentialsState,
  readLogTails,
  renderDiagnostics,
  type AppInfo,
} from '../../../electron/main/diagnostics.ts';

const app: AppInfo = {
  name: 'Cloud ECR',
  version: '0.1.0',
  electron: '45.5.0',
  chrome: '140.0',
  node: '22.20.0',
  platform: 'linux',
  arch: 'x64',
  osRelease: '6.1',
  packaged: false,
};
const SECRET = 'prod-secret-0123456789';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0aWxsIn0.c2lnbmF0dXJl';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-diag-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the log tails', () => {
  it('takes the newest files first, whole lines only', () => {
    writeFileSync(join(dir, 'main.1.log'), 'older\n');
    writeFileSync(join(dir, 'main.2.log'), 'oldest\n');
    writeFileSync(join(dir, 'main.log'), `${'a'.repeat(50)}\nsecond line\nthird line\n`);
    writeFileSync(join(dir, 'notes.txt'), 'not a log');
    const tails = readLogTails(dir, 2, 30);
    expect(tails.map((t) => t.file)).toEqual(['main.log', 'main.1.log']);
    expect(tails[0]!.tail).toBe('second line\nthird line\n');
    expect(readLogTails(join(dir, 'missing'))).toEqual([]);
  });
});

describe('the diagnostics bundle', () => {
  it('carries versions, status, settings, the verify result and the logs, and no secret', async () => {
    writeFileSync(join(dir, 'main.log'), `[info] sale approved card 4111111111111111\n[warn] oops secret=${SECRET} Bearer ${JWT}\n`);
    const secrets = memorySecretStore({ production: { clientId: 'prod-id', clientSecret: SECRET }, demo: { clientId: 'demo-id' } });
    // The token was obtained by the running till: known by value, as the app's SecretValues knows it.
    const obtained = createSecretValues();
    obtained.add(JWT, 'token');
    const collect = createDiagnosticsCollector({
      host: {
        status: () => ({ environment: 'production', training: false, state: 'ready', message: null, online: true, payments: null, version: '0.1.0' }),
        journal: () => ({ environment: 'production', verify: () => ({ ok: true, events: 12, head: 'ab'.repeat(32), sessions: 4 }) }),
      },
      settings: { read: () => ({ ...defaultSettings({ hostname: 'till', timeZone: 'UTC' }), environment: 'production' }) },
      secrets,
      logsDir: dir,
      app,
      clock: manualClock(Date.parse('2026-11-26T10:00:00.000Z')),
      secretValues: obtained,
    });
    const text = await collect();
    const bundle = JSON.parse(text);
    expect(bundle).toMatchObject({
      format: 'cloud-ecr-diagnostics/1',
      generatedAt: '2026-11-26T10:00:00.000Z',
      app: { version: '0.1.0', electron: '45.5.0' },
      status: { environment: 'production', state: 'ready' },
      settings: { environment: 'production', cashRegisterId: 'till' },
      vivaAccount: { production: 'set', demo: 'incomplete' },
      journal: { environment: 'production', verify: { ok: true, events: 12 } },
    });
    expect(bundle.logs[0].tail).toContain('sale approved');
    for (const secret of [SECRET, JWT, '4111111111111111']) expect(text).not.toContain(secret);
  });

  it('says what failed instead of failing the export', async () => {
    const collect = createDiagnosticsCollector({
      host: {
        status: () => {
          throw new Error('no status');
        },
        journal: () => {
          throw new Error('The journal is damaged');
        },
      },
      settings: {
        read: () => {
          throw new Error('settings unreadable');
        },
      },
      secrets: {
        get: async () => Promise.reject(new Error('keychain locked')),
        set: async () => {},
        delete: async () => {},
        getHeadOfficePassword: async () => Promise.reject(new Error('keychain locked')),
        setHeadOfficePassword: async () => {},
        deleteHeadOfficePassword: async () => {},
      },
      logsDir: join(dir, 'none'),
      app,
    });
    const bundle = JSON.parse(await collect());
    expect(bundle).toMatchObject({
      status: null,
      settings: { error: 'settings unreadable' },
      journal: { environment: 'unknown', error: 'The journal is damaged' },
      vivaAccount: { demo: 'not set', production: 'not set' },
      logs: [],
    });
  });

  it('cuts every known secret out of the finished text, even one hidden in an unexpected place', () => {
    const text = renderDiagnostics(
      {
        generatedAt: 'x',
        app,
        status: null,
        settings: { error: `failed near "${SECRET}"` },
        vivaAccount: { demo: 'not set', production: 'set' },
        journal: { environment: 'demo', error: 'none' },
        logs: [{ file: 'main.log', tail: `weird ${SECRET} line` }],
      },
      [SECRET, 'line'],
    );
    expect(text).not.toContain(SECRET);
    // Too short to be a real secret: ordinary text is left alone.
    expect(text).toContain('weird [redacted] line');
  });

  it('describes credentials only as set, incomplete or not set', () => {
    expect(credentialsState({ clientId: 'id', hasClientSecret: true })).toBe('set');
    expect(credentialsState({ clientId: null, hasClientSecret: true })).toBe('incomplete');
    expect(credentialsState({ clientId: null, hasClientSecret: false })).toBe('not set');
  });
});
