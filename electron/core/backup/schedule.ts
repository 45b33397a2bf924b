import { readdirSync } from 'node:fs';
import type { Clock } from '../clock.ts';
import { formatDay, wallClockOf } from '../../domain/business-day.ts';
import type { Journal } from '../journal/index.ts';
import { nullLogger, type Logger } from '../logger.ts';
import { createBackup, type BackupResult, type BackupTrigger } from './create-backup.ts';
import type { BackupErrorCode } from './errors.ts';
import { parseBackupFileName } from './names.ts';
import type { BackupSettings } from './settings.ts';

export interface BackupScheduleOptions {
  journal: Journal;
  clock: Clock;
  /** Read at every decision, so a changed folder or hour applies without rebuilding the core; null: backups off. */
  settings: () => BackupSettings | null;
  logger?: Logger;
  /** How often the daily hour is looked for. */
  tickMs?: number;
}

export interface BackupFailure {
  /** UTC ISO 8601 of the failed attempt. */
  at: string;
  trigger: BackupTrigger;
  code: BackupErrorCode;
}

export interface BackupSchedule {
  /** After a Close day: a backup named for its Z report. Never throws; resolves to the result (null: no folder set). */
  afterCloseDay(zNumber: number | undefined): Promise<BackupResult | null>;
  /** The daily backup, if its hour has come and today's is not taken yet (the timer calls this). */
  tick(): Promise<BackupResult | null>;
  /** The last automatic backup's result, for End of day and an attention item. */
  last(): BackupResult | null;
  /**
   * The attention item's fact: the last automatic backup failed (no backup has succeeded since),
   * with when, why (a code) and which trigger; null while the last one succeeded or none ran yet.
   */
  failure(): BackupFailure | null;
  onResult(listener: (result: BackupResult) => void): () => void;
  /** Stops the timer and waits for a backup under way (it reads the journal's connection). */
  stop(): Promise<void>;
}

/**
 * The automatic backups: one at every Close day and one a day at the configured hour (in the
 * shop's time zone), when a backup folder is set. Backups run one at a time, in the background:
 * a Close day or a payment never waits for one, and a failure is a result (last(), onResult),
 * never an exception.
 */
export function createBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const { journal, clock } = options;
  const logger = options.logger ?? nullLogger;
  const listeners = new Set<(result: BackupResult) => void>();
  let last: BackupResult | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let dailyDoneFor: string | null = null;
  let stopped = false;
  const timer = setInterval(() => void schedule.tick(), options.tickMs ?? 60_000);
  timer.unref();

  function run(trigger: BackupTrigger, zNumber?: number): Promise<BackupResult | null> {
    const next = running.then(async () => {
      const settings = options.settings();
      if (stopped || !settings) return null;
      const result = await createBackup({ journal, toDir: settings.folder, clock, logger, trigger, keep: settings.keep, ...(zNumber ? { zNumber } : {}) });
      last = result;
      for (const listener of listeners) {
        try {
          listener(result);
        } catch (error) {
          logger.error('a backup listener failed', { error: String(error) });
        }
      }
      return result;
    });
    running = next.catch(() => {});
    return next.catch((error: unknown) => {
      logger.error('the automatic backup could not run', { error: String(error) });
      return null;
    });
  }

  const schedule: BackupSchedule = {
    afterCloseDay: (zNumber) => run('close-day', zNumber),

    tick() {
      const settings = options.settings();
      if (stopped || !settings) return Promise.resolve(null);
      const now = localTime(clock.now(), journal.businessDay.timeZone);
      if (now.hour < settings.hour) return Promise.resolve(null);
      dailyDoneFor ??= lastBackupDay(settings.folder, journal, settings.hour);
      if (dailyDoneFor === now.date) return Promise.resolve(null);
      dailyDoneFor = now.date;
      return run('daily');
    },

    last: () => last,

    failure: () => (last && !last.ok ? { at: last.at, trigger: last.trigger, code: last.error.code } : null),

    onResult(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
  return schedule;
}

/** The shop's local date and hour of an instant (its calendar day: a backup hour ignores the cut-off). */
function localTime(ms: number, timeZone: string): { date: string; hour: number } {
  const clock = wallClockOf(ms, timeZone);
  return { date: formatDay(Date.UTC(clock.year, clock.month - 1, clock.day)), hour: clock.hour };
}

/**
 * The local day of the newest backup already in the folder taken at or after the hour, so a
 * restarted app does not take the day's backup twice. Null when the folder cannot be read.
 */
function lastBackupDay(folder: string, journal: Journal, hour: number): string | null {
  try {
    const days = readdirSync(folder)
      .map((name) => parseBackupFileName(name))
      .filter((b) => b?.environment === journal.environment)
      .map((b) => localTime((b as NonNullable<typeof b>).takenAt.getTime(), journal.businessDay.timeZone))
      .filter((t) => t.hour >= hour)
      .map((t) => t.date)
      .sort();
    return days.at(-1) ?? null;
  } catch {
    return null;
  }
}
