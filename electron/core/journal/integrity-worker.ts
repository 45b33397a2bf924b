import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkIntegrity, type IntegrityCheck } from './integrity.ts';

/**
 * journal.checkIntegrity() on a second thread (integrity-background.ts): quick_check of a
 * million-session journal reads the whole file, seconds the main thread (the app's IPC, the
 * payment engine) must not spend blocked. Its own read-only connection sees what was committed.
 */
const { file, check } = workerData as { file: string; check: IntegrityCheck };
const port = parentPort;
if (!port) throw new Error('integrity-worker runs as a worker thread only');
const db = new Database(file, { readonly: true, fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  port.postMessage({ result: checkIntegrity(db, check) });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  db.close();
}
