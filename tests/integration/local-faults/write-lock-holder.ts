/**
 * Run by local-faults.test.ts as a second process: takes SQLite's write lock on the journal
 * (BEGIN IMMEDIATE) as another program would, says "locked", and holds it until a line arrives
 * on stdin; then commits, says "released" and ends. A second process, not a second connection in
 * the test process, because the engine's busy wait blocks its whole process for busy_timeout.
 */
import Database from 'better-sqlite3';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: write-lock-holder.ts <journal file>');
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
process.stdin.once('data', () => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\n');
  process.exit(0);
});
