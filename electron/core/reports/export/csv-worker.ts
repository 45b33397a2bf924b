import { parentPort, workerData } from 'node:worker_threads';
// The reader's own file, not the journal's index: a worker starts faster loading only what it uses.
import { openJournalReader } from '../../journal/reader.ts';
import { csvSlice, pagesOf } from './csv-format.ts';

/**
 * A worker thread of a long CSV export (csv-range.ts): reads its slices of days through its own
 * read-only connection and sends back their CSV bytes (the buffer itself, not a copy), one slice
 * at a time, in request order.
 */
interface Job {
  id: number;
  fromDay: string;
  toDay: string;
  /** The export's first slice: it carries the byte-order mark and the header. */
  first: boolean;
}

const { file, timeZone, pageSize } = workerData as { file: string; timeZone: string; pageSize: number };
const port = parentPort;
if (!port) throw new Error('csv-worker runs as a worker thread only');
const reader = openJournalReader(file);
let queue = Promise.resolve();

port.on('message', (job: Job) => {
  queue = queue.then(async () => {
    try {
      const { bytes, rows } = await csvSlice({ nextPage: pagesOf(reader, job.fromDay, job.toDay, pageSize), timeZone, first: job.first });
      // A slice's own buffer (Buffer.from(text) of a large text is not pooled): moved, not copied.
      port.postMessage({ id: job.id, rows, bytes }, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : []);
    } catch (error) {
      port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
