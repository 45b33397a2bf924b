import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { journalFile, LATEST_SCHEMA_VERSION, openJournal, type BusinessDayConfig } from '../../electron/core/journal/index.ts';
import { seedJournal, seededRandom } from '../support/seed.ts';

/**
 * The million-session journal the journal benchmarks run on. Seeding it takes minutes, so it is
 * built once into a cache folder and reused; the key names everything that decides its content
 * (schema version, seed parameters, and a hash of the generator's source), so a change to any of
 * them builds a new file instead of benchmarking a stale one.
 */
export interface SeedParameters {
  sessions: number;
  days: number;
  terminals: number;
  /** Midnight UTC of the first day. */
  startMs: number;
  /** For seededRandom(): the same seed gives the same file. */
  seed: number;
  businessDay: BusinessDayConfig;
}

/** About three years of a busy till: ~913 sessions a day on 3 terminals, 1,095 days. */
export const MILLION: SeedParameters = {
  sessions: 1_000_000,
  days: 1095,
  terminals: 3,
  startMs: Date.UTC(2023, 0, 2),
  seed: 20_240_601,
  businessDay: { timeZone: 'Europe/Athens', cutoffHour: 4 },
};

export const ENVIRONMENT = 'simulator';

export interface CachedJournal {
  /** The data folder holding journal-simulator.sqlite (treat as read-only: copy before writing). */
  dataDir: string;
  file: string;
  key: string;
  /** Set when this call had to build the file. */
  seeded?: { ms: number; events: number };
  /** Set when this call found the same journal cached at an older schema and migrated it. */
  migrated?: { ms: number; fromVersion: number };
}

const SEED_SOURCE = new URL('../support/seed.ts', import.meta.url);

export function cacheKey(params: SeedParameters, schema = LATEST_SCHEMA_VERSION): string {
  // Import lines aside: moving the generator (or a module it names) changes nothing it writes.
  const source = readFileSync(SEED_SOURCE, 'utf8').replace(/^import .*$/gm, '');
  const digest = createHash('sha256').update(JSON.stringify(params)).update(source).digest('hex').slice(0, 10);
  return `schema${schema}-${params.sessions}s-${params.days}d-${params.terminals}t-${digest}`;
}

/**
 * The same journal cached by an earlier schema, brought up to this one by openJournal() as a
 * till's own file is at its first start after an upgrade (and timed: that is the migration's
 * cost at this size). Same seed, same generator: the rows are what a new seed would write.
 */
function migrateOlder(options: { cacheRoot: string; params: SeedParameters; log: (line: string) => void }): CachedJournal | undefined {
  const { cacheRoot, params, log } = options;
  for (let version = LATEST_SCHEMA_VERSION - 1; version >= 1; version -= 1) {
    const older = join(cacheRoot, cacheKey(params, version));
    if (!existsSync(journalFile(older, ENVIRONMENT))) continue;
    log(`migrating the cached journal ${cacheKey(params, version)} to schema ${LATEST_SCHEMA_VERSION} (once; later runs reuse it)`);
    const started = performance.now();
    openJournal({ dataDir: older, environment: ENVIRONMENT, businessDay: params.businessDay, integrityCheck: 'skip' }).close();
    const ms = performance.now() - started;
    const key = cacheKey(params);
    const dataDir = join(cacheRoot, key);
    renameSync(older, dataDir);
    return { dataDir, file: journalFile(dataDir, ENVIRONMENT), key, migrated: { ms, fromVersion: version } };
  }
  return undefined;
}

/**
 * Returns the cached journal for these parameters, seeding it first if it is missing. A file is
 * built under a temporary name and renamed only once complete and closed (checkpointed, no WAL
 * beside it), so an interrupted run never leaves a half-seeded file that looks finished. Other
 * keys' files are removed when a new one is built: each is about 3 GB.
 */
export function ensureSeededJournal(options: {
  cacheRoot: string;
  params: SeedParameters;
  log: (line: string) => void;
  reseed?: boolean;
}): CachedJournal {
  const { cacheRoot, params, log } = options;
  const key = cacheKey(params);
  const dataDir = join(cacheRoot, key);
  const file = journalFile(dataDir, ENVIRONMENT);
  if (!options.reseed && existsSync(file)) return { dataDir, file, key };
  const migrated = options.reseed ? undefined : migrateOlder(options);
  if (migrated) return migrated;

  mkdirSync(cacheRoot, { recursive: true });
  for (const entry of readdirSync(cacheRoot)) rmSync(join(cacheRoot, entry), { recursive: true, force: true });
  const building = join(cacheRoot, `${key}.building-${process.pid}`);
  log(`seeding ${params.sessions.toLocaleString('en-US')} sessions into ${dataDir} (once; later runs reuse it)`);
  const journal = openJournal({ dataDir: building, environment: ENVIRONMENT, businessDay: params.businessDay });
  let result: ReturnType<typeof seedJournal>;
  const started = performance.now();
  let nextReport = 100_000;
  try {
    result = seedJournal(journal, {
      sessions: params.sessions,
      days: params.days,
      terminals: params.terminals,
      startMs: params.startMs,
      random: seededRandom(params.seed),
      onProgress: (written) => {
        if (written < nextReport) return;
        nextReport += 100_000;
        log(`seeding: ${written.toLocaleString('en-US')} sessions after ${((performance.now() - started) / 1000).toFixed(0)} s`);
      },
    });
  } finally {
    journal.close();
  }
  renameSync(building, dataDir);
  return { dataDir, file, key, seeded: { ms: performance.now() - started, events: result.events } };
}
