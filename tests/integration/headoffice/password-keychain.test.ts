import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { migrateHeadOffice, parseHeadOfficeUrl, verifyHeadOffice, withPassword } from '../../../electron/core/headoffice/index.ts';
import { recordingLogger } from '../../../electron/core/logger.ts';
import { createSecretValues } from '../../../electron/core/secret-values.ts';
import { settingsPatchSchema } from '../../../electron/core/settings/schema.ts';
import { startSimulator, type RunningSimulator } from '../../../electron/core/simulator/index.ts';
import { customEndpoints } from '../../../electron/core/viva/index.ts';
import { headOfficeKeychainService, keytarSecretStore } from '../../../electron/main/secret-store.ts';
import { startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { FAST } from '../payments/harness.ts';

/**
 * The head office's password lives in the OS keychain (the real one: scripts/test.js runs the
 * tests inside a throwaway gnome-keyring on Linux), reaches the server only inside the push, and
 * nowhere else: not the settings, the logs, the journal, the push status file.
 */
const PASSWORD = `Ho-${randomUUID()}`;
const WRONG = `Wrong-${randomUUID()}`;
const product = `Cloud ECR test ${randomUUID().slice(0, 8)}`;
let server: TestPostgres;
let simulator: RunningSimulator;
let core: Core | undefined;
let dir: string;

beforeAll(async () => {
  server = await startPostgres({ password: PASSWORD });
  simulator = await startSimulator({ port: 0, customerTimeMs: 30, early404Ms: 0 });
  dir = mkdtempSync(join(tmpdir(), 'ecr-ho-keychain-'));
}, 60_000);

afterAll(async () => {
  await core?.close();
  await simulator?.close();
  await server?.stop();
  await keytar.deletePassword(headOfficeKeychainService(product), 'password');
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the head-office password', () => {
  it('is kept in the keychain, used by the background push, and appears nowhere else', async () => {
    // The server really requires it: without it, nothing connects.
    await expect(migrateHeadOffice(parseHeadOfficeUrl(server.url))).rejects.toMatchObject({ code: 'auth-failed' });
    await migrateHeadOffice(parseHeadOfficeUrl(withPassword(server.url, PASSWORD)));

    const store = keytarSecretStore({ product });
    await expect(store.setHeadOfficePassword('short')).rejects.toMatchObject({ code: 'invalid-secret' });
    await store.setHeadOfficePassword(PASSWORD);
    expect(await keytar.getPassword(headOfficeKeychainService(product), 'password')).toBe(PASSWORD);
    // Settings refuse a URL that carries one.
    expect(settingsPatchSchema.safeParse({ headOfficeUrl: withPassword(server.url, PASSWORD) }).success).toBe(false);

    // As in the app: the log sink cuts out the same secret values the core learns.
    const secretValues = createSecretValues();
    const logger = recordingLogger(secretValues);
    core = createCore({
      dataDir: dir,
      environment: 'simulator',
      connection: { endpoints: customEndpoints({ apiUrl: simulator.url, accountsUrl: simulator.url }), credentials: simulator.credentials },
      cashRegisterId: 'REG-K',
      businessDay: { timeZone: 'UTC', cutoffHour: 0 },
      engine: { ...FAST, deadlineMs: 10_000 },
      logger,
      secretValues,
      headOffice: () => ({ url: server.url, shop: 'athens-1', tillId: 'till-k' }),
      headOfficePassword: () => store.getHeadOfficePassword(),
      headOfficePush: { debounceMs: 50, intervalMs: 60_000, retryMs: 100 },
    });
    await core.start();
    const sale = await core.engine.sale({ amount: 4200, terminalId: '16000001' });
    await core.engine.settled(sale.sessionId);
    const c = core;
    await until('the push', () => c.headOffice.status().lag === 0);
    const [verified] = await verifyHeadOffice({ url: withPassword(server.url, PASSWORD), tillId: 'till-k', localHead: c.journal.head() });
    expect(verified).toMatchObject({ ok: true, events: c.journal.head().events });

    // A wrong password in the keychain is a status code, not a crash, and is not shown either.
    await store.setHeadOfficePassword(WRONG);
    const afterWrong = await c.headOffice.pushNow();
    expect(afterWrong.lastError).toMatchObject({ code: 'auth-failed' });
    logger.error('a line that quotes the password by mistake', { detail: `pw=${PASSWORD} and ${WRONG}` });

    const haystacks: [string, string][] = [
      ['logs', JSON.stringify(logger.records)],
      ['status', JSON.stringify(c.headOffice.status())],
      ...readdirSync(dir).map((file): [string, string] => [file, readFileSync(join(dir, file)).toString('latin1')]),
    ];
    expect(haystacks.length).toBeGreaterThan(2);
    for (const [where, text] of haystacks) {
      expect(text.includes(PASSWORD), `${where} holds the password`).toBe(false);
      expect(text.includes(WRONG), `${where} holds the wrong password`).toBe(false);
    }
    // The redaction is by value: the mistaken line was cut, not dropped.
    expect(JSON.stringify(logger.records)).toContain('a line that quotes the password by mistake');
  }, 60_000);
});
