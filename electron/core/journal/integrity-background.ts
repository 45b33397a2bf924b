import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { checkIntegrity, type IntegrityCheck, type IntegrityResult } from './integrity.ts';
import { workerUrl } from '../worker-url.ts';

/**
 * Runs an integrity check of `file` on a worker thread (integrity-worker.ts). Where a worker
 * cannot start (a bundle without the worker's file), the check runs on `db`, on this thread:
 * slower to answer, never skipped.
 */
export function checkIntegrityInBackground(
  file: string,
  db: Database.Database,
  check: IntegrityCheck = 'quick_check',
  signal?: AbortSignal,
): Promise<IntegrityResult | 'cancelled'> {
  return new Promise<IntegrityResult | 'cancelled'>((resolve, reject) => {
    const onThisThread = () => {
      try {
        resolve(checkIntegrity(db, check));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    let worker: Worker;
    try {
      worker = new Worker(workerUrl(import.meta.url, './integrity-worker.ts', 'integrity-worker'), { workerData: { file, check } });
    } catch {
      onThisThread();
      return;
    }
    let answered = false;
    // The journal is closing (the till quits, the CLI is done): a check of seconds must not keep the process alive.
    signal?.addEventListener(
      'abort',
      () => {
        if (answered) return;
        answered = true;
        void worker.terminate();
        resolve('cancelled');
      },
      { once: true },
    );
    worker.once('message', (message: { result?: IntegrityResult; error?: string }) => {
      answered = true;
      void worker.terminate();
      if (message.result) resolve(message.result);
      else onThisThread();
    });
    worker.once('error', () => {
      if (!answered) onThisThread();
      answered = true;
    });
    worker.once('exit', () => {
      if (!answered) onThisThread();
      answered = true;
    });
  });
}
