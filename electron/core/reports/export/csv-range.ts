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
 * CSV text on its own, so memory holds a few slices at most, never the range. Turning rows into
 * CSV costs about as much as reading them, so a second thread (csv-worker.ts,
 * with its own read-only connection) takes every other slice while this one does the rest;
 * slices are written to `out` strictly in order. If the worker cannot start or fails, its
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
  /** Use the second thread (default true). */
  parallel?: boolean;
  logger?: Logger;
}

/** Slices the worker may have computed ahead of the writer. */
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
  // Slice 0 carries the header and is always done here; the worker takes the odd ones.
  const helper = input.parallel !== false && slices.length > 1 ? startHelper(journal.file, timeZone, pageSize, input.logger) : null;
  const pending = new Map<number, Promise<SliceResult>>();
  let nextForHelper = 1;
  const requestAhead = () => {
    while (helper && !helper.failed && nextForHelper < slices.length && pending.size < AHEAD) {
      const result = helper.compute(nextForHelper, slices[nextForHelper] as DayRange);
      // Awaited in order below (falling back to this thread on failure); never left unhandled.
      result.catch(() => {});
      pending.set(nextForHelper, result);
      nextForHelper += 2;
    }
  };

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
    await helper?.close();
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
  compute(id: number, slice: DayRange): Promise<SliceResult>;
  close(): Promise<void>;
}

function startHelper(file: string, timeZone: string, pageSize: number, logger: Logger | undefined): Helper {
  const waiting = new Map<number, { resolve: (result: SliceResult) => void; reject: (error: Error) => void }>();
  let failed = false;
  const failAll = (error: Error) => {
    if (!failed) logger?.warn('csv export: the second thread failed; continuing on one', { error: error.message });
    failed = true;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  let worker: Worker;
  try {
    worker = new Worker(workerUrl(import.meta.url, './csv-worker.ts', 'csv-worker'), { workerData: { file, timeZone, pageSize } });
  } catch (error) {
    failAll(error instanceof Error ? error : new Error(String(error)));
    return { failed: true, compute: () => Promise.reject(new Error('no worker')), close: async () => {} };
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
    compute(id, slice) {
      if (failed) return Promise.reject(new Error('the export worker has failed'));
      return new Promise<SliceResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, ...slice });
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
