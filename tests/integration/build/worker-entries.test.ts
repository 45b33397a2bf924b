import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../../electron/core/journal/index.ts';
import { csvSlice, pagesOf } from '../../../electron/core/reports/export/csv-format.ts';
import { workerUrl } from '../../../electron/core/worker-url.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';
import { tempDir } from '../../unit/journal/helpers.ts';

/**
 * The packaged app starts its worker threads from out/main (design.md §8: the export uses every
 * core it is given, the packaged app included). Built here into a folder of its own, inside the
 * repository so the bundle's external packages resolve from its node_modules.
 */
const root = join(import.meta.dirname, '..', '..', '..');
let out: string;

beforeAll(() => {
  // A fresh clone has no node_modules/.cache yet.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  out = mkdtempSync(join(root, 'node_modules', '.cache', 'worker-entries-'));
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const build = spawnSync(process.execPath, [bin, 'build', '--outDir', out, '--logLevel', 'error'], { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  expect(build.status, build.stderr).toBe(0);
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the built worker entries', () => {
  it('are files in out/main where every chunk that starts them looks', () => {
    const main = join(out, 'main');
    for (const name of ['csv-worker', 'integrity-worker', 'push-worker']) {
      const starters = readdirSync(main).filter((file) => file.endsWith('.js') && file !== `${name}.js` && new RegExp(`['"]${name}['"]`).test(readFileSync(join(main, file), 'utf8')));
      expect(starters.length, name).toBeGreaterThan(0);
      for (const chunk of starters) {
        const url = workerUrl(pathToFileURL(join(main, chunk)).href, `./${name}.ts`, name);
        expect(existsSync(url), `${chunk} -> ${url.href}`).toBe(true);
      }
    }
  });

  it('run: the built CSV worker writes the same bytes as the source, the integrity worker answers', async () => {
    const dataDir = tempDir();
    const journal = openJournal({ dataDir, environment: 'simulator', businessDay: { timeZone: 'Europe/Athens', cutoffHour: 4 } });
    try {
      seedJournal(journal, { sessions: 300, days: 3, terminals: 2, startMs: Date.UTC(2025, 0, 1), random: seededRandom(5) });
      const job = { id: 1, fromDay: '2025-01-01', toDay: '2025-01-03' };
      const expected = await csvSlice({ nextPage: pagesOf(journal, job.fromDay, job.toDay, 50), timeZone: 'Europe/Athens', first: false });

      const csv = new Worker(new URL('./csv-worker.js', pathToFileURL(join(out, 'main', 'index.js'))), { workerData: { file: journal.file, timeZone: 'Europe/Athens', pageSize: 50 } });
      const answer = await new Promise<{ id: number; rows: number; bytes: Uint8Array }>((resolve, reject) => {
        csv.once('message', resolve);
        csv.once('error', reject);
        csv.postMessage(job);
      });
      await csv.terminate();
      expect(answer.rows).toBe(expected.rows);
      expect(Buffer.from(answer.bytes).equals(expected.bytes)).toBe(true);

      const integrity = new Worker(new URL('./integrity-worker.js', pathToFileURL(join(out, 'main', 'index.js'))), { workerData: { file: journal.file, check: 'quick_check' } });
      const checked = await new Promise<{ result?: { ok: boolean } }>((resolve, reject) => {
        integrity.once('message', resolve);
        integrity.once('error', reject);
      });
      await integrity.terminate();
      expect(checked.result?.ok).toBe(true);
    } finally {
      journal.close();
    }
  }, 60_000);
});
