import { parentPort } from 'node:worker_threads';
import { openJournal, type Journal, type JournalEnvironment } from '../journal/index.ts';
import { isHeadOfficeError } from './errors.ts';
import { pushJournal, type PushResult } from './push.ts';
import type { TillIdentity } from './till-identity.ts';

/**
 * The app's background push on a thread of its own (background-push.ts): its own read-only
 * connection to the journal file (it sees what committed transactions wrote) and its own
 * connection to the head office, so reading, hashing and sending batches never runs on the
 * thread that takes payments.
 */
export interface PushRequest {
  id: number;
  dataDir: string;
  environment: JournalEnvironment;
  /** With the password, if any: it stays in this process's memory. */
  url: string;
  identity: TillIdentity;
  batchSize?: number;
}

export type PushReply = { id: number; result: PushResult } | { id: number; error: { code: string; message: string } };

const port = parentPort;
if (!port) throw new Error('push-worker runs as a worker thread only');
let open: { key: string; journal: Journal } | undefined;

function journalFor(request: PushRequest): Journal {
  const key = `${request.dataDir}\u0000${request.environment}`;
  if (open?.key !== key) {
    open?.journal.close();
    open = { key, journal: openJournal({ dataDir: request.dataDir, environment: request.environment, readOnly: true }) };
  }
  return open.journal;
}

port.on('message', (message: PushRequest | 'close') => {
  if (message === 'close') {
    open?.journal.close();
    open = undefined;
    port.close();
    return;
  }
  void (async () => {
    let reply: PushReply;
    try {
      const result = await pushJournal({
        journal: journalFor(message),
        url: message.url,
        identity: message.identity,
        ...(message.batchSize ? { batchSize: message.batchSize } : {}),
      });
      reply = { id: message.id, result };
    } catch (error) {
      const code = isHeadOfficeError(error) ? error.code : ((error as { code?: unknown } | null)?.code === 'not-found' ? 'journal-missing' : 'internal');
      reply = { id: message.id, error: { code, message: error instanceof Error ? error.message : String(error) } };
    }
    port.postMessage(reply);
  })();
});
