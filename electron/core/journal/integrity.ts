import type Database from 'better-sqlite3';
import { faultCodeOf } from './sqlite-errors.ts';

/**
 * Whether SQLite finds the file itself sound: pages, b-trees, and (integrity_check only) that
 * every index holds exactly its table's rows. The hash chain cannot see a damaged index, and a
 * damaged index is what turns a sale into SQLite's "database disk image is malformed".
 *
 * - quick_check runs when a journal opens (database.ts): O(file size), no index cross-check.
 * - integrity_check runs in `journal verify` (verify.ts): slower, and it also matches each index
 *   against its table.
 */
export type IntegrityResult = { ok: true } | { ok: false; problems: string[] };

export type IntegrityCheck = 'quick_check' | 'integrity_check';

/** SQLite stops after this many problems; the first few are what a person or support needs. */
const SQLITE_MAX_ERRORS = 100;
const MAX_PROBLEMS = 20;

export function checkIntegrity(db: Database.Database, check: IntegrityCheck): IntegrityResult {
  let lines: string[];
  try {
    lines = (db.prepare(`PRAGMA ${check}(${SQLITE_MAX_ERRORS})`).pluck().all() as string[]).flatMap((text) => String(text).split('\n'));
  } catch (error) {
    // integrity_check itself stops with SQLITE_CORRUPT on some damage (an index it cannot walk);
    // quick_check, which does not read indexes through their tables, usually still lists it.
    if (faultCodeOf(error) !== 'corrupt') throw error;
    const problems = [`${check} stopped: ${(error as Error).message}`];
    if (check === 'integrity_check') {
      const quick = checkIntegrity(db, 'quick_check');
      if (!quick.ok) problems.push(...quick.problems);
    }
    return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  }
  if (lines.length === 1 && lines[0] === 'ok') return { ok: true };
  // "*** in database main ***" is a heading, not a problem. One damaged page orphans every page
  // under it ("Page 31: never used", dozens of lines): the consequence, summed up in one line
  // after the causes ("wrong # of entries in index ...").
  const problems = lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('*** in database'));
  const orphans = problems.filter((line) => / never used$/.test(line));
  const causes = problems.filter((line) => !/ never used$/.test(line));
  if (orphans.length > 0) causes.push(`${orphans.length} page(s) no longer reachable (${orphans[0]}${orphans.length > 1 ? ', ...' : ''})`);
  return { ok: false, problems: causes.slice(0, MAX_PROBLEMS) };
}
