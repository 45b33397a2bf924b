import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DAY_MS, formatDay, parseDay } from '../../../domain/business-day.ts';
import type { Journal } from '../../journal/index.ts';
import type { Logger } from '../../logger.ts';
import { workerUrl } from '../../worker-url.ts';
import { csvSlice, pagesOf, type CsvProgress } from './csv-format.ts';

/**
 * A long CSV export (a year: a few hundred thousand sessions) streamed into `out`.
 *
 * The range is cut into slices of a few days. Each slice is read page by page and turned into
 * CSV bytes on its own, so memory holds a few slices at most, never the range. Turning rows into
 * CSV costs more than writing them, so every core the machine gives (availableParallelism) makes
 * slices: worker threads (csv-worker.ts, each with its own read-only connection) on all but one,
 * and this thread, which writes them to `out` strictly in order and makes the next free slice
 * whenever the one it must write next is not ready (a worker starting up, or its core busy with
 * something else). One worker per core was measured slower on a busy 2-core machine than one
 * thread alone: the writer's core sat idle waiting. If a worker cannot start or fails, its
 * slices are done here instead: slower, same bytes.
 */
export interface CsvRangeExport {
  journal: Journal;
  fromDay: string;
  toDay: string;
  out: Writable;
  timeZone: string;
  total: number;
  onProgress?: (progress: CsvProgress) => void;
  /** Report progress when at least this many rows were written since the last report (default 10,000), and at the end. */
  progressEvery?: number;
  /** Sessions read per page (default 2,000). */
  pageSize?: number;
  /** Business days per slice (default 7). */
  daysPerSlice?: number;
  /** Make the slices on worker threads (default true); false: all on this thread. */
  parallel?: boolean;
  /** Worker threads besides this one (default: availableParallelism() - 1, at least 1; at most one per slice). */
  threads?: number;
  logger?: Logger;
}

/** Slices each worker may have made ahead of the writer. */
const AHEAD = 2;

interface SliceResult {
  bytes: Uint8Array;
  rows: number;
}

export async function exportCsvRange(input: CsvRangeExport): Promise<{ rows: number }> {
  const { journal, out, timeZone } = input;
  const pageSize = input.pageSize ?? 2_000;
  const every = input.progressEvery ?? 10_000;
  const slices = sliceDays(input.fromDay, input.toDay, input.daysPerSlice ?? 7);
  const inline = (index: number): Promise<SliceResult> => {
    const slice = slices[index] as DayRange;
    return csvSlice({ nextPage: pagesOf(journal, slice.fromDay, slice.toDay, pageSize), timeZone, first: index === 0 });
  };
  const threads = input.parallel === false ? 0 : Math.min(input.threads ?? Math.max(1, availableParallelism() - 1), slices.length);
  const helpers = Array.from({ length: threads }, () => startHelper(journal.file, timeZone, pageSize, input.logger));
  const pending = new Map<number, Promise<SliceResult>>();
  let nextToRequest = 0;
  const requestAhead = () => {
    while (nextToRequest < slices.length) {
      // The least busy worker still running, if it has room.
      const helper = helpers.filter((h) => !h.failed).sort((a, b) => a.waiting - b.waiting)[0];
      if (!helper || helper.waiting >= AHEAD) return;
      const id = nextToRequest;
      const result = helper.compute(id, slices[id] as DayRange, id === 0);
      // Awaited in order below (falling back to this thread on failure); never left unhandled.
      result.then(
        () => settled.add(id),
        () => settled.add(id),
      );
      pending.set(id, result);
      nextToRequest += 1;
    }
  };
  const settled = new Set<number>();

  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure ??= error;
  };
  out.on('error', onError);
  let rows = 0;
  let reported = 0;
  try {
    requestAhead();
    for (let index = 0; index < slices.length; index += 1) {
      // While the worker making this slice is not done (starting up, or its core is busy), this
      // thread makes the next slice nobody has taken, then lets the workers' answers in: the
      // export is never slower than on one thread, and memory holds a bounded number of slices.
      while (pending.has(index) && !settled.has(index) && nextToRequest < slices.length && pending.size < AHEAD * (helpers.length + 1)) {
        const stolen = nextToRequest;
        nextToRequest += 1;
        // inline() does its work before it returns: the slice is made.
        pending.set(stolen, inline(stolen));
        settled.add(stolen);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const requested = pending.get(index);
      pending.delete(index);
      const result = requested ? await requested.catch(() => inline(index)) : await inline(index);
      requestAhead();
      rows += result.rows;
      if (failure) throw failure;
      if (!out.write(result.bytes)) await drained(out);
      if (failure) throw failure;
      if (rows - reported >= every) {
        reported = rows;
        input.onProgress?.({ rows, total: Math.max(input.total, rows) });
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (failure) throw failure;
  } catch (error) {
    out.destroy();
    throw error;
  } finally {
    out.off('error', onError);
    await Promise.all(helpers.map((helper) => helper.close()));
  }
  if (reported !== rows || rows === 0) input.onProgress?.({ rows, total: Math.max(input.total, rows) });
  return { rows };
}

interface DayRange {
  fromDay: string;
  toDay: string;
}

/** [fromDay, toDay] in runs of `days` calendar days. */
export function sliceDays(fromDay: string, toDay: string, days: number): DayRange[] {
  const slices: DayRange[] = [];
  const end = parseDay(toDay) ?? Number.NaN;
  for (let start = parseDay(fromDay) ?? Number.NaN; start <= end; start += days * DAY_MS) {
    const last = Math.min(start + (days - 1) * DAY_MS, end);
    slices.push({ fromDay: formatDay(start), toDay: formatDay(last) });
  }
  return slices;
}

interface Helper {
  readonly failed: boolean;
  /** Slices asked of it and not answered yet. */
  readonly waiting: number;
  compute(id: number, slice: DayRange, first: boolean): Promise<SliceResult>;
  close(): Promise<void>;
}

function startHelper(file: string, timeZone: string, pageSize: number, logger: Logger | undefined): Helper {
  const waiting = new Map<number, { resolve: (result: SliceResult) => void; reject: (error: Error) => void }>();
  let failed = false;
  const failAll = (error: Error) => {
    if (!failed) logger?.warn('csv export: a worker thread failed; its slices are made on the main thread', { error: error.message });
    failed = true;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  let worker: Worker;
  try {
    worker = new Worker(workerUrl(import.meta.url, './csv-worker.ts', 'csv-worker'), { workerData: { file, timeZone, pageSize } });
  } catch (error) {
    failAll(error instanceof Error ? error : new Error(String(error)));
    return { failed: true, waiting: 0, compute: () => Promise.reject(new Error('no worker')), close: async () => {} };
  }
  worker.on('message', (message: { id: number; rows?: number; bytes?: Uint8Array; error?: string }) => {
    const waiter = waiting.get(message.id);
    if (!waiter) return;
    waiting.delete(message.id);
    if (message.error !== undefined || message.bytes === undefined || message.rows === undefined) waiter.reject(new Error(message.error ?? 'empty answer'));
    else waiter.resolve({ bytes: message.bytes, rows: message.rows });
  });
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the export worker stopped')));
  return {
    get failed() {
      return failed;
    },
    get waiting() {
      return waiting.size;
    },
    compute(id, slice, first) {
      if (failed) return Promise.reject(new Error('the export worker has failed'));
      return new Promise<SliceResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, first, ...slice });
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
      await worker.terminate();
    },
  };
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('error', done);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('The export file was closed before the export finished.'));
    out.once('drain', onDrain);
    out.once('error', done);
    out.once('close', onClose);
  });
}
