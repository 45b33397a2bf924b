/**
 * Run by write-ahead.test.ts as a separate process that gets SIGKILLed: it journals a session
 * the way the engine does before sending it, says so, then (optionally) starts a large import
 * and waits to be killed without ever calling close().
 */
import { openJournal } from '../../../electron/core/journal/database.ts';
import { seedJournal, seededRandom } from '../../support/seed.ts';

const [dataDir, sessionId, mode] = process.argv.slice(2);
if (!dataDir || !sessionId) throw new Error('usage: write-ahead-child.ts <dataDir> <sessionId> [import]');

const journal = openJournal({ dataDir, environment: 'production', businessDay: { timeZone: 'Europe/Athens', cutoffHour: 4 } });
journal.createSession({
  sessionId,
  kind: 'sale',
  amount: 4250,
  currency: 'EUR',
  terminalId: '16000010',
  cashRegisterId: 'POS01',
  merchantReference: 'write-ahead',
});
journal.append(sessionId, { type: 'dispatching' });
process.stdout.write('written\n');

if (mode === 'import') {
  // Transactions of 5,000 sessions (about half a second each), reported as they commit, so the
  // parent can kill this process in the middle of the next one.
  seedJournal(journal, {
    sessions: 200_000,
    days: 30,
    terminals: 2,
    startMs: Date.UTC(2025, 0, 1),
    random: seededRandom(3),
    batchSize: 5_000,
    onProgress: (written) => process.stdout.write(`committed ${written}\n`),
  });
  process.stdout.write('imported\n');
}
setInterval(() => {}, 1000);
