import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SERVER_VERSION } from '../../../electron/core/headoffice/index.ts';
import { openJournal } from '../../../electron/core/journal/index.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { runEcr } from '../cli/run-ecr.ts';

let server: TestPostgres;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tillWith(sessions: number, seed: number): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecr-cli-ho-'));
  dirs.push(dataDir);
  const journal = openJournal({ dataDir, environment: 'simulator' });
  seedJournal(journal, { sessions, days: 1, terminals: 1, startMs: Date.UTC(2026, 10, 1), random: seededRandom(seed) });
  journal.close();
  return dataDir;
}

describe('ecr headoffice migrate | push | status | verify', () => {
  it('exit codes and messages, the password never printed', async () => {
    // Trust auth accepts any password: the URL carries one only to show it is never printed.
    const url = server.url.replace('postgres@', 'postgres:Pw-9x7q@');
    const migrated = await runEcr(['headoffice', 'migrate', '--url', url]);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain(`schema version 0 -> ${LATEST_SERVER_VERSION}`);
    expect((await runEcr(['headoffice', 'migrate', '--url', url])).stdout).toContain(`up to date (version ${LATEST_SERVER_VERSION})`);

    const dataDir = tillWith(40, 1);
    const env = { ECR_DATA_DIR: dataDir, ECR_HEADOFFICE_URL: url, ECR_SHOP: 'athens-1', ECR_TILL_ID: 'till-1' };
    const pushed = await runEcr(['headoffice', 'push', '--json'], env);
    expect(pushed.code, pushed.stderr).toBe(0);
    const result = JSON.parse(pushed.stdout);
    expect(result.stored).toBeGreaterThan(40);
    expect(result.acked).toEqual(result.head);

    const status = await runEcr(['headoffice', 'status', '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject([{ tillId: 'till-1', shop: 'athens-1', lag: 0, acked: result.head }]);
    expect(await runEcr(['headoffice', 'verify'], env)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^till-1: intact/) });

    // Another machine with the same till id.
    const other = await runEcr(['headoffice', 'push'], { ...env, ECR_DATA_DIR: tillWith(5, 2) });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/another installation.*\(till-claimed\)/);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(`SET session_replication_role = replica; UPDATE ecr_headoffice.events SET type = 'approved' WHERE event_id = 3; SET session_replication_role = DEFAULT;`);
    await client.end();
    const broken = await runEcr(['headoffice', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/till-1: BROKEN at event 3/);

    const unreachable = await runEcr(['headoffice', 'status', '--url', 'postgres://ecr:Pw-9x7q@127.0.0.1:1/ho']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/\(unreachable\)/);
    const insecure = await runEcr(['headoffice', 'push', '--url', 'postgres://ecr:Pw-9x7q@ho.example.com/ho'], env);
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toMatch(/does not require TLS/);
    for (const run of [migrated, pushed, status, other, broken, unreachable, insecure]) expect(run.stdout + run.stderr).not.toContain('Pw-9x7q');
  }, 90_000); // about fifteen `ecr` processes, each a Node start-up: seconds apiece on a loaded machine
});
